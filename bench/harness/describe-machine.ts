import { arch, cpus, platform } from 'node:os';

/** One line naming what the numbers were measured on. */
export function describeMachine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `Node ${process.version}, ${platform()}/${arch()}, ${cpu} (${cpus().length} logical CPUs)`;
}
