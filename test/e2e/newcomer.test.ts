import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { freeLoopbackPort } from '../support/free-port.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { openDatabase } from '../../src/db/database.js';

/**
 * The README's first steps, end to end: `npm start` (build, then `node dist/src/main.js`) on the
 * embedded database, one OData query over HTTP, a clean stop on SIGTERM, and the answer checked
 * against the data folder the service left behind.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY_TIMEOUT_MS = 90_000;
const OUTPUT_LIMIT = 20_000;
/** What a newcomer's shell carries; everything else (vitest's variables, a developer's DATABASE_URL…) stays out. */
const INHERITED_ENV = /^(PATH|HOME|USER|LOGNAME|SHELL|LANG|LC_[A-Z]+|TZ|TMPDIR|TEMP|TMP|npm_config_cache|npm_config_userconfig)$/;

const QUERY: readonly (readonly [string, string])[] = [
  ['$select', 'name,price'],
  ['$filter', "price gt 10 and contains(name,'a')"],
  ['$orderby', 'price desc'],
  ['$top', '3'],
  ['$count', 'true'],
];
const QUERY_PATH = `/odata/Products?${QUERY.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')}`;
const COUNT_SQL = "select count(*)::int as count from products where price > 10 and name like '%a%'";

function newcomerEnv(port: number, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => INHERITED_ENV.test(name)));
  // No script shell override: `npm start` execs node itself, so npm's SIGTERM reaches the service.
  return { ...env, PORT: String(port), EMBEDDED_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
}

function processGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('a newcomer runs `npm start` and queries the demo catalogue', () => {
  const shutdownTimeoutMs = loadConfig({}).shutdownTimeoutMs;
  let dataDir = '';
  let port = 0;
  let child: ChildProcess | undefined;
  let exit: Promise<[number | null, NodeJS.Signals | null]> | undefined;
  let output = '';
  let reportedCount: number | undefined;

  const record = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  const failure = (message: string): Error => new Error(`${message}\n--- npm start output (tail) ---\n${output}`);

  async function waitUntilReady(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child?.exitCode !== null || child.signalCode !== null) throw failure(`npm start exited early (${child?.exitCode ?? child?.signalCode})`);
      const status = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw failure(`GET /readyz did not answer 200 within ${READY_TIMEOUT_MS / 1000} s`);
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'odata-newcomer-'));
    port = await freeLoopbackPort();
    // its own process group, so that afterAll can remove npm, the shell and the service together
    child = spawn('npm', ['start'], { cwd: ROOT, env: newcomerEnv(port, dataDir), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', record);
    child.stderr?.on('data', record);
    exit = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    await waitUntilReady();
  }, READY_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    const pid = child?.pid;
    if (pid !== undefined && processGroupAlive(pid)) process.kill(-pid, 'SIGKILL');
    if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
  });

  it('answers the README query with selected, filtered, ordered, counted products', async () => {
    const response = await fetch(`http://127.0.0.1:${port}${QUERY_PATH}`);
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(body)[0]).toBe('@odata.context');

    const count = body['@odata.count'];
    expect(typeof count).toBe('number');
    expect(count).toBeGreaterThan(3);
    reportedCount = count as number;

    const value = body.value as Record<string, unknown>[];
    expect(value).toHaveLength(3);
    for (const product of value) {
      expect(Object.keys(product).filter((key) => !key.startsWith('@odata.')).sort()).toEqual(['name', 'price']);
      expect(String(product.name)).toContain('a');
      expect(Number(product.price)).toBeGreaterThan(10);
    }
    const prices = value.map((product) => Number(product.price));
    expect(prices).toEqual([...prices].sort((a, b) => b - a));
  });

  it('takes URLs of tens of kilobytes over a real socket (long key lookups)', async () => {
    const filter = Array.from({ length: 1500 }, (_, n) => `quantity%20eq%20${n}`).join('%20or%20');
    const response = await fetch(`http://127.0.0.1:${port}/odata/Products/$count?$filter=${filter}`);
    expect(filter.length).toBeGreaterThan(30_000);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(Number(await response.text())).toBeGreaterThan(0);
  });

  it('stops on SIGTERM within the shutdown timeout, with exit code 0', async () => {
    const pid = child?.pid;
    if (pid === undefined || exit === undefined) throw new Error('the service was not started');
    child?.kill('SIGTERM'); // npm forwards it to the service
    const timeout = new Promise<never>((_, reject) => {
      setTimeout(() => reject(failure(`npm start still running ${shutdownTimeoutMs + 5_000} ms after SIGTERM`)), shutdownTimeoutMs + 5_000).unref();
    });
    const [code, signal] = await Promise.race([exit, timeout]);
    expect({ code, signal }, output).toEqual({ code: 0, signal: null });
    expect(processGroupAlive(pid), 'a process of `npm start` outlived it').toBe(false);
  }, 30_000);

  it('reported the count that the data folder holds', async () => {
    if (reportedCount === undefined) throw new Error('the query test did not get a count');
    if (child?.exitCode === null) throw new Error('the service is still running; its data folder cannot be opened');
    const database = openDatabase({ kind: 'embedded', dataDir });
    try {
      const result = (await database.knex.raw(COUNT_SQL)) as { rows: { count: number }[] };
      expect(result.rows[0]?.count).toBe(reportedCount);
    } finally {
      await database.close();
    }
  });
});
