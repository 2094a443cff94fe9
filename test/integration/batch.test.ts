import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';
import { changeSetPart, httpPart, readBatchResponse, type BatchResponsePart } from '../unit/batch/multipart-response.js';

/** An `application/http` part holding one request (`lines`: request line, headers, blank line, body). */
function requestPart(boundary: string, lines: readonly string[], contentId?: string): string {
  const head = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary', ...(contentId === undefined ? [] : [`Content-ID: ${contentId}`])];
  return [`--${boundary}`, ...head, '', ...lines].join('\r\n');
}

/** A multipart body: the parts, then the close delimiter. */
function multipart(boundary: string, parts: readonly string[]): string {
  return `${parts.join('\r\n')}\r\n--${boundary}--\r\n`;
}

function changeSet(boundary: string, members: readonly string[]): string {
  return [`--batch_x`, `Content-Type: multipart/mixed; boundary=${boundary}`, '', multipart(boundary, members)].join('\r\n');
}

const get = (url: string): string[] => [`GET ${url} HTTP/1.1`, 'Accept: application/json', '', ''];
const write = (method: string, url: string, body: unknown): string[] => [`${method} ${url} HTTP/1.1`, 'Content-Type: application/json; type=entry', '', JSON.stringify(body)];

interface JsonBatchResponse {
  responses: { id: string; status: number; atomicityGroup?: string; headers?: Record<string, string>; body?: unknown }[];
}

