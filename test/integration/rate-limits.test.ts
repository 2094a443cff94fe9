import { request as httpRequest, type ClientRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/auth/api-keys.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';

/** Limits are counted before the database is asked: one backend shows them. */
const BACKEND = 'pglite';

const keyA = generateApiKey();
const keyB = generateApiKey();
const keys = [
  { id: 'limits-a', hash: keyA.hash, role: 'postgres', scope: 'read' },
  { id: 'limits-b', hash: keyB.hash, role: 'postgres', scope: 'read' },
];

/** Asks `probe` until it says yes, a few ms apart; false once `timeoutMs` have passed. */
async function eventually(probe: () => Promise<boolean>, timeoutMs = 5000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

function expectTooManyRequests(response: LightMyRequestResponse): void {
  expect(response.statusCode).toBe(429);
  expect(response.headers['odata-version']).toBe('4.0');
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.json<{ error: { code: string } }>().error.code).toBe('OF303');
}

describe('a request budget per principal', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(BACKEND, {
      RATE_LIMIT_REQUESTS: '3',
      RATE_LIMIT_WINDOW_SECONDS: '300',
      AUTH_API_KEYS: JSON.stringify(keys),
      AUTH_ANONYMOUS: 'allow',
    });
  });
  afterAll(async () => t?.close());

  const asAnonymous = (remoteAddress: string, path = 'Categories?$top=1'): Promise<LightMyRequestResponse> =>
    t.app.inject({ method: 'GET', url: `/odata/${path}`, remoteAddress });

  it('answers the request over the budget with 429, the OData error and the seconds until the oldest leaves the window', async () => {
    for (let index = 0; index < 3; index += 1) expect((await t.get('Categories?$top=1', { 'x-api-key': keyA.key })).statusCode).toBe(200);
    const refused = await t.get('Categories?$top=1', { 'x-api-key': keyA.key });
    expectTooManyRequests(refused);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeLessThanOrEqual(300);
    expect(retryAfter).toBeGreaterThanOrEqual(290);
    expect((await t.get('Categories?$top=1', { 'x-api-key': keyB.key })).statusCode).toBe(200);
  });

  it('counts requests to the Dataverse service root in the same budget', async () => {
    const viaDataverse = (): Promise<LightMyRequestResponse> => t.app.inject({ method: 'GET', url: '/dataverse/Categories?$top=1', remoteAddress: '203.0.113.77' });
    expect((await asAnonymous('203.0.113.77')).statusCode).toBe(200);
    expect((await viaDataverse()).statusCode).toBe(200);
    expect((await asAnonymous('203.0.113.77')).statusCode).toBe(200);
    expectTooManyRequests(await viaDataverse());
  });

  it('gives each anonymous client address its own budget, for $metadata too', async () => {
    for (let index = 0; index < 3; index += 1) expect((await asAnonymous('192.0.2.1', '$metadata')).statusCode).toBe(200);
    expectTooManyRequests(await asAnonymous('192.0.2.1'));
    expect((await asAnonymous('192.0.2.2')).statusCode).toBe(200);
  });

  it('leaves the health routes alone', async () => {
    for (let index = 0; index < 3; index += 1) await asAnonymous('192.0.2.3');
    expectTooManyRequests(await asAnonymous('192.0.2.3'));
    const health = await t.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '192.0.2.3' });
    expect(health.statusCode).toBe(200);
  });

  it('answers callers it cannot authenticate with 401 and counts them against nobody', async () => {
    const unknownKey = generateApiKey().key;
    for (let index = 0; index < 4; index += 1) {
      expect((await t.app.inject({ method: 'GET', url: '/odata/Categories?$top=1', remoteAddress: '192.0.2.4', headers: { 'x-api-key': unknownKey } })).statusCode).toBe(401);
    }
    expect((await asAnonymous('192.0.2.4')).statusCode).toBe(200);
  });
});

describe('a cap on the requests a principal runs at once', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(BACKEND, { RATE_LIMIT_CONCURRENCY: '1', RATE_LIMIT_REQUESTS: '0', AUTH_ANONYMOUS: 'allow' });
  });
  afterAll(async () => t?.close());

  it('refuses a second request while the first runs, and lets one in once it is answered', async () => {
    const body = new PassThrough();
    body.write('{');
    const held = t.app.inject({ method: 'POST', url: '/odata/NoSuchSet', headers: { 'content-type': 'application/json', 'content-length': '2' }, payload: body });
    // The body is read once the request is let in.
    expect(await eventually(async () => body.readableLength === 0)).toBe(true);
    const refused = await t.get('Categories?$top=1');
    expectTooManyRequests(refused);
    expect(refused.headers['retry-after']).toBe('1');
    body.end('}');
    expect((await held).statusCode).toBe(404);
    expect((await t.get('Categories?$top=1')).statusCode).toBe(200);
    expect((await t.get('Categories?$top=1')).statusCode).toBe(200);
  });

  it('frees the place of a request whose client goes away before its answer', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const start = (): { request: ClientRequest; answered: boolean } => {
      const started = { request: httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/odata/NoSuchSet', agent: false, headers: { 'content-type': 'application/json', 'content-length': '2' } }), answered: false };
      started.request.on('error', () => undefined).on('response', () => (started.answered = true));
      started.request.write('{');
      return started;
    };
    // A probe that finds the place taken proves the request holds it; one that raced the request and won gets it answered 429, and it starts again.
    let running = start();
    const holds = await eventually(async () => {
      if (running.answered) running = start();
      return (await t.get('Categories?$top=1')).statusCode === 429;
    });
    expect(holds).toBe(true);
    running.request.destroy();
    expect(await eventually(async () => (await t.get('Categories?$top=1')).statusCode === 200)).toBe(true);
    expect((await t.get('Categories?$top=1')).statusCode).toBe(200);
  });
});

describe('limits turned off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(BACKEND, { RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_REQUESTS: '1', RATE_LIMIT_CONCURRENCY: '1', AUTH_ANONYMOUS: 'allow' });
  });
  afterAll(async () => t?.close());

  it('answers every request', async () => {
    const responses = await Promise.all(Array.from({ length: 4 }, () => t.get('Categories?$top=1')));
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200, 200]);
  });
});
