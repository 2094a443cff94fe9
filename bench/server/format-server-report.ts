import type { TargetSummary } from './compare-targets.js';
import { cpuPerRequestMs, formatCpuSplitTable, formatServerTable, significant } from './format-server-table.js';
import type { Probe } from './probe-request.js';
import { isServed, type RunContext, type ScenarioRun } from './server-results.js';
import { DEEP_PAGE } from './server-scenarios.js';

/** Targets to report against; nothing asserts them. */
const THROUGHPUT_TARGET = 0.8;
const CPU_TARGET = 1.5;
const DEEP_PAGE_TARGET = 1.2;
const RSS_TARGET_MB = 200;
const TARGET_CONNECTIONS = 32;

function verdict(met: boolean): string {
  return met ? 'met' : 'NOT met';
}

function describeProbe(probe: Probe): string {
  return `${probe.status}, ${probe.rows.toLocaleString('en-US')} rows, ${significant(probe.bytes / 1024)} KB`;
}

function scenarioLines(results: readonly ScenarioRun[]): string[] {
  return results.map((result) => {
    const { scenario } = result;
    const headers = Object.entries(scenario.service.headers).map(([name, value]) => ` with \`${name}: ${value}\``).join('');
    const paths = scenario.service.paths.length > 1 ? ` (and ${scenario.service.paths.length - 1} more keys)` : '';
    const floors = scenario.floors.map((variant, index) => {
      const probe = result.floorProbes[index] as Probe;
      return `floor${variant.label === '' ? '' : ` ${variant.label}`} \`${variant.request.paths[0] ?? ''}\` → ${describeProbe(probe)}`;
    });
    return `- ${scenario.title}: \`GET ${scenario.service.paths[0] ?? ''}\`${paths}${headers} → ${describeProbe(result.serviceProbe)}; ${floors.join('; ')}.`;
  });
}

/** Pairs of (scenario label, service, floor) at the target concurrency, served scenarios only. */
function pairsAt(results: readonly ScenarioRun[], connections: number): { label: string; service: TargetSummary; floor: TargetSummary }[] {
  return results.flatMap((result) => {
    const run = result.runs.find((candidate) => candidate.connections === connections);
    if (run?.service === undefined) return [];
    const service = run.service;
    return result.scenario.floors.map((variant, index) => ({
      label: `${result.scenario.short}${variant.label === '' ? '' : ` ${variant.label}`}`,
      service,
      floor: run.floors[index] as TargetSummary,
    }));
  });
}

function ratioLine(what: string, target: string, items: readonly { label: string; value: number; met: boolean }[]): string {
  const misses = items.filter((item) => !item.met);
  const list = items.map((item) => `${item.label} ${item.value.toFixed(2)}×`).join(', ');
  return `- ${what} — target ${target}: ${misses.length === 0 ? 'met on every scenario' : `NOT met on ${misses.map((item) => item.label).join(', ')}`} (${list}).`;
}

function deepPageLine(results: readonly ScenarioRun[]): string {
  const runsOf = (short: string): ScenarioRun['runs'] | undefined => results.find((result) => result.scenario.short === short)?.runs;
  const first = runsOf('(f) page 1');
  const deep = runsOf(`(f) page ${DEEP_PAGE}`);
  const at = (runs: ScenarioRun['runs'] | undefined, connections: number): TargetSummary | undefined =>
    runs?.find((run) => run.connections === connections)?.service;
  const p1 = at(first, 1);
  const p500 = at(deep, 1);
  const t1 = at(first, TARGET_CONNECTIONS);
  const t500 = at(deep, TARGET_CONNECTIONS);
  if (p1 === undefined || p500 === undefined || t1 === undefined || t500 === undefined) return `- Page ${DEEP_PAGE} vs page 1: not measured.`;
  const latency = p500.p50Ms / p1.p50Ms;
  const throughput = t1.requestsPerSecond / t500.requestsPerSecond;
  return (
    `- Service page ${DEEP_PAGE} vs page 1 — target ≤ ${DEEP_PAGE_TARGET}×: p50 at c=1 ${latency.toFixed(2)}×, ` +
    `time per request at c=${TARGET_CONNECTIONS} ${throughput.toFixed(2)}×: ${verdict(Math.max(latency, throughput) <= DEEP_PAGE_TARGET)}.`
  );
}

function failureLine(results: readonly ScenarioRun[]): string {
  let service = 0;
  let floor = 0;
  for (const run of results.flatMap((result) => result.runs)) {
    if (run.service !== undefined) service += run.service.non2xx + run.service.errors;
    for (const summary of run.floors) floor += summary.non2xx + summary.errors;
  }
  const unsupported = results.filter((result) => !isServed(result.serviceProbe)).map((result) => result.scenario.short);
  const skipped = unsupported.length === 0 ? '' : ` (${unsupported.join(', ')} answered 501 and were not loaded on the service)`;
  return `- Failed requests (non-2xx + connection errors) — target none: service ${service}, floor ${floor}${skipped}: ${verdict(service === 0)}.`;
}

