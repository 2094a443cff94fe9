import { formatMarkdownTable, type TableColumn } from '../harness/format-markdown-table.js';
import type { TimingSummary } from '../harness/summarize-samples.js';
import type { ParseInput } from './parse-inputs.js';

export interface ParseResult {
  readonly input: ParseInput;
  readonly ours: TimingSummary;
  readonly oursParseOnly: TimingSummary;
  readonly theirs: { readonly kind: 'timed'; readonly timing: TimingSummary } | { readonly kind: 'rejected'; readonly reason: string };
}

export interface ReportContext {
  readonly longFilter: ParseInput;
  readonly machine: string;
  readonly date: Date;
}

/** Targets to report against; nothing asserts them. */
const TYPICAL_RATIO_TARGET = 5;
const LONG_FILTER_TARGET_MS = 10;

const COLUMNS: readonly TableColumn[] = [
  { header: 'Input', align: 'left' },
  { header: 'Query chars', align: 'right' },
  { header: 'ours mean µs', align: 'right' },
  { header: 'ours p99 µs', align: 'right' },
  { header: 'ours ops/s', align: 'right' },
  { header: 'parse only µs', align: 'right' },
  { header: 'odata-v4-parser mean µs', align: 'right' },
  { header: 'odata-v4-parser p99 µs', align: 'right' },
  { header: 'ratio', align: 'right' },
  { header: 'parse-only ratio', align: 'right' },
];

function micros(ns: number): string {
  const us = ns / 1000;
  return us.toLocaleString('en-US', { maximumFractionDigits: us < 10 ? 2 : us < 100 ? 1 : 0, minimumFractionDigits: us < 10 ? 2 : us < 100 ? 1 : 0 });
}

/** odata-v4-parser's mean over ours: the whole front half, or (`parseOnly`) our parser alone. */
function ratioOf(result: ParseResult, parseOnly = false): number | null {
  const mine = parseOnly ? result.oursParseOnly : result.ours;
  return result.theirs.kind === 'timed' ? result.theirs.timing.meanNs / mine.meanNs : null;
}

function times(ratio: number | null): string {
  return ratio === null ? '—' : `${ratio.toFixed(1)}×`;
}

function row(result: ParseResult): string[] {
  const { input, ours, theirs } = result;
  return [
    input.name,
    input.query.length.toLocaleString('en-US'),
    micros(ours.meanNs),
    micros(ours.p99Ns),
    Math.round(ours.opsPerSecond).toLocaleString('en-US'),
    micros(result.oursParseOnly.meanNs),
    theirs.kind === 'timed' ? micros(theirs.timing.meanNs) : 'rejected',
    theirs.kind === 'timed' ? micros(theirs.timing.p99Ns) : '—',
    times(ratioOf(result)),
    times(ratioOf(result, true)),
  ];
}

function geometricMean(values: readonly number[]): number {
  return Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);
}

function summaryLines(results: readonly ParseResult[], longFilter: ParseInput): string[] {
  const typical = results.filter((result) => result.input !== longFilter);
  const lines: string[] = [];
  for (const [what, parseOnly] of [['parse + plan + sql', false], ['parse only', true]] as const) {
    const ratios = typical.map((result) => ratioOf(result, parseOnly)).filter((ratio): ratio is number => ratio !== null);
    if (ratios.length === 0) continue;
    const lowest = Math.min(...ratios);
    lines.push(
      `- Typical requests, ${what}, ${ratios.length} timed on both sides: ${geometricMean(ratios).toFixed(1)}× faster (geometric mean), ` +
        `${lowest.toFixed(1)}× at the least — target ≥ ${TYPICAL_RATIO_TARGET}×: ${lowest >= TYPICAL_RATIO_TARGET ? 'met on every input' : 'NOT met on every input'}.`,
    );
  }
  const long = results.find((result) => result.input === longFilter);
  if (long !== undefined) {
    const meanMs = long.ours.meanNs / 1e6;
    const p99Ms = long.ours.p99Ns / 1e6;
    lines.push(
      `- ${longFilter.name}: ours ${meanMs.toFixed(2)} ms mean, ${p99Ms.toFixed(2)} ms p99 — target well under ${LONG_FILTER_TARGET_MS} ms: ` +
        `${p99Ms < LONG_FILTER_TARGET_MS ? 'met' : 'NOT met'}.`,
    );
  }
  const rejected = results.filter((result) => result.theirs.kind === 'rejected');
  const reasons = rejected.map((result) => `${result.input.name} (${result.theirs.kind === 'rejected' ? result.theirs.reason : ''})`);
  lines.push(`- odata-v4-parser rejected ${rejected.length} of ${results.length} inputs${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}.`);
  return lines;
}

/** The parse benchmark's Markdown report: what was measured, the table, and the targets. */
export function formatParseReport(results: readonly ParseResult[], context: ReportContext): string {
  const samples = results.map((result) => result.ours.samples);
  return [
    `# Parse benchmark, ${context.date.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${context.machine}.`,
    '',
    '- ours: `parseRequest` + `planRead` + `compileRead` over the demo model (path and query in, SQL out).',
    '- parse only: `parseRequest` alone (path and query), timed in the same rounds.',
    '- odata-v4-parser: `query()` on the same query string only: no path, no binding, no SQL.',
    `- Each operation timed on its own; the contenders alternate in rounds of about 4 ms each (order reversed every other round), ` +
      `${Math.min(...samples).toLocaleString('en-US')}–${Math.max(...samples).toLocaleString('en-US')} samples per cell; p99 includes GC pauses. ` +
      'ratio = odata-v4-parser mean ÷ ours mean; parse-only ratio = odata-v4-parser mean ÷ parse-only mean.',
    '',
    formatMarkdownTable(COLUMNS, results.map(row)),
    '',
    ...summaryLines(results, context.longFilter),
  ].join('\n');
}
