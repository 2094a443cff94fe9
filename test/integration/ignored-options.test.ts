import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

interface LogLine {
  readonly reqId?: string;
  readonly msg: string;
  readonly level: number;
  readonly ignored?: { readonly customOptions: string[]; readonly preferences: string[] };
}

const IGNORED = 'ignored query options and preferences';

describe.each(testBackends)('unknown custom query options and preferences on %s', (backend) => {
  let t: TestApp;
  const text: string[] = [];
  const lines = (): LogLine[] => text.map((line) => JSON.parse(line) as LogLine);
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
        done();
      },
    });
    t = await buildTestApp(backend, { LOG_LEVEL: 'debug' }, stream);
  });
  afterAll(async () => t?.close());

  it('answers as without them and logs their names once, at debug, never their values', async () => {
    const plain = await t.get('Products?$top=3&$select=id,name&$orderby=sku', { 'x-request-id': 'plain-1' });
    const asked = await t.get('Products?$top=3&$select=id,name&$orderby=sku&session_token=opt-secret-1&dv.client=opt-value-2', {
      'x-request-id': 'ignored-1',
      prefer: 'odata.include-annotations="*", frobnicate=pref-secret-3;weight=1, odata.maxpagesize=100',
    });
    expect(plain.statusCode).toBe(200);
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toBe(plain.body);
    expect(asked.headers['preference-applied']).toBe('odata.maxpagesize=100');

    const ignored = lines().filter((line) => line.msg === IGNORED);
    expect(ignored).toEqual([
      expect.objectContaining({ reqId: 'ignored-1', level: 20, ignored: { customOptions: ['session_token', 'dv.client'], preferences: ['odata.include-annotations', 'frobnicate'] } }),
    ]);
    const all = text.join('\n');
    for (const secret of ['opt-secret-1', 'pref-secret-3']) expect(all).not.toContain(secret);
    expect(JSON.stringify(ignored)).not.toContain('opt-value-2');
  });

  it('logs nothing ignored when every option and preference is acted on', async () => {
    const response = await t.get('Products?$top=1&$select=id', { 'x-request-id': 'nothing-ignored-1', prefer: 'odata.maxpagesize=10' });
    expect(response.statusCode).toBe(200);
    expect(lines().filter((line) => line.reqId === 'nothing-ignored-1' && line.msg === IGNORED)).toEqual([]);
    expect(lines().filter((line) => line.reqId === 'nothing-ignored-1' && line.msg === 'request completed')).toHaveLength(1);
  });
});
