import { formatMarkdownTable, type TableColumn } from '../harness/format-markdown-table.js';
import type { TargetSummary } from './compare-targets.js';
import type { ScenarioRun } from './server-results.js';

const COLUMNS: readonly TableColumn[] = [
  { header: 'Scenario', align: 'left' },
  { header: 'floor', align: 'left' },
  { header: 'c', align: 'right' },
  { header: 'service req/s', align: 'right' },
  { header: 'floor req/s', align: 'right' },
  { header: 'ratio', align: 'right' },
  { header: 'service p50/p99 ms', align: 'right' },
  { header: 'floor p50/p99 ms', align: 'right' },
  { header: 'service CPU/req ms', align: 'right' },
  { header: 'floor CPU/req ms', align: 'right' },
  { header: 'CPU ratio', align: 'right' },
  { header: 'service peak RSS MB', align: 'right' },
  { header: 'floor peak RSS MB', align: 'right' },
  { header: 'non-2xx/errors service', align: 'right' },
  { header: 'non-2xx/errors floor', align: 'right' },
];

const SPLIT_COLUMNS: readonly TableColumn[] = [
  { header: 'Scenario', align: 'left' },
  { header: 'c', align: 'right' },
  { header: 'service node µs/req', align: 'right' },
  { header: 'service postgres µs/req', align: 'right' },
  { header: 'floor node µs/req', align: 'right' },
  { header: 'floor postgres µs/req', align: 'right' },
];

/** Three significant digits, thousands separated: 0.0123, 1.23, 123, 12,300. */
export function significant(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumSignificantDigits: 3 });
}

/** Server plus PostgreSQL CPU per response, or the server's alone when the cluster is not measured. */
export function cpuPerRequestMs(summary: TargetSummary): number {
  return summary.serverCpuMs + (summary.postgresCpuMs ?? 0);
}

function megabytes(kb: number): string {
  return (kb / 1024).toFixed(0);
}

function ratio(numerator: number, denominator: number): string {
  return Number.isFinite(numerator / denominator) ? `${(numerator / denominator).toFixed(2)}×` : '—';
}

function failures(summary: TargetSummary): string {
  return `${summary.non2xx}/${summary.errors}`;
}

function floorCells(floor: TargetSummary): string[] {
  return [`${significant(floor.p50Ms)}/${significant(floor.p99Ms)}`, significant(cpuPerRequestMs(floor))];
}

function row(title: string, label: string, connections: number, service: TargetSummary | undefined, floor: TargetSummary): string[] {
  if (service === undefined) {
    const [latency = '', cpu = ''] = floorCells(floor);
    return [title, label, String(connections), 'not supported (501)', significant(floor.requestsPerSecond), '—', '—', latency, '—', cpu, '—', '—', megabytes(floor.peakRssKb), '—', failures(floor)];
  }
  const [latency = '', cpu = ''] = floorCells(floor);
  return [
    title,
    label,
    String(connections),
    significant(service.requestsPerSecond),
    significant(floor.requestsPerSecond),
    ratio(service.requestsPerSecond, floor.requestsPerSecond),
    `${significant(service.p50Ms)}/${significant(service.p99Ms)}`,
    latency,
    significant(cpuPerRequestMs(service)),
    cpu,
    ratio(cpuPerRequestMs(service), cpuPerRequestMs(floor)),
    megabytes(service.peakRssKb),
    megabytes(floor.peakRssKb),
    failures(service),
    failures(floor),
  ];
}

/** The main table: one row per scenario, floor variant and concurrency. */
export function formatServerTable(results: readonly ScenarioRun[]): string {
  const rows = results.flatMap((result) =>
    result.scenario.floors.flatMap((variant, index) =>
      result.runs.map((run) => row(result.scenario.title, variant.label, run.connections, run.service, run.floors[index] as TargetSummary)),
    ),
  );
  return formatMarkdownTable(COLUMNS, rows);
}

function micros(ms: number | undefined): string {
  return ms === undefined ? '—' : significant(ms * 1000);
}

/** Where the CPU goes: the HTTP server process against the PostgreSQL cluster, first floor variant only. */
export function formatCpuSplitTable(results: readonly ScenarioRun[]): string {
  const rows = results.flatMap((result) =>
    result.runs.map((run) => {
      const floor = run.floors[0] as TargetSummary;
      return [result.scenario.title, String(run.connections), micros(run.service?.serverCpuMs), micros(run.service?.postgresCpuMs), micros(floor.serverCpuMs), micros(floor.postgresCpuMs)];
    }),
  );
  return formatMarkdownTable(SPLIT_COLUMNS, rows);
}
