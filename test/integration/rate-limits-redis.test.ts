import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/auth/api-keys.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { freeLoopbackPort } from '../support/free-port.js';

/** Limits are counted before the database is asked: one backend shows them. */
const BACKEND = 'pglite';

/** A throw-away redis-server on a loopback port, nothing kept on disk. */
interface RedisServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts `redis-server` in a new temporary directory and waits until it accepts connections. */
async function startRedis(port: number, dir: string): Promise<RedisServer> {
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${String(code)} before it was ready:\n${output}`)));
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
  try {
    await ready;
  } finally {
    clearTimeout(timeout);
  }
  const exited = once(child, 'exit');
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

const shared = generateApiKey();
const sliding = generateApiKey();
const warm = generateApiKey();
const keys = [
  { id: 'shared', hash: shared.hash, role: 'postgres', scope: 'read' },
  { id: 'sliding', hash: sliding.hash, role: 'postgres', scope: 'read' },
  { id: 'warm', hash: warm.hash, role: 'postgres', scope: 'read' },
];
const asCaller = { 'x-api-key': shared.key };

function expectTooManyRequests(response: LightMyRequestResponse): number {
  expect(response.statusCode).toBe(429);
  expect(response.json<{ error: { code: string } }>().error.code).toBe('OF303');
  return Number(response.headers['retry-after']);
}

describe('a request budget kept in Redis', () => {
  let dir: string;
  let port: number;
  let redis: RedisServer | undefined;
  const apps: TestApp[] = [];

  const appWith = async (env: Record<string, string>): Promise<TestApp> => {
    const t = await buildTestApp(BACKEND, {
      RATE_LIMIT_REDIS_URL: redis?.url ?? '',
      RATE_LIMIT_REQUESTS: '3',
      AUTH_API_KEYS: JSON.stringify(keys),
      ...env,
    });
    apps.push(t);
    return t;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'odata-redis-'));
    port = await freeLoopbackPort();
    redis = await startRedis(port, dir);
  });
  afterAll(async () => {
    await Promise.all(apps.map((t) => t.close()));
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives two instances one budget per principal, refused with the seconds until the oldest request leaves the window', async () => {
    const [a, b] = await Promise.all([appWith({ RATE_LIMIT_WINDOW_SECONDS: '300' }), appWith({ RATE_LIMIT_WINDOW_SECONDS: '300' })]);
    expect((await a.get('Categories?$top=1', asCaller)).statusCode).toBe(200);
    expect((await a.get('Categories?$top=1', asCaller)).statusCode).toBe(200);
    expect((await b.get('Categories?$top=1', asCaller)).statusCode).toBe(200);
    for (const instance of [a, b]) {
      const retryAfter = expectTooManyRequests(await instance.get('Categories?$top=1', asCaller));
      expect(retryAfter).toBeLessThanOrEqual(300);
      expect(retryAfter).toBeGreaterThanOrEqual(290);
    }
  });

  it('lets the principal in again once its oldest request has left the window', async () => {
    const t = await appWith({ RATE_LIMIT_WINDOW_SECONDS: '1', RATE_LIMIT_REQUESTS: '2' });
    // a first request of another principal warms the app, so the budgeted ones fall in one window
    expect((await t.get('Categories?$top=1', { 'x-api-key': warm.key })).statusCode).toBe(200);
    const slidingCaller = { 'x-api-key': sliding.key };
    expect((await t.get('Categories?$top=1', slidingCaller)).statusCode).toBe(200);
    expect((await t.get('Categories?$top=1', slidingCaller)).statusCode).toBe(200);
    expect(expectTooManyRequests(await t.get('Categories?$top=1', slidingCaller))).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await t.get('Categories?$top=1', slidingCaller)).statusCode).toBe(200);
  });

  it('refuses requests with 503 and Retry-After while Redis cannot be reached, and counts again once it is back', async () => {
    const t = await appWith({ RATE_LIMIT_WINDOW_SECONDS: '300', RATE_LIMIT_REQUESTS: '100' });
    expect((await t.get('Categories?$top=1', asCaller)).statusCode).toBe(200);
    await redis?.stop();
    const refused = await t.get('Categories?$top=1', asCaller);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'OF304', message: 'The request budget cannot be counted now' });
    redis = await startRedis(port, dir);
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt += 1) {
      status = (await t.get('Categories?$top=1', asCaller)).statusCode;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
  });
});
