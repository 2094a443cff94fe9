import { runLoad, type RequestSpec, type RoundResult } from './run-load.js';
import type { ServerProcess } from './spawn-server.js';

/** One side of a comparison: a server and what to ask it. */
export interface LoadTarget {
  readonly server: ServerProcess;
  readonly request: RequestSpec;
}

export interface RoundPlan {
  readonly rounds: number;
  readonly roundSeconds: number;
  readonly warmupSeconds: number;
}

/** A target's rounds added up. */
export interface TargetSummary {
  readonly responses: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
  /** CPU milliseconds per request sent: the server process, and the PostgreSQL cluster (all its processes). */
  readonly serverCpuMs: number;
  readonly postgresCpuMs: number | undefined;
  readonly peakRssKb: number;
  /** Seconds from the start of each load until things settled, and the CPU other processes used meanwhile (see `RoundResult`). */
  readonly cpuSeconds: number;
  readonly otherCpuMs: number | undefined;
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * fraction) - 1))] as number;
}

function summarize(rounds: readonly RoundResult[]): TargetSummary {
  const latencies = rounds.flatMap((round) => round.latenciesMs).sort((a, b) => a - b);
  const responses = latencies.length;
  const total = (pick: (round: RoundResult) => number): number => rounds.reduce((sum, round) => sum + pick(round), 0);
  // Requests cut off at the end of a round still cost the server their work: CPU is divided by requests sent.
  const sent = total((round) => round.sent);
  const perRequest = (ms: number): number => (sent === 0 ? Number.NaN : ms / sent);
  const postgresKnown = rounds.every((round) => round.postgresCpuMs !== undefined);
  return {
    responses,
    requestsPerSecond: responses / total((round) => round.seconds),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    non2xx: total((round) => round.non2xx),
    errors: total((round) => round.errors),
    serverCpuMs: perRequest(total((round) => round.serverCpuMs)),
    postgresCpuMs: postgresKnown ? perRequest(total((round) => round.postgresCpuMs ?? 0)) : undefined,
    peakRssKb: Math.max(...rounds.map((round) => round.peakRssKb)),
    cpuSeconds: total((round) => round.cpuSeconds),
    otherCpuMs: rounds.every((round) => round.otherCpuMs !== undefined) ? total((round) => round.otherCpuMs ?? 0) : undefined,
  };
}

function checkAlive(targets: readonly LoadTarget[]): void {
  for (const { server } of targets) {
    const exit = server.exitReason();
    if (exit !== undefined) throw new Error(`${server.name} ${exit} during the load:\n${server.outputTail()}`);
  }
}

/**
 * Warms every target up, then loads them one at a time in rounds, A B C then C B A and so on, so
 * that drift (caches, JIT, autovacuum, the machine) falls on all of them alike. Only one target is
 * loaded at any moment: the cluster's CPU in a round is that target's.
 */
export async function compareTargets(
  targets: readonly LoadTarget[],
  connections: number,
  plan: RoundPlan,
  postmasterPid: number | undefined,
): Promise<TargetSummary[]> {
  const load = (target: LoadTarget, seconds: number): Promise<RoundResult> =>
    runLoad(target.server.origin, target.request, connections, seconds, { serverPid: target.server.pid, postmasterPid });
  for (const target of targets) await load(target, plan.warmupSeconds);
  checkAlive(targets);
  const rounds = targets.map(() => [] as RoundResult[]);
  const forward = [...targets.keys()];
  const backward = [...forward].reverse();
  for (let round = 0; round < plan.rounds; round++) {
    for (const index of round % 2 === 0 ? forward : backward) {
      rounds[index]?.push(await load(targets[index] as LoadTarget, plan.roundSeconds));
    }
    checkAlive(targets);
  }
  return rounds.map(summarize);
}
