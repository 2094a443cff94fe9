/**
 * What a run has started, stopped in reverse order: at the end, on failure, or on Ctrl-C / SIGTERM.
 * A step that fails is reported and the others still run.
 */
export class Teardown {
  readonly #steps: { readonly name: string; readonly stop: () => Promise<void> }[] = [];

  defer(name: string, stop: () => Promise<void>): void {
    this.#steps.push({ name, stop });
  }

  /** Runs every step not run yet, newest first. */
  async run(): Promise<void> {
    for (let step = this.#steps.pop(); step !== undefined; step = this.#steps.pop()) {
      try {
        await step.stop();
      } catch (error) {
        process.stderr.write(`could not stop ${step.name}: ${String(error)}\n`);
      }
    }
  }

  /** Until the returned function is called, SIGINT and SIGTERM run the teardown and exit with 130. */
  onSignals(): () => void {
    const handler = (signal: NodeJS.Signals): void => {
      process.stderr.write(`\n${signal}: stopping everything this run started\n`);
      void this.run().finally(() => process.exit(130));
    };
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  }
}
