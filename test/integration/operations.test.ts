import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

describe.each(testBackends)('operations on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => t?.close());

  it('answers health and readiness', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
  });

  it('gives every response a request id, keeping a sane one from the client', async () => {
    const fresh = await t.get('Products?$top=1');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await t.get('Products?$top=1', { 'x-request-id': 'abc-123' });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const hostile = await t.get('Products?$top=1', { 'x-request-id': 'a b\u00e9<script>' });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const error = await t.get('Nope', { 'x-request-id': 'err-1' });
    expect(error.headers['x-request-id']).toBe('err-1');
  });

  it('rolls back a failed request and serves the next on the same connections', async () => {
    for (let round = 0; round < 12; round += 1) {
      expect((await t.get('Products?$filter=quantity%20div%200%20gt%201')).statusCode).toBe(400);
      expect((await t.get('Products?$top=1&$select=sku')).statusCode).toBe(200);
    }
  });

  it('reports the time of each stage in Server-Timing, only db and response for a read already compiled', async () => {
    const first = await t.get("Products?$top=1&$select=sku&$filter=sku%20ne%20'server-timing'");
    expect(first.headers['server-timing']).toMatch(/^auth;dur=[\d.]+, parse;dur=[\d.]+, plan;dur=[\d.]+, sql;dur=[\d.]+, db;dur=[\d.]+, response;dur=[\d.]+$/);
    const again = await t.get("Products?$top=1&$select=sku&$filter=sku%20ne%20'server-timing'");
    expect(again.headers['server-timing']).toMatch(/^auth;dur=[\d.]+, db;dur=[\d.]+, response;dur=[\d.]+$/);
    expect(again.body).toBe(first.body);
  });
});

describe('readiness without a database', () => {
  it('answers 503 when the database is gone', async () => {
    const t = await buildTestApp('pglite');
    await t.database.close();
    const response = await t.app.inject('/readyz');
    expect(response.statusCode).toBe(503);
    await t.app.close();
  });
});

describe('request logs', () => {
  it('writes one JSON line per request with id, method, path, status and duration, secrets masked', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(...chunk.toString().split('\n').filter((line) => line.length > 0));
        callback();
      },
    });
    const t = await buildTestApp('pglite', { LOG_LEVEL: 'info' }, stream);
    try {
      await t.get('Products?$top=1&api_key=s3cr3t&access_token=t0k3n', { 'x-request-id': 'log-1', authorization: 'Bearer xyz' });
      const entry = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['reqId'] === 'log-1');
      expect(entry).toMatchObject({ method: 'GET', status: 200, path: expect.stringContaining('/odata/Products?'), durationMs: expect.any(Number) });
      const all = lines.join('\n');
      expect(all).not.toContain('s3cr3t');
      expect(all).not.toContain('t0k3n');
      expect(all).not.toContain('Bearer xyz');
    } finally {
      await t.close();
    }
  });

  it('writes no request line below info, and still answers with the request id', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    const t = await buildTestApp('pglite', { LOG_LEVEL: 'warn' }, stream);
    try {
      const response = await t.get('Products?$top=1', { 'x-request-id': 'quiet-1' });
      expect(response.headers['x-request-id']).toBe('quiet-1');
      await t.get('Nope');
      expect(lines.join('')).not.toContain('request completed');
    } finally {
      await t.close();
    }
  });
});