function targetLines(results: readonly ScenarioRun[], context: RunContext): string[] {
  const pairs = pairsAt(results, TARGET_CONNECTIONS);
  const throughput = pairs.map(({ label, service, floor }) => {
    const value = service.requestsPerSecond / floor.requestsPerSecond;
    return { label, value, met: value >= THROUGHPUT_TARGET };
  });
  const cpu = pairs.map(({ label, service, floor }) => {
    const value = cpuPerRequestMs(service) / cpuPerRequestMs(floor);
    return { label, value, met: value <= CPU_TARGET };
  });
  const serviceMb = context.serviceHwmKb / 1024;
  const peaks = results.flatMap((result) =>
    result.runs.flatMap((run) => (run.service === undefined ? [] : [{ where: `${result.scenario.short} c=${run.connections}`, kb: run.service.peakRssKb }])),
  );
  const top = peaks.reduce((most, item) => (item.kb > most.kb ? item : most), { where: '—', kb: 0 });
  return [
    ratioLine(`Service throughput ÷ floor at c=${TARGET_CONNECTIONS}`, `≥ ${THROUGHPUT_TARGET}×`, throughput),
    ratioLine(`Service CPU per request ÷ floor at c=${TARGET_CONNECTIONS}`, `≤ ${CPU_TARGET}×`, cpu),
    deepPageLine(results),
    failureLine(results),
    `- Peak RSS (VmHWM over the whole run) — target < ${RSS_TARGET_MB} MB: service ${serviceMb.toFixed(0)} MB (highest polled during ${top.where}), ` +
      `floor ${(context.floorHwmKb / 1024).toFixed(0)} MB: ${verdict(serviceMb < RSS_TARGET_MB)}.`,
  ];
}

/**
 * How busy the rest of the machine was while loading: CPU used by processes other than the server,
 * the cluster and the load generator, as a share of one CPU. A busy machine skews both sides.
 */
function quietLine(results: readonly ScenarioRun[]): string {
  const measured = results.flatMap((result) =>
    result.runs.flatMap((run) =>
      [run.service, ...run.floors].flatMap((summary) =>
        summary?.otherCpuMs === undefined ? [] : [{ where: `${result.scenario.short} c=${run.connections}`, ms: summary.otherCpuMs, seconds: summary.cpuSeconds }],
      ),
    ),
  );
  if (measured.length === 0) return '- Other processes on the machine: not measured (the cluster is not on this machine).';
  const share = (ms: number, seconds: number): number => ms / (seconds * 10);
  const totalMs = measured.reduce((sum, item) => sum + item.ms, 0);
  const totalSeconds = measured.reduce((sum, item) => sum + item.seconds, 0);
  const worst = measured.reduce((most, item) => (share(item.ms, item.seconds) > share(most.ms, most.seconds) ? item : most));
  return (
    `- Other processes on the machine used ${share(totalMs, totalSeconds).toFixed(0)}% of one CPU on average while loading ` +
    `(most during ${worst.where}: ${share(worst.ms, worst.seconds).toFixed(0)}%); near 0% means the numbers were not disturbed.`
  );
}

/** The server benchmark's Markdown report: how it was measured, the tables, the scenarios and the targets. */
export function formatServerReport(results: readonly ScenarioRun[], context: RunContext): string {
  const cpuScope = context.postgresMeasured ? 'the HTTP server process plus every process of the PostgreSQL cluster' : 'the HTTP server process only (the cluster is not on this machine)';
  return [
    `# Server benchmark, ${context.date.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${context.machine}. ${context.database}, ${context.products.toLocaleString('en-US')} products; pool of ${context.poolMax} connections on each side. Took ${Math.round(context.seconds)} s.`,
    '',
    `- service: \`${['node', ...context.serviceNodeFlags, 'dist/src/main.js'].join(' ')}\`, as \`npm start\` runs it (LOG_LEVEL=warn, DEFAULT_PAGE_SIZE=MAX_PAGE_SIZE=5000); floor: \`bench/server/floor-server.ts\`, Fastify + \`pg.Pool\`, one hand-written statement per scenario whose JSON text Postgres builds, no transaction, no OData processing.`,
    `- autocannon in this process, c = concurrent connections; after a ${context.warmupSeconds} s warm-up of each, ${context.rounds} rounds of ${context.roundSeconds} s per target, service and floor alternating (A B, B A, …): only one target is loaded at a time.`,
    '- req/s = responses ÷ measured seconds; p50/p99 over every response of every round; non-2xx/errors = non-2xx responses / connection errors and timeouts.',
    `- CPU/req = user + system CPU of ${cpuScope}, from \`/proc/<pid>/stat\` from the start of each round until both have settled (work left in flight included), ÷ requests sent. Peak RSS = highest VmRSS polled every 100 ms during the rounds.`,
    '- The load generator shares the machine: at c=32 it competes with the server and Postgres for the same cores, alike for both sides.',
    quietLine(results),
    '',
    formatServerTable(results),
    '',
    'CPU per request split between the HTTP server process and the PostgreSQL cluster:',
    '',
    formatCpuSplitTable(results),
    '',
    '## Scenarios (first response of each, before the load)',
    '',
    ...scenarioLines(results),
    '',
    '## Targets (reported, not asserted)',
    '',
    ...targetLines(results, context),
  ].join('\n');
}
