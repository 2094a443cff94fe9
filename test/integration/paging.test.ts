import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

interface Page {
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: Record<string, unknown>[];
}

const ROOT = 'http://localhost:80/odata/';

/** Each row: the OData request (no paging options) and the SQL order that must give the same sequence of ids. */
const ORDERS: readonly [string, string][] = [
  ['$select=id', 'id'],
  ['$select=id&$orderby=name', 'name, id'],
  ['$select=id&$orderby=cost%20desc', 'cost desc nulls last, id'],
  ['$select=id&$orderby=release_date,price%20desc', 'release_date nulls first, price desc, id'],
  ['$select=id&$orderby=supplier_id%20desc,category_id&$filter=price%20gt%20500', 'supplier_id desc nulls last, category_id, id'],
  ['$select=id&$orderby=weight_kg&$search=lamp', 'weight_kg nulls first, id'],
];

describe.each(testBackends)('server-driven paging with $skiptoken on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend, { DEFAULT_PAGE_SIZE: '37', MAX_PAGE_SIZE: '500' });
  });
  afterAll(async () => t?.close());

  async function follow(first: string): Promise<{ ids: unknown[]; pages: number; counts: Set<number | undefined> }> {
    const ids: unknown[] = [];
    const counts = new Set<number | undefined>();
    let url: string | undefined = first;
    let pages = 0;
    while (url !== undefined) {
      const response = await t.get(url);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json<Page>();
      ids.push(...body.value.map((row) => row['id']));
      counts.add(body['@odata.count']);
      pages += 1;
      url = body['@odata.nextLink']?.replace(ROOT, '');
    }
    return { ids, pages, counts };
  }

  it.each(ORDERS)('walks %s in the order of %s, every row once', async (query, order) => {
    const where = query.includes('$filter') ? 'where price > 500' : query.includes('$search') ? "where (sku ilike '%lamp%' or name ilike '%lamp%' or description ilike '%lamp%')" : '';
    const expected = (await t.sql<{ id: string }>(`select id::text from products ${where} order by ${order}`)).map((row) => row.id);
    const { ids, pages, counts } = await follow(`Products?${query}&$count=true`);
    expect(ids).toEqual(expected);
    expect(pages).toBe(Math.max(1, Math.ceil(expected.length / 37)));
    expect([...counts]).toEqual([expected.length]);
  });

  it('carries $top across pages and keeps every other option', async () => {
    const { ids } = await follow('Products?$select=id&$orderby=price&$top=100');
    const expected = (await t.sql<{ id: string }>('select id::text from products order by price, id limit 100')).map((row) => row.id);
    expect(ids).toEqual(expected);
  });

  it('applies $skip once, on the first page', async () => {
    const { ids } = await follow('Products?$select=id&$orderby=sku&$skip=990');
    const expected = (await t.sql<{ id: string }>('select id::text from products order by sku, id offset 990')).map((row) => row.id);
    expect(ids).toEqual(expected);
  });

  it('rejects a tampered, foreign or mismatched token with 400', async () => {
    const first = (await t.get('Products?$select=id&$orderby=name')).json<Page>();
    const link = first['@odata.nextLink'] ?? '';
    const token = new URL(link).searchParams.get('$skiptoken') ?? '';
    const [body = '', mac = ''] = token.split('.');
    const tampered = `${Buffer.from(Buffer.from(body, 'base64url').toString().replace(/"v":"\[\\"/, '"v":"[\\"A')).toString('base64url')}.${mac}`;
    for (const bad of [tampered, `${body}.AAAA`, 'not-a-token', token.slice(0, -2)]) {
      const response = await t.get(`Products?$select=id&$orderby=name&$skiptoken=${encodeURIComponent(bad)}`);
      expect(response.statusCode).toBe(400);
      expect(response.json<{ error: { target: string } }>().error.target).toBe('$skiptoken');
    }
    expect((await t.get(`Products?$select=id&$orderby=sku&$skiptoken=${encodeURIComponent(token)}`)).statusCode).toBe(400);
    expect((await t.get(`Categories?$skiptoken=${encodeURIComponent(token)}`)).statusCode).toBe(400);
    expect((await t.get(`Products?$select=sku&$orderby=name&$skiptoken=${encodeURIComponent(token)}`)).statusCode).toBe(200);
  });

  it('pages a table without key by offset', async () => {
    const first = (await t.get('Readings?$orderby=sensor', { prefer: 'odata.maxpagesize=2' })).json<Page>();
    expect(first['@odata.nextLink']).toMatch(/\$skip=2$/);
  });
});
