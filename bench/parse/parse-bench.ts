import { query } from 'odata-v4-parser';
import type { EdmModel } from '../../src/model/edm-model.js';
import { parseRequest } from '../../src/parse/parse-request.js';
import { planRead } from '../../src/plan/plan-read.js';
import type { ReadOptions } from '../../src/plan/read-options.js';
import { compileRead } from '../../src/sql/compile-read.js';
import type { Benchmark } from '../harness/benchmark.js';
import { describeMachine } from '../harness/describe-machine.js';
import { measureAlternating, type Contender } from '../harness/measure-alternating.js';
import { summarizeSamples } from '../harness/summarize-samples.js';
import { writeResultFile } from '../harness/write-result-file.js';
import { demoModel } from './demo-model.js';
import { formatParseReport, type ParseResult } from './format-parse-report.js';
import { keyOrChain, typicalInputs, type ParseInput } from './parse-inputs.js';

/** The service's defaults (DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) and a plain `Accept: application/json`. */
const READ_OPTIONS: ReadOptions = { metadata: 'minimal', ieee754Compatible: false, maxPageSizePreference: undefined, defaultPageSize: 1000, maxPageSize: 5000, skipTokenSecret: 'bench-secret-bench-secret-bench-secret',
  tracking: { requested: false, retentionMs: 7 * 86_400_000, now: 0, v401: false } };

const LONG_FILTER_BYTES = 10 * 1024;

/** Our front half as `handleOData` runs it: parse → plan → sql. */
function ours(input: ParseInput, model: EdmModel): Contender {
  return { name: 'odata-facade', run: () => compileRead(planRead(parseRequest(input), model, READ_OPTIONS).query) };
}

/** Our parser alone, for the parser-to-parser ratio. */
function oursParseOnly(input: ParseInput): Contender {
  return { name: 'odata-facade parse', run: () => parseRequest(input) };
}

/** odata-v4-parser on the same query string; it parses syntax only (no path, no binding, no SQL). */
function theirs(input: ParseInput): Contender {
  return { name: 'odata-v4-parser', run: () => query(input.query) };
}

/** Why odata-v4-parser refuses the input, or `null` when it parses it. */
function rejection(input: ParseInput): string | null {
  try {
    query(input.query);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function measure(input: ParseInput, model: EdmModel): ParseResult {
  const mine = ours(input, model);
  try {
    mine.run();
  } catch (error) {
    throw new Error(`Benchmark input '${input.name}' fails in our pipeline; fix the input`, { cause: error });
  }
  const rejected = rejection(input);
  const contenders = [mine, oursParseOnly(input), ...(rejected === null ? [theirs(input)] : [])];
  const [ourSamples = [], parseSamples = [], theirSamples = []] = measureAlternating(contenders);
  return {
    input,
    ours: summarizeSamples(ourSamples),
    oursParseOnly: summarizeSamples(parseSamples),
    theirs: rejected === null ? { kind: 'timed', timing: summarizeSamples(theirSamples) } : { kind: 'rejected', reason: rejected },
  };
}

async function runParseBench(): Promise<void> {
  const model = demoModel();
  const longFilter = keyOrChain(LONG_FILTER_BYTES);
  const results: ParseResult[] = [];
  for (const input of [...typicalInputs, longFilter]) {
    process.stderr.write(`parse: ${input.name}\n`);
    results.push(measure(input, model));
  }
  const report = formatParseReport(results, { longFilter, machine: describeMachine(), date: new Date() });
  console.log(report);
  console.log(`\nWritten to ${await writeResultFile('parse', report)}`);
}

export const parseBenchmark: Benchmark = {
  name: 'parse',
  summary: 'parseRequest + planRead + compileRead against odata-v4-parser on the same query strings',
  run: runParseBench,
};
