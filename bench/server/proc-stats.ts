import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports CPU times in clock ticks; 100 per second on every kernel config we run on (`getconf CLK_TCK`). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  readonly ppid: number;
  /** utime + stime of the process itself, milliseconds. */
  readonly ownMs: number;
  /** cutime + cstime: children that exited and were reaped, milliseconds. */
  readonly reapedMs: number;
}

/** Fields of `/proc/<pid>/stat`, or `undefined` once the process is gone. */
function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: fields are counted after it.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ticks = (index: number): number => Number(fields[index] ?? 0);
  const toMs = (value: number): number => (value * 1000) / TICKS_PER_SECOND;
  return { ppid: ticks(1), ownMs: toMs(ticks(11) + ticks(12)), reapedMs: toMs(ticks(13) + ticks(14)) };
}

/** CPU time (user + system) a process has used so far, all its threads included, in milliseconds. */
export function processCpuMs(pid: number): number {
  return readStat(pid)?.ownMs ?? 0;
}

export function processExists(pid: number): boolean {
  return readStat(pid) !== undefined;
}

export function parentPid(pid: number): number | undefined {
  return readStat(pid)?.ppid;
}

function listPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/**
 * CPU time of a whole PostgreSQL cluster so far, per process: the postmaster with what its reaped
 * children used (backends of closed connections), plus every live child (backends, walwriter,
 * checkpointer, autovacuum…). Compare two snapshots with `cpuDeltaMs`.
 */
export function clusterCpuSnapshot(postmasterPid: number): Map<number, number> {
  const snapshot = new Map<number, number>();
  const postmaster = readStat(postmasterPid);
  if (postmaster === undefined) return snapshot;
  snapshot.set(postmasterPid, postmaster.ownMs + postmaster.reapedMs);
  for (const pid of listPids()) {
    const stat = readStat(pid);
    if (stat?.ppid === postmasterPid) snapshot.set(pid, stat.ownMs);
  }
  return snapshot;
}

/**
 * CPU used between two snapshots. A process born in between counts from zero; one that ended in
 * between moved its whole time into the postmaster's reaped total, so its earlier share is taken off.
 */
export function cpuDeltaMs(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  const sum = (snapshot: ReadonlyMap<number, number>): number => [...snapshot.values()].reduce((total, ms) => total + ms, 0);
  return sum(after) - sum(before);
}

/** Resident set size now (`VmRSS`) or at its peak so far (`VmHWM`), in kilobytes; 0 once the process is gone. */
export function residentKb(pid: number, which: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${which}:\\s+(\\d+) kB`, 'm').exec(status);
    return match === null ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}

/** The command line of a process, arguments joined by spaces; '' once it is gone. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/** CPU time the whole machine has spent busy (every state but idle and iowait), all CPUs added, in milliseconds. */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const [, user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).map(Number);
  return ((user + nice + system + irq + softirq + steal) * 1000) / TICKS_PER_SECOND;
}
