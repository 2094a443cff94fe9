import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { clusterCpuSnapshot, cpuDeltaMs, machineBusyMs, processCpuMs, residentKb } from './proc-stats.js';

/** What to send: GET requests cycling over `paths` (each connection in turn), with `headers`. */
export interface RequestSpec {
  readonly paths: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
}

/** The processes whose CPU and memory a load is charged with. */
export interface Watched {
  readonly serverPid: number;
  /** The PostgreSQL cluster's postmaster, when it runs on this machine. */
  readonly postmasterPid: number | undefined;
}

export interface RoundResult {
  /** The load's duration, and the time from its start until the server and the cluster settled. */
  readonly seconds: number;
  readonly cpuSeconds: number;
  /** Milliseconds, one per response, in arrival order. */
  readonly latenciesMs: readonly number[];
  /** Requests sent: the responses and those still in flight when the round ended (the server ran them all the same). */
  readonly sent: number;
  readonly non2xx: number;
  /** Connection errors, timeouts included. */
  readonly errors: number;
  /** CPU of the server and of the whole cluster from the start of the load until they settled. */
  readonly serverCpuMs: number;
  readonly postgresCpuMs: number | undefined;
  /** Highest VmRSS of the server seen during the round, polled every 100 ms. */
  readonly peakRssKb: number;
  /**
   * CPU the rest of the machine used meanwhile: busy time of all CPUs less the server, the cluster
   * and this process (the load generator). Undefined when the cluster is not measured.
   */
  readonly otherCpuMs: number | undefined;
}

function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

const RSS_POLL_MS = 100;
/** After the load, the server and the cluster count as settled once they use under 5 ms of CPU in 50 ms. */
const SETTLE_WINDOW_MS = 50;
const SETTLED_CPU_MS = 5;
const SETTLE_MAX_MS = 15_000;

interface CpuReading {
  readonly server: number;
  readonly postgres: ReadonlyMap<number, number> | undefined;
  readonly own: number;
  readonly machine: number;
}

function readCpu(watched: Watched): CpuReading {
  return {
    server: processCpuMs(watched.serverPid),
    postgres: watched.postmasterPid === undefined ? undefined : clusterCpuSnapshot(watched.postmasterPid),
    own: ownCpuMs(),
    machine: machineBusyMs(),
  };
}

function cpuSince(before: CpuReading, after: CpuReading): Pick<RoundResult, 'serverCpuMs' | 'postgresCpuMs' | 'otherCpuMs'> {
  const serverCpuMs = after.server - before.server;
  const postgresCpuMs = before.postgres === undefined || after.postgres === undefined ? undefined : cpuDeltaMs(before.postgres, after.postgres);
  const accountedMs = serverCpuMs + (postgresCpuMs ?? 0) + after.own - before.own;
  const otherCpuMs = postgresCpuMs === undefined ? undefined : Math.max(0, after.machine - before.machine - accountedMs);
  return { serverCpuMs, postgresCpuMs, otherCpuMs };
}

/**
 * Waits until the server and the cluster have finished what the load left in flight (requests whose
 * client has gone still run), so that their CPU is charged to this round and not to the next one.
 */
async function settle(watched: Watched): Promise<CpuReading> {
  const deadline = performance.now() + SETTLE_MAX_MS;
  let last = readCpu(watched);
  for (;;) {
    await sleep(SETTLE_WINDOW_MS);
    const now = readCpu(watched);
    const used = cpuSince(last, now);
    last = now;
    if (used.serverCpuMs + (used.postgresCpuMs ?? 0) < SETTLED_CPU_MS || performance.now() > deadline) return now;
  }
}

function runAutocannon(options: autocannon.Options, onResponse: (status: number, ms: number) => void): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, result: autocannon.Result) => (error ? reject(error) : resolve(result)));
    instance.on('response', (_client, status, _bytes, ms) => onResponse(status, ms));
  });
}

/**
 * Loads `origin` for `seconds` with `connections` concurrent connections (no pipelining), then
 * waits for the server and the cluster to settle; CPU is counted until then.
 */
export async function runLoad(origin: string, request: RequestSpec, connections: number, seconds: number, watched: Watched): Promise<RoundResult> {
  const latenciesMs: number[] = [];
  let non2xx = 0;
  let peakRssKb = residentKb(watched.serverPid, 'VmRSS');
  const poll = setInterval(() => {
    peakRssKb = Math.max(peakRssKb, residentKb(watched.serverPid, 'VmRSS'));
  }, RSS_POLL_MS);
  const before = readCpu(watched);
  const start = performance.now();
  try {
    const result = await runAutocannon(
      {
        url: origin,
        connections,
        duration: seconds,
        headers: { ...request.headers },
        requests: request.paths.map((path) => ({ method: 'GET', path })),
      },
      (status, ms) => {
        latenciesMs.push(ms);
        if (status < 200 || status > 299) non2xx += 1;
      },
    );
    const elapsed = (performance.now() - start) / 1000;
    const after = await settle(watched);
    const cpuSeconds = (performance.now() - start) / 1000;
    // autocannon's aggregate result counts the requests it sent; its typings do not declare it.
    const sent = (result.requests as { sent?: number }).sent ?? latenciesMs.length;
    return {
      seconds: elapsed,
      cpuSeconds,
      latenciesMs,
      sent: Math.max(sent, latenciesMs.length),
      non2xx,
      errors: result.errors,
      ...cpuSince(before, after),
      peakRssKb: Math.max(peakRssKb, residentKb(watched.serverPid, 'VmRSS')),
    };
  } finally {
    clearInterval(poll);
  }
}
