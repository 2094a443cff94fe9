import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

interface ErrorBody {
  error: { code: string; message: string; details: unknown[]; innererror: { requestId: string } };
}

interface LogLine {
  readonly reqId?: string;
  readonly msg: string;
  readonly level: number;
  readonly status?: number;
  readonly code?: string;
}

/** The log of an app, as parsed JSON lines. */
function capturedLog(): { stream: Writable; lines: () => LogLine[] } {
  const text: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      done();
    },
  });
  return { stream, lines: () => text.map((line) => JSON.parse(line) as LogLine) };
}

/** The request id of an error response: the same in the `x-request-id` header and in the body's `innererror`. */
function requestIdOf(response: LightMyRequestResponse): string {
  const header = response.headers['x-request-id'];
  expect(typeof header).toBe('string');
  const body = response.json<ErrorBody>();
  expect(body.error.innererror).toEqual({ requestId: header });
  return header as string;
}

describe.each(testBackends)('the request id of an error on %s', (backend) => {
  let t: TestApp;
  const log = capturedLog();
  beforeAll(async () => {
    t = await buildTestApp(backend, { LOG_LEVEL: 'info' }, log.stream);
    t.app.get('/unexpected', () => {
      throw new Error('a failure no stage expected');
    });
  });
  afterAll(async () => t?.close());

  /** The request line of the log for `requestId`: there is exactly one. */
  function requestLine(requestId: string): LogLine {
    const found = log.lines().filter((line) => line.reqId === requestId && line.msg === 'request completed');
    expect(found).toHaveLength(1);
    return found[0] as LogLine;
  }

  it.each([
    ['a 400', "Products?$filter=price%20eq%20'ten'", 400, 'OF203'],
    ['a 404', 'Nope', 404, 'OF201'],
    ['a 404 outside the service root', '../nowhere', 404, 'OF504'],
  ])('%s carries the id of the header in innererror and in the log line', async (_name, path, status, code) => {
    const response = await t.get(path);
    expect(response.statusCode).toBe(status);
    expect(response.json<ErrorBody>().error.code).toBe(code);
    const requestId = requestIdOf(response);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLine(requestId).status).toBe(status);
  });

  it('echoes a sane id the client sent, in the header and in innererror; a hostile one is replaced', async () => {
    const given = await t.get('Nope', { 'x-request-id': 'trace-7f3a.1' });
    expect(requestIdOf(given)).toBe('trace-7f3a.1');
    expect(requestLine('trace-7f3a.1').status).toBe(404);
    const hostile = await t.get('Nope', { 'x-request-id': 'a b<script>' });
    expect(requestIdOf(hostile)).not.toContain('script');
  });

  it('answers an unexpected failure 500 with a generic message, the id in innererror and in the logged failure', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/unexpected', headers: { 'x-request-id': 'boom-1' } });
    expect(response.statusCode).toBe(500);
    const { error } = response.json<ErrorBody>();
    expect(error.code).toBe('OF599');
    expect(response.body).not.toContain('no stage expected');
    expect(requestIdOf(response)).toBe('boom-1');
    const failures = log.lines().filter((line) => line.msg === 'request failed');
    expect(failures.filter((line) => line.reqId === 'boom-1')).toEqual([expect.objectContaining({ level: 50, code: 'OF599' })]);
    expect(requestLine('boom-1').status).toBe(500);
  });

  it('gives the errors of the operations of a $batch the id of the batch request, JSON and multipart', async () => {
    const json = await t.app.inject({
      method: 'POST',
      url: '/odata/$batch',
      headers: { 'content-type': 'application/json', 'x-request-id': 'batch-json-1' },
      payload: JSON.stringify({ requests: [{ id: '1', method: 'GET', url: 'Nope' }, { id: '2', method: 'GET', url: "Products?$filter=price%20eq%20'ten'" }] }),
    });
    expect(json.statusCode).toBe(200);
    expect(json.headers['x-request-id']).toBe('batch-json-1');
    const { responses } = json.json<{ responses: { status: number; body: ErrorBody }[] }>();
    expect(responses.map((response) => [response.status, response.body.error.innererror])).toEqual([
      [404, { requestId: 'batch-json-1' }],
      [400, { requestId: 'batch-json-1' }],
    ]);
    const multipart = await t.app.inject({
      method: 'POST',
      url: '/odata/$batch',
      headers: { 'content-type': 'multipart/mixed; boundary=b', 'x-request-id': 'batch-mp-1' },
      payload: ['--b', 'Content-Type: application/http', '', 'GET Nope HTTP/1.1', '', '', '--b--', ''].join('\r\n'),
    });
    expect(multipart.statusCode).toBe(200);
    expect(multipart.body).toMatch(/HTTP\/1\.1 404/);
    expect(multipart.body).toContain('"innererror":{"requestId":"batch-mp-1"}');
  });
});

describe.each(testBackends)('the request id of a refused request on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend, { AUTH_ANONYMOUS: 'deny', AUTH_JWT_SECRET: 'a-shared-secret-of-at-least-32-bytes!', AUTH_JWT_ISSUERS: 'https://issuer.example', AUTH_JWT_AUDIENCES: 'api://odata' });
  });
  afterAll(async () => t?.close());

  it('answers 401 with the id in the header and in innererror', async () => {
    const response = await t.get('Products', { 'x-request-id': 'who-1' });
    expect(response.statusCode).toBe(401);
    expect(requestIdOf(response)).toBe('who-1');
  });
});

describe('the request id of a server-side failure inside a $batch', () => {
  it('is in the operation error and in the logged failure', async () => {
    const log = capturedLog();
    const t = await buildTestApp('pglite', { LOG_LEVEL: 'error' }, log.stream);
    try {
      // Without a database every operation fails with 503.
      await t.database.close();
      const response = await t.app.inject({
        method: 'POST',
        url: '/odata/$batch',
        headers: { 'content-type': 'application/json', 'x-request-id': 'batch-down-1' },
        payload: JSON.stringify({ requests: [{ id: '1', method: 'GET', url: 'Categories(1)' }] }),
      });
      const [operation] = response.json<{ responses: { status: number; body: ErrorBody }[] }>().responses;
      expect(operation?.status).toBe(503);
      expect(operation?.body.error.innererror).toEqual({ requestId: 'batch-down-1' });
      const failed = log.lines().filter((line) => line.msg === 'batch operation failed');
      expect(failed).toEqual([expect.objectContaining({ reqId: 'batch-down-1', code: 'OF401' })]);
    } finally {
      await t.close();
    }
  });
});
