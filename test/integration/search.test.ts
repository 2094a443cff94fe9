import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

/** `$search` text and the SQL condition over sku, name and description it must equal. */
const ROWS: readonly [string, string][] = [
  ['lamp', "(sku ilike '%lamp%' or name ilike '%lamp%' or description ilike '%lamp%')"],
  ['LAMP', "(sku ilike '%lamp%' or name ilike '%lamp%' or description ilike '%lamp%')"],
  ['lamp OR mirror', "(name ilike '%lamp%' or description ilike '%lamp%' or name ilike '%mirror%' or description ilike '%mirror%' or sku ilike '%lamp%' or sku ilike '%mirror%')"],
  ['smart lamp', "(sku ilike '%smart%' or name ilike '%smart%' or description ilike '%smart%') and (sku ilike '%lamp%' or name ilike '%lamp%' or description ilike '%lamp%')"],
  ['"smart table"', "(sku ilike '%smart table%' or name ilike '%smart table%' or description ilike '%smart table%')"],
  ['lamp AND NOT smart', "(sku ilike '%lamp%' or name ilike '%lamp%' or description ilike '%lamp%') and not (sku ilike '%smart%' or name ilike '%smart%' or coalesce(description ilike '%smart%', false))"],
  ['"50%"', "(sku ilike '%50\\%%' or name ilike '%50\\%%' or description ilike '%50\\%%')"],
];

describe.each(testBackends)('$search on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend, { DEFAULT_PAGE_SIZE: '5000', MAX_PAGE_SIZE: '5000' });
  });
  afterAll(async () => t?.close());

  it.each(ROWS)('%s', async (search, condition) => {
    const response = await t.get(`Products?$select=sku&$orderby=sku&$search=${encodeURIComponent(search)}`);
    expect(response.statusCode, response.body).toBe(200);
    const actual = response.json<{ value: { sku: string }[] }>().value.map((row) => row.sku);
    const expected = (await t.sql<{ sku: string }>(`select sku from products where ${condition} order by sku`)).map((row) => row.sku);
    expect(actual).toEqual(expected);
  });

  it('finds something for a plain term, combines with $filter and counts with /$count', async () => {
    const found = (await t.get('Products?$select=sku&$search=lamp&$count=true')).json<{ '@odata.count': number }>();
    expect(found['@odata.count']).toBeGreaterThan(0);
    const filtered = (await t.get('Products?$search=lamp&$filter=price%20gt%20100&$count=true&$top=0')).json<{ '@odata.count': number }>();
    const [row] = await t.sql<{ n: string }>(
      "select count(*)::text as n from products where (sku ilike '%lamp%' or name ilike '%lamp%' or description ilike '%lamp%') and price > 100",
    );
    expect(filtered['@odata.count']).toBe(Number(row?.n));
    expect((await t.get('Products/$count?$search=lamp')).body).toBe(String(found['@odata.count']));
  });

  it('answers 400 for a malformed search', async () => {
    const response = await t.get('Products?$search=%22open');
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { target: string } }>().error.target).toBe('$search');
  });
});
