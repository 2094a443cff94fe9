import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a CLI run ended with. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The caller's settings a CLI run must not inherit: the database and the seed size. */
const INHERITED_SETTINGS = ['DATABASE_URL', 'EMBEDDED_DATA_DIR', 'SEED_ROWS', 'DATABASE_POOL_MAX'];

/** Runs src/cli.ts in a child process, with none of the caller's database settings, plus `env`. */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !INHERITED_SETTINGS.includes(name)));
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...base, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}
