import type { Benchmark } from './harness/benchmark.js';
import { parseBenchmark } from './parse/parse-bench.js';
import { serverBenchmark } from './server/server-bench.js';

/** Every scenario of `npm run bench`, run in this order when none is named. */
const BENCHMARKS: readonly Benchmark[] = [parseBenchmark, serverBenchmark];

function usage(): string {
  return ['Usage: npm run bench [-- <name>...]', ...BENCHMARKS.map((benchmark) => `  ${benchmark.name.padEnd(8)} ${benchmark.summary}`)].join('\n');
}

async function main(names: readonly string[]): Promise<number> {
  if (names.includes('--help') || names.includes('-h')) {
    console.log(usage());
    return 0;
  }
  const unknown = names.filter((name) => !BENCHMARKS.some((benchmark) => benchmark.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark: ${unknown.join(', ')}\n${usage()}`);
    return 2;
  }
  const selected = names.length === 0 ? BENCHMARKS : BENCHMARKS.filter((benchmark) => names.includes(benchmark.name));
  for (const benchmark of selected) await benchmark.run();
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
