/** Times pipeline stages by name, for the `Server-Timing` header and the debug log. */
export interface StageTimer {
  time<T>(stage: string, work: () => T): T;
  timeAsync<T>(stage: string, work: () => Promise<T>): Promise<T>;
  readonly entries: readonly { readonly stage: string; readonly ms: number }[];
}

export function newStageTimer(): StageTimer {
  const entries: { stage: string; ms: number }[] = [];
  return {
    entries,
    time(stage, work) {
      const start = performance.now();
      try {
        return work();
      } finally {
        entries.push({ stage, ms: performance.now() - start });
      }
    },
    async timeAsync(stage, work) {
      const start = performance.now();
      try {
        return await work();
      } finally {
        entries.push({ stage, ms: performance.now() - start });
      }
    },
  };
}

export function serverTiming(timer: StageTimer): string {
  return timer.entries.map((entry) => `${entry.stage};dur=${entry.ms.toFixed(1)}`).join(', ');
}
