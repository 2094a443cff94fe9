/** One side of a comparison: a thunk doing one operation. Its result is kept so it is not optimised away. */
export interface Contender {
  readonly name: string;
  readonly run: () => unknown;
}

export interface MeasureOptions {
  /** Time spent running each contender before measuring. */
  readonly warmupMs: number;
  /** Each contender runs this long per round, one timed operation after another. */
  readonly batchMs: number;
  readonly minRounds: number;
  /** Rounds go on until every contender has this many samples, or `maxMs` is spent. */
  readonly minSamples: number;
  readonly maxMs: number;
}

export const defaultMeasureOptions: MeasureOptions = { warmupMs: 250, batchMs: 4, minRounds: 50, minSamples: 2000, maxMs: 5000 };

function nowNs(): number {
  return Number(process.hrtime.bigint());
}

/** Runs `run` for about `ms`, keeping its last result in `kept`; returns the mean nanoseconds per operation. */
function runFor(run: () => unknown, ms: number, kept: unknown[]): number {
  const start = nowNs();
  const end = start + ms * 1e6;
  let count = 0;
  let now = start;
  while (now < end) {
    kept[0] = run();
    count++;
    now = nowNs();
  }
  return (now - start) / count;
}

/**
 * Times every operation of every contender, in rounds that alternate the contenders (and reverse
 * their order every other round) so that drift, GC and JIT phases fall on all of them alike.
 * Returns nanoseconds per operation, one array per contender in the order given.
 */
export function measureAlternating(contenders: readonly Contender[], options: MeasureOptions = defaultMeasureOptions): number[][] {
  // Results land in an array the caller never sees, which the JIT cannot prove dead.
  const kept: unknown[] = [undefined];
  const batches = contenders.map((contender) => {
    runFor(contender.run, options.warmupMs / 2, kept);
    const estimate = runFor(contender.run, options.warmupMs / 2, kept);
    return Math.max(1, Math.round((options.batchMs * 1e6) / estimate));
  });
  const samples = contenders.map(() => [] as number[]);
  const forward = [...contenders.keys()];
  const backward = [...forward].reverse();
  const deadline = nowNs() + options.maxMs * 1e6;
  for (let round = 0; ; round++) {
    const enough = samples.every((list) => list.length >= options.minSamples);
    if (round >= options.minRounds && (enough || nowNs() > deadline)) break;
    for (const index of round % 2 === 0 ? forward : backward) {
      const { run } = contenders[index] as Contender;
      const list = samples[index] as number[];
      for (let left = batches[index] as number; left > 0; left--) {
        const start = process.hrtime.bigint();
        kept[0] = run();
        list.push(Number(process.hrtime.bigint() - start));
      }
    }
  }
  return samples;
}