describe.each(testBackends)('$batch on %s', (backend) => {
  let t: TestApp;
  let category: { id: number; name: string };
  beforeAll(async () => {
    t = await buildTestApp(backend);
    [category] = (await t.sql<typeof category>('select id, name from categories order by id limit 1')) as [typeof category];
  });
  afterAll(async () => t?.close());

  const postBatch = (payload: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/odata/$batch', headers: { 'content-type': 'multipart/mixed;boundary=batch_x', ...headers }, payload });
  const postJsonBatch = (requests: unknown[], headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/odata/$batch', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify({ requests }) });
  const partsOf = (response: { headers: Record<string, unknown>; rawPayload: Buffer }): BatchResponsePart[] =>
    readBatchResponse(response.headers['content-type'] as string, response.rawPayload);
  const categoriesNamed = async (prefix: string): Promise<number> =>
    Number((await t.sql<{ count: string }>('select count(*)::text as count from categories where name like ?', [`${prefix}%`]))[0]?.count);

  it('answers GETs part for part as the same requests answer alone, with any of the three URL forms', async () => {
    const urls = [`Categories(${category.id})`, '/odata/Products?$top=2&$select=sku,price&$orderby=sku', 'http://localhost:80/odata/Categories/$count'];
    const response = await postBatch(multipart('batch_x', urls.map((url) => requestPart('batch_x', get(url)))));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^multipart\/mixed; boundary=batchresponse_[0-9a-f-]{36}$/);
    expect(response.headers['server-timing']).toMatch(/batch-parse;dur=[\d.]+, operations;dur=[\d.]+, response;dur=[\d.]+$/);
    const parts = partsOf(response).map(httpPart);
    expect(parts.map((part) => [part.mime['content-type'], part.mime['content-transfer-encoding'], part.status, part.reason])).toEqual([
      ['application/http', 'binary', 200, 'OK'],
      ['application/http', 'binary', 200, 'OK'],
      ['application/http', 'binary', 200, 'OK'],
    ]);
    const [one, page, count] = parts;
    expect(JSON.parse(one?.body ?? '')).toEqual((await t.get(`Categories(${category.id})`)).json());
    expect(JSON.parse(page?.body ?? '')).toEqual((await t.get('Products?$top=2&$select=sku,price&$orderby=sku')).json());
    expect(page?.headers['odata-version']).toBe('4.0');
    expect(count?.body).toBe((await t.get('Categories/$count')).body);
  });

  it('reads bare LF line ends, a preamble and an epilogue', async () => {
    const payload = `preamble\n--batch_x\nContent-Type: application/http\n\nGET Categories(${category.id})?$select=name HTTP/1.1\n\n\n--batch_x--\nepilogue`;
    const [part] = partsOf(await postBatch(payload)).map(httpPart);
    expect(JSON.parse(part?.body ?? '')).toMatchObject({ name: category.name });
  });

  it('stops after the first failed request, unless asked to continue on error', async () => {
    const payload = multipart('batch_x', [
      requestPart('batch_x', get('Products(00000000-0000-0000-0000-000000000000)')),
      requestPart('batch_x', get(`Categories(${category.id})`), 'after'),
    ]);
    const stopped = await postBatch(payload);
    expect(stopped.statusCode).toBe(200);
    expect(stopped.headers['preference-applied']).toBeUndefined();
    const [missing, ...rest] = partsOf(stopped).map(httpPart);
    expect(missing).toMatchObject({ status: 404, reason: 'Not Found' });
    expect(JSON.parse(missing?.body ?? '').error.code).toBe('OF205');
    expect(rest).toEqual([]);

    const continued = await postBatch(payload, { prefer: 'odata.continue-on-error' });
    expect(continued.headers['preference-applied']).toBe('odata.continue-on-error');
    expect(partsOf(continued).map(httpPart).map((part) => [part.status, part.mime['content-id']])).toEqual([
      [404, undefined],
      [200, 'after'],
    ]);
    const explicitFalse = await postBatch(payload, { prefer: 'odata.continue-on-error=false' });
    expect(explicitFalse.headers['preference-applied']).toBe('odata.continue-on-error=false');
    expect(partsOf(explicitFalse)).toHaveLength(1);
  });

  it('runs a change set of creates, binding the second to the first with $1', async () => {
    const name = `Batch ${randomUUID()}`;
    const sku = `B-${randomUUID().slice(0, 8)}`;
    const members = [
      requestPart('changeset_1', write('POST', 'http://localhost:80/odata/Categories', { name }), '1'),
      requestPart('changeset_1', write('POST', '/odata/Products', { sku, name: 'Batch mug', price: 9.5, 'category@odata.bind': '$1' }), '2'),
      requestPart('changeset_1', write('PATCH', '$2', { name: 'Renamed batch mug' }), '3'),
    ];
    const response = await postBatch(multipart('batch_x', [changeSet('changeset_1', members), requestPart('batch_x', get(`Products?$filter=sku eq '${sku}'&$select=name&$expand=category($select=name)`))]));
    expect(response.statusCode).toBe(200);
    const [set, read] = partsOf(response);
    const results = changeSetPart(set).parts;
    expect(results.map((part) => [part.mime['content-id'], part.status < 300])).toEqual([
      ['1', true],
      ['2', true],
      ['3', true],
    ]);
    expect(results[0]?.headers['location']).toMatch(/^http:\/\/localhost:80\/odata\/Categories\(.+\)$/);
    const rows = await t.sql<{ name: string; category: string }>('select p.name, c.name as category from products p join categories c on c.id = p.category_id where p.sku = ?', [sku]);
    expect(rows).toEqual([{ name: 'Renamed batch mug', category: name }]);
    expect(JSON.parse(httpPart(read).body).value).toEqual([expect.objectContaining({ name: 'Renamed batch mug', category: expect.objectContaining({ name }) })]);
  });

  it('leaves no trace of a change set whose third operation fails', async () => {
    const prefix = `Rolled back ${randomUUID()}`;
    const members = [
      requestPart('changeset_2', write('POST', 'Categories', { name: `${prefix} A` }), '1'),
      requestPart('changeset_2', write('POST', 'Categories', { name: `${prefix} B` }), '2'),
      requestPart('changeset_2', write('POST', 'Categories', { name: category.name }), '3'),
    ];
    const payload = multipart('batch_x', [changeSet('changeset_2', members), requestPart('batch_x', get(`Categories(${category.id})`))]);
    const response = await postBatch(payload, { prefer: 'odata.continue-on-error' });
    expect(response.statusCode).toBe(200);
    const [failed, after] = partsOf(response).map(httpPart);
    expect(failed?.mime['content-id']).toBe('3');
    expect(failed?.status).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(failed?.body ?? '').error.code).toMatch(/^OF\d{3}$/);
    expect(after?.status).toBe(200);
    expect(await categoriesNamed(prefix)).toBe(0);
  });

  it('refuses 1,001 operations with 400 before running any', async () => {
    const prefix = `Too many ${randomUUID()}`;
    const parts = Array.from({ length: 1001 }, (_, index) => requestPart('batch_x', write('POST', 'Categories', { name: `${prefix} ${index}` })));
    const response = await postBatch(multipart('batch_x', parts));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('OF211');
    expect(await categoriesNamed(prefix)).toBe(0);
  });

  it.each([
    ['a part without request line', () => requestPart('batch_x', ['', '']), 'OF514'],
    ['a GET inside a change set', () => changeSet('cs', [requestPart('cs', get('Categories'), '9')]), 'OF514'],
    ['a nested $batch', () => requestPart('batch_x', ['POST $batch HTTP/1.1', 'Content-Type: multipart/mixed; boundary=y', '', '--y--']), 'OF514'],
    ['an unknown $<id> reference', (prefix: string) => changeSet('cs', [requestPart('cs', write('POST', 'Products', { name: prefix, 'category@odata.bind': '$7' }), '1')]), 'OF514'],
  ])('answers 400 for %s and applies nothing', async (_name, broken, code) => {
    const prefix = `Malformed ${randomUUID()}`;
    const payload = multipart('batch_x', [requestPart('batch_x', write('POST', 'Categories', { name: `${prefix} first` })), broken(prefix)]);
    const response = await postBatch(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe(code);
    expect(await categoriesNamed(prefix)).toBe(0);
  });

  it('answers 415 for a body that is no batch format and 405 for GET $batch', async () => {
    const wrongType = await t.app.inject({ method: 'POST', url: '/odata/$batch', headers: { 'content-type': 'text/plain' }, payload: 'GET Categories' });
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json().error.code).toBe('OF509');
    expect((await t.get('$batch')).statusCode).toBe(405);
  });

  it('answers a JSON batch: 424 for requests whose dependency failed, the others run', async () => {
    const response = await postJsonBatch([
      { id: 'missing', method: 'get', url: 'Products(00000000-0000-0000-0000-000000000000)' },
      { id: 'dependent', method: 'get', url: `Categories(${category.id})`, dependsOn: ['missing'] },
      { id: 'transitive', method: 'get', url: 'Categories', dependsOn: ['dependent'] },
      { id: 'free', method: 'get', url: `/odata/Categories(${category.id})?$select=name` },
    ]);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const { responses } = response.json<JsonBatchResponse>();
    expect(responses.map((entry) => [entry.id, entry.status])).toEqual([
      ['missing', 404],
      ['dependent', 424],
      ['transitive', 424],
      ['free', 200],
    ]);
    expect(responses[3]?.body).toMatchObject({ name: category.name });
  });

  it('stops a JSON batch at the first failure with continue-on-error=false', async () => {
    const response = await postJsonBatch(
      [
        { id: 'missing', method: 'get', url: 'Products(00000000-0000-0000-0000-000000000000)' },
        { id: 'free', method: 'get', url: 'Categories' },
      ],
      { prefer: 'continue-on-error=false' },
    );
    expect(response.headers['preference-applied']).toBe('continue-on-error=false');
    expect(response.json<JsonBatchResponse>().responses.map((entry) => entry.id)).toEqual(['missing']);
  });

  it('applies a JSON atomicity group all or nothing, and answers 424 for what depends on a failed group', async () => {
    const name = `Json ${randomUUID()}`;
    const sku = `J-${randomUUID().slice(0, 8)}`;
    const response = await postJsonBatch([
      { id: 'c', atomicityGroup: 'ok', method: 'post', url: 'Categories', headers: { prefer: 'return=representation' }, body: { name } },
      { id: 'p', atomicityGroup: 'ok', method: 'post', url: 'Products', body: { sku, name: 'Json mug', price: 4.25, 'category@odata.bind': '$c' } },
      { id: 'read', dependsOn: ['ok'], method: 'get', url: '$p?$select=sku' },
      { id: 'x', atomicityGroup: 'bad', method: 'post', url: 'Categories', body: { name: `${name} x` } },
      { id: 'y', atomicityGroup: 'bad', method: 'post', url: 'Categories', body: { name: category.name } },
      { id: 'after', dependsOn: ['bad'], method: 'get', url: 'Categories' },
    ]);
    const { responses } = response.json<JsonBatchResponse>();
    const byId = new Map(responses.map((entry) => [entry.id, entry]));
    expect(byId.get('c')).toMatchObject({ atomicityGroup: 'ok', status: 201, body: expect.objectContaining({ name }) });
    expect(byId.get('p')?.status).toBeLessThan(300);
    expect(byId.get('read')).toMatchObject({ status: 200, body: expect.objectContaining({ sku }) });
    expect(byId.get('x')).toMatchObject({ atomicityGroup: 'bad', status: 424 });
    expect(byId.get('y')?.status).toBeGreaterThanOrEqual(400);
    expect(byId.get('after')?.status).toBe(424);
    expect(await t.sql('select c.name from products p join categories c on c.id = p.category_id where p.sku = ?', [sku])).toEqual([{ name }]);
    expect(await categoriesNamed(`${name} x`)).toBe(0);
  });
});

describe.each(testBackends)('$batch limits on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend, { MAX_BODY_BYTES: '65536', MAX_BATCH_BODY_BYTES: '1024' });
  });
  afterAll(async () => t?.close());

  it('answers 413 for a batch body over its own limit', async () => {
    const payload = multipart('batch_x', [requestPart('batch_x', [...get('Categories'), 'x'.repeat(2000)])]);
    const response = await t.app.inject({ method: 'POST', url: '/odata/$batch', headers: { 'content-type': 'multipart/mixed;boundary=batch_x' }, payload });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('OF511');
  });
});
