import cliProgress from 'cli-progress';

/**
 * A bar on a terminal (started on the first batch, so an already seeded database shows none);
 * otherwise a plain line every 10% and at the end, fit for logs.
 */
export function progressReporter(label: string, total: number): { update(done: number): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} {bar} {percentage}% | {value}/{total} | ETA {eta}s`, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done) {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let lastTenth = 0;
  return {
    update(done) {
      const tenth = Math.floor((done * 10) / total);
      if (tenth > lastTenth || done === total) {
        lastTenth = tenth;
        console.log(`${label}: ${done}/${total}`);
      }
    },
    stop() {},
  };
}
