import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { freeLoopbackPort } from '../../test/support/free-port.js';

/** An HTTP server running as its own process (and process group) on a loopback port. */
export interface ServerProcess {
  readonly name: string;
  readonly pid: number;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** Why the process ended, or `undefined` while it runs. */
  exitReason(): string | undefined;
  /** The last lines it wrote to stdout and stderr. */
  outputTail(): string;
  /** SIGTERM to its process group, SIGKILL after 10 s; safe to call twice. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const TAIL_CHARS = 4000;

/**
 * Should this process die without stopping the server (SIGKILL, a crash), a detached shell kills the
 * server's process group as soon as this process is gone.
 */
function startWatchdog(serverPid: number): ChildProcess {
  const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${serverPid} 2>/dev/null; do sleep 1; done; kill -KILL -${serverPid} 2>/dev/null`;
  const watchdog = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  return watchdog;
}

async function waitUntilReady(server: ServerProcess, readyPath: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const exit = server.exitReason();
    if (exit !== undefined) throw new Error(`${server.name} ${exit} before it was ready:\n${server.outputTail()}`);
    try {
      const response = await fetch(`${server.origin}${readyPath}`);
      await response.arrayBuffer();
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await sleep(100);
  }
  throw new Error(`${server.name} was not ready after ${READY_TIMEOUT_MS / 1000} s (${last}):\n${server.outputTail()}`);
}

/**
 * Starts `node <nodeFlags> <script>` with only PATH, PORT, HOST and `env` in its environment (so a
 * variable of the caller's shell cannot change what is measured) and waits until `readyPath`
 * answers 2xx.
 */
export async function startServer(
  name: string,
  script: string,
  env: Readonly<Record<string, string>>,
  readyPath: string,
  nodeFlags: readonly string[] = [],
): Promise<ServerProcess> {
  const port = await freeLoopbackPort();
  const child = spawn(process.execPath, [...nodeFlags, script], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env, PORT: String(port), HOST: '127.0.0.1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  const pid = child.pid;
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-TAIL_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = signal === null ? `exited with code ${code}` : `was killed by ${signal}`;
      resolve();
    });
  });
  const watchdog = startWatchdog(pid);
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is gone already
    }
  };
  const server: ServerProcess = {
    name,
    pid,
    origin: `http://127.0.0.1:${port}`,
    exitReason: () => exit,
    outputTail: () => tail,
    stop: async () => {
      if (exit === undefined) {
        signalGroup('SIGTERM');
        const timer = sleep(STOP_TIMEOUT_MS, 'timeout' as const, { ref: false });
        if ((await Promise.race([exited, timer])) === 'timeout') signalGroup('SIGKILL');
        await exited;
      }
      watchdog.kill();
    },
  };
  try {
    await waitUntilReady(server, readyPath);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
