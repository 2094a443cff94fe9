import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

interface ErrorBody {
  error: { code: string; message: string; target?: string; details: unknown[] };
}

describe.each(testBackends)('errors on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => t?.close());

  async function expectError(path: string, status: number, code: string, target?: string, method = 'GET'): Promise<ErrorBody> {
    const response = await t.app.inject({ method: method as 'GET', url: `/odata/${path}` });
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json<ErrorBody>();
    expect(Object.keys(body.error)).toEqual(expect.arrayContaining(['code', 'message', 'details']));
    expect(body.error.code).toBe(code);
    if (target !== undefined) expect(body.error.target).toBe(target);
    expect(response.body).not.toMatch(/select |\bfrom "|at .*\.(ts|js):\d+/i);
    return body;
  }

  it.each([
    ['Nope', 404, 'OF201', 'Nope'],
    ['Products?$filter=price%20gt', 400, 'OF101', '$filter'],
    ['Products?$filter=nope%20eq%201', 400, 'OF202', '$filter'],
    ['Products?$select=nope', 400, 'OF202', '$select'],
    ['Products?$orderby=nope', 400, 'OF202', '$orderby'],
    ["Products?$filter=price%20eq%20'ten'", 400, 'OF203', '$filter'],
    ['Products?$filter=name%20add%201%20eq%202', 400, 'OF203', '$filter'],
    ['Products?$filter=price', 400, 'OF203', '$filter'],
    ['Products?$filter=frobnicate(name)', 400, 'OF207', '$filter'],
    ['Products?$filter=length(name,name)%20eq%201', 400, 'OF208', '$filter'],
    ['Products?$top=-1', 400, undefined, '$top'],
    ['Products?$bogus=1', 400, 'OF105', undefined],
    ['Products?$top=1&$top=2', 400, 'OF106', undefined],
    ['Products?$expand=nope', 400, 'OF202', '$expand'],
    ['Products?$expand=$value', 501, 'OF206', '$expand'],
    ['Products?$search=%22blue', 400, 'OF101', '$search'],
    ['Products?$filter=tags/any(t:t%20eq%201)', 400, 'OF203', '$filter'],
    ['Products?$filter=matchesPattern(name,%27(%27)', 400, 'OF404', undefined],
    ["Products?$filter=geo.intersects(name,geography'SRID=4326;Point(1%202)')", 501, 'OF206', '$filter'],
    ['Products/$count/extra', 400, 'OF101', 'path'],
    ['Products(1)/name/extra', 400, 'OF204', undefined],
    ['Products?$format=xml', 406, 'OF502', undefined],
    ['Products?$skiptoken=abc', 400, 'OF105', '$skiptoken'],
  ])('%s → %i %s', async (path, status, code, target) => {
    const response = await t.get(path);
    expect(response.statusCode, response.body).toBe(status);
    const body = response.json<ErrorBody>();
    if (code !== undefined) expect(body.error.code).toBe(code);
    if (target !== undefined) expect(body.error.target).toBe(target);
  });

  it('names the position of a syntax error', async () => {
    const body = await expectError('Products?$filter=price%20gt%2010%20and%20(name%20eq', 400, 'OF101', '$filter');
    expect(body.error.message).toMatch(/position \d+/);
  });

  it('answers 405 with Allow for methods the service does not take', async () => {
    const response = await t.app.inject({ method: 'DELETE', url: '/odata/Products' });
    expect(response.statusCode).toBe(405);
    expect(response.headers['allow']).toBe('GET, HEAD, POST');
    expect(response.json<ErrorBody>().error.code).toBe('OF501');
    const metadata = await t.app.inject({ method: 'POST', url: '/odata/$metadata' });
    expect(metadata.statusCode).toBe(405);
    expect(metadata.headers['allow']).toBe('GET, HEAD');
  });

  it('answers 406 when nothing acceptable can be produced', async () => {
    const response = await t.get('Products', { accept: 'application/xml' });
    expect(response.statusCode).toBe(406);
  });

  it('answers 404 as an OData error outside the service root', async () => {
    await expectError('../nowhere', 404, 'OF504');
  });

  it('turns database value errors into 400 without server detail', async () => {
    const body = await expectError('Products?$filter=price%20div%200%20gt%201', 400, 'OF404');
    expect(body.error.message).not.toContain('products');
    await expectError('Products?$filter=release_date%20eq%202024-02-30', 400, 'OF404');
  });

  it('rejects an unsupported OData-Version', async () => {
    const response = await t.get('Products?$top=1', { 'odata-version': '3.0' });
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorBody>().error.code).toBe('OF503');
  });
});
