import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startPgCluster } from '../../test/support/pg-cluster.js';
import type { Benchmark } from '../harness/benchmark.js';
import { describeMachine } from '../harness/describe-machine.js';
import { writeResultFile } from '../harness/write-result-file.js';
import { compareTargets, type LoadTarget, type RoundPlan } from './compare-targets.js';
import { findDeepPage } from './find-deep-page.js';
import { formatServerReport } from './format-server-report.js';
import { prepareDatabase } from './prepare-database.js';
import { probeRequest } from './probe-request.js';
import { residentKb } from './proc-stats.js';
import { isServed, type ConcurrencyRun, type ScenarioRun } from './server-results.js';
import { serviceNodeFlags } from './service-command.js';
import { buildScenarios, DEEP_PAGE, PAGED_HEADERS, PAGED_PATH, type Scenario } from './server-scenarios.js';
import { startServer, type ServerProcess } from './spawn-server.js';
import { Teardown } from './teardown.js';

const PRODUCTS = 100_000;
const CONCURRENCIES = [1, 32] as const;
const SERVICE_SCRIPT = fileURLToPath(new URL('../../src/main.js', import.meta.url));
const FLOOR_SCRIPT = fileURLToPath(new URL('./floor-server.js', import.meta.url));
/** The service starts with the node flags of `npm start`. */
const SERVICE_NODE_FLAGS = serviceNodeFlags(fileURLToPath(new URL('../../../package.json', import.meta.url)));

function log(message: string): void {
  process.stderr.write(`server: ${message}\n`);
}

function positiveNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

/** Defaults keep the whole run near 8 minutes on 2 cores; BENCH_ROUNDS and friends stretch it. */
function roundPlan(): RoundPlan {
  return {
    rounds: positiveNumber('BENCH_ROUNDS', 4),
    roundSeconds: positiveNumber('BENCH_ROUND_SECONDS', 3),
    warmupSeconds: positiveNumber('BENCH_WARMUP_SECONDS', 1),
  };
}

interface Servers {
  readonly service: ServerProcess;
  readonly floor: ServerProcess;
}

async function startServers(databaseUrl: string, poolMax: number, teardown: Teardown): Promise<Servers> {
  const common = { DATABASE_URL: databaseUrl, DATABASE_POOL_MAX: String(poolMax) };
  const service = await startServer(
    'service',
    SERVICE_SCRIPT,
    // Anonymous, without a role of its own, and no rate limits: the floor has neither.
    { ...common, LOG_LEVEL: 'warn', MAX_PAGE_SIZE: '5000', DEFAULT_PAGE_SIZE: '5000', AUTH_ANONYMOUS: 'allow', RATE_LIMIT_ENABLED: 'false' },
    '/readyz',
    SERVICE_NODE_FLAGS,
  );
  teardown.defer('the service', service.stop);
  const floor = await startServer('floor', FLOOR_SCRIPT, common, '/healthz');
  teardown.defer('the floor server', floor.stop);
  return { service, floor };
}

async function runScenario(scenario: Scenario, servers: Servers, plan: RoundPlan, postmasterPid: number | undefined): Promise<ScenarioRun> {
  const serviceProbe = await probeRequest(servers.service.origin, scenario.service);
  const floorProbes = await Promise.all(scenario.floors.map((variant) => probeRequest(servers.floor.origin, variant.request)));
  const served = isServed(serviceProbe);
  const floors: LoadTarget[] = scenario.floors.map((variant) => ({ server: servers.floor, request: variant.request }));
  const targets: LoadTarget[] = served ? [{ server: servers.service, request: scenario.service }, ...floors] : floors;
  const runs: ConcurrencyRun[] = [];
  for (const connections of CONCURRENCIES) {
    log(`${scenario.title}, c=${connections}${served ? '' : ' (service answers 501: floor only)'}`);
    const summaries = await compareTargets(targets, connections, plan, postmasterPid);
    runs.push(served ? { connections, service: summaries[0], floors: summaries.slice(1) } : { connections, service: undefined, floors: summaries });
  }
  return { scenario, serviceProbe, floorProbes, runs };
}

async function runServerBench(): Promise<void> {
  const started = performance.now();
  const plan = roundPlan();
  const poolMax = positiveNumber('DATABASE_POOL_MAX', 10);
  const teardown = new Teardown();
  const releaseSignals = teardown.onSignals();
  try {
    let databaseUrl = process.env.BENCH_DATABASE_URL;
    let database = 'BENCH_DATABASE_URL';
    if (databaseUrl === undefined || databaseUrl === '') {
      log('starting a throwaway PostgreSQL cluster');
      const cluster = await startPgCluster();
      teardown.defer('the PostgreSQL cluster', cluster.stop);
      databaseUrl = cluster.url;
      database = 'Throwaway PostgreSQL cluster on loopback (fsync off)';
    }
    log(`migrating and seeding ${PRODUCTS.toLocaleString('en-US')} products`);
    const prepared = await prepareDatabase(databaseUrl, PRODUCTS);
    const servers = await startServers(databaseUrl, poolMax, teardown);
    log(`following nextLinks to page ${DEEP_PAGE}`);
    const deepPage = await findDeepPage(servers.service.origin, PAGED_PATH, PAGED_HEADERS, DEEP_PAGE);
    const results: ScenarioRun[] = [];
    for (const scenario of buildScenarios({ pointIds: prepared.pointIds, deepPage })) {
      results.push(await runScenario(scenario, servers, plan, prepared.postmasterPid));
    }
    const report = formatServerReport(results, {
      date: new Date(),
      machine: describeMachine(),
      database,
      products: prepared.products,
      poolMax,
      ...plan,
      postgresMeasured: prepared.postmasterPid !== undefined,
      serviceNodeFlags: SERVICE_NODE_FLAGS,
      serviceHwmKb: residentKb(servers.service.pid, 'VmHWM'),
      floorHwmKb: residentKb(servers.floor.pid, 'VmHWM'),
      seconds: (performance.now() - started) / 1000,
    });
    console.log(report);
    console.log(`\nWritten to ${await writeResultFile('server', report)}`);
  } finally {
    releaseSignals();
    await teardown.run();
  }
}

export const serverBenchmark: Benchmark = {
  name: 'server',
  summary: 'the service as its own process against a hand-written Fastify + pg floor, on 100,000 products in PostgreSQL 15',
  run: runServerBench,
};
