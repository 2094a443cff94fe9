import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freeLoopbackPort } from './free-port.js';

/** A throw-away PostgreSQL cluster listening on 127.0.0.1, for the test suite. */
export interface PgCluster {
  /** `postgres://postgres@127.0.0.1:PORT/postgres`: superuser, trust authentication. */
  readonly url: string;
  /** Stops the server immediately and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

interface PgBinaries {
  readonly initdb: string;
  readonly pgCtl: string;
}

interface RunAs {
  readonly uid: number;
  readonly gid: number;
  readonly command: (file: string, args: readonly string[]) => readonly [string, readonly string[]];
}

const START_ATTEMPTS = 3;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `initdb` and `pg_ctl` from one directory: the first on PATH, else the highest /usr/lib/postgresql/N/bin. */
function findPgBinaries(): PgBinaries {
  const pathDirs = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir.length > 0);
  let versionDirs: string[] = [];
  try {
    versionDirs = readdirSync('/usr/lib/postgresql')
      .filter((name) => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a))
      .map((name) => join('/usr/lib/postgresql', name, 'bin'));
  } catch {
    // no Debian-style installation
  }
  for (const dir of [...pathDirs, ...versionDirs]) {
    const initdb = join(dir, 'initdb');
    const pgCtl = join(dir, 'pg_ctl');
    if (isExecutable(initdb) && isExecutable(pgCtl)) return { initdb, pgCtl };
  }
  throw new Error(
    'PostgreSQL server binaries not found: no initdb/pg_ctl on PATH or under /usr/lib/postgresql/*/bin. ' +
      'Install them (Debian: apt-get install postgresql) to run the tests against a real server.',
  );
}

async function postgresUser(): Promise<RunAs> {
  const ids = async (flag: '-u' | '-g'): Promise<number> => {
    const { stdout } = await run('id', [flag, 'postgres']);
    return Number(stdout.trim());
  };
  try {
    const [uid, gid] = await Promise.all([ids('-u'), ids('-g')]);
    return { uid, gid, command: (file, args) => ['runuser', ['-u', 'postgres', '--', file, ...args]] };
  } catch {
    throw new Error(
      'Running as root, but there is no "postgres" system user to run the server as (initdb refuses root). ' +
        "Install Debian's postgresql package, which creates it, or create it: useradd --system postgres",
    );
  }
}

function run(
  file: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error === null) resolve({ stdout, stderr });
      else reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stderr}`.trim(), { cause: error }));
    });
  });
}

/** Quotes one word for the shell that pg_ctl passes `-o` through. */
function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Creates a cluster in a new temporary directory (initdb, trust auth, UTF-8, durability off) and
 * starts it on a free loopback port. As root, the server runs as the `postgres` system user.
 * On failure nothing is left running and the directory is removed.
 */
export async function startPgCluster(): Promise<PgCluster> {
  const binaries = findPgBinaries();
  const runAs = process.getuid?.() === 0 ? await postgresUser() : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'odata-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const pg = (file: string, args: readonly string[], timeoutMs?: number) => {
    const [command, commandArgs] = runAs === undefined ? [file, args] : runAs.command(file, args);
    return run(command, commandArgs, { cwd: dir, timeoutMs });
  };
  const stopArgs = ['stop', '-D', dataDir, '-m', 'immediate', '-w'];
  let started = false;
  let watchdog: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    watchdog?.kill();
    watchdog = undefined;
    if (started) {
      started = false;
      await pg(binaries.pgCtl, stopArgs, 30_000).catch(() => undefined);
    }
    await rm(dir, { recursive: true, force: true });
  };
  // pg_ctl detaches the server: should this process die without calling stop() (killed by a
  // timeout, a crash, an interrupted setup), a watchdog stops the server and removes the folder.
  const startWatchdog = (): ChildProcess => {
    const [command, args] = runAs === undefined ? [binaries.pgCtl, stopArgs] : runAs.command(binaries.pgCtl, stopArgs);
    const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${[command, ...args].map(shellQuote).join(' ')} >/dev/null 2>&1; rm -rf ${shellQuote(dir)}`;
    const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
    child.unref();
    return child;
  };

  try {
    if (runAs !== undefined) await chown(dir, runAs.uid, runAs.gid);
    const initdb = (locale: readonly string[]) =>
      pg(binaries.initdb, ['-D', dataDir, '--auth=trust', '--username=postgres', '--encoding=UTF8', ...locale]);
    try {
      await initdb(['--locale=C.UTF-8']);
    } catch (error) {
      if (!/locale/i.test(String(error))) throw error;
      await rm(dataDir, { recursive: true, force: true });
      await initdb(['--no-locale']);
    }

    for (let attempt = 1; ; attempt += 1) {
      const port = await freeLoopbackPort();
      const settings = [
        '-c listen_addresses=127.0.0.1',
        `-c port=${port}`,
        `-c unix_socket_directories=${shellQuote(dir)}`,
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=300', // parallel test files each hold a small pool
      ].join(' ');
      watchdog ??= startWatchdog();
      started = true; // from here on, a failed start may still have left a server running
      try {
        await pg(binaries.pgCtl, ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', settings], 90_000);
        return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
      } catch (error) {
        await pg(binaries.pgCtl, stopArgs, 30_000).catch(() => undefined);
        const log = await readFile(logFile, 'utf8').catch(() => '');
        if (attempt < START_ATTEMPTS && /already in use|could not bind/i.test(log)) {
          await rm(logFile, { force: true });
          continue;
        }
        throw new Error(`${String(error)}\nserver log:\n${log.split('\n').slice(-20).join('\n')}`, { cause: error });
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
}
