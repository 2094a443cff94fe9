/** A named scenario of `npm run bench`: prints its own report and writes it under `bench/results/`. */
export interface Benchmark {
  readonly name: string;
  readonly summary: string;
  readonly run: () => Promise<void>;
}
