/** Per-operation timing in nanoseconds. */
export interface TimingSummary {
  readonly samples: number;
  readonly meanNs: number;
  readonly p99Ns: number;
  readonly opsPerSecond: number;
}

export function summarizeSamples(samplesNs: readonly number[]): TimingSummary {
  if (samplesNs.length === 0) throw new Error('No samples to summarize');
  const sorted = [...samplesNs].sort((a, b) => a - b);
  const meanNs = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  const p99Ns = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] as number;
  return { samples: sorted.length, meanNs, p99Ns, opsPerSecond: 1e9 / meanNs };
}
