import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

interface Page {
  '@odata.context': string;
  value: Record<string, unknown>[];
}

describe.each(testBackends)('$compute on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => t?.close());

  it('computes properties usable in $select, $filter and $orderby', async () => {
    const response = await t.get(
      `Products?$compute=${encodeURIComponent('price mul quantity as stock_value, length(name) as name_length')}` +
        `&$select=sku,stock_value,name_length&$filter=${encodeURIComponent('stock_value gt 1000 and name_length lt 20')}` +
        `&$orderby=${encodeURIComponent('stock_value desc')}&$top=5`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<Page>();
    expect(body['@odata.context']).toMatch(/#Products\(sku,stock_value,name_length\)$/);
    const expected = await t.sql<{ etag: string; sku: string; stock_value: string; name_length: number }>(
      `select 'W/"' || xmin::text || '"' as etag, sku, (price * quantity)::text as stock_value, char_length(name) as name_length from products
       where price * quantity > 1000 and char_length(name) < 20 order by price * quantity desc, id limit 5`,
    );
    expect(body.value).toEqual(
      expected.map((row) => ({ '@odata.etag': row.etag, sku: row.sku, stock_value: Number(row.stock_value), name_length: row.name_length })),
    );
  });

  it('returns computed properties without $select and with $select=*, next to the declared ones', async () => {
    const all = (await t.get("Products?$compute=concat(sku,'!')%20as%20shout&$top=1")).json<Page>().value[0] ?? {};
    expect(all['shout']).toBe(`${String(all['sku'])}!`);
    expect(Object.keys(all)).toContain('price');
    const star = (await t.get("Products?$compute=concat(sku,'!')%20as%20shout&$select=*&$top=1")).json<Page>().value[0] ?? {};
    expect(star['shout']).toBe(`${String(star['sku'])}!`);
    const picked = (await t.get("Products?$compute=concat(sku,'!')%20as%20shout&$select=sku&$top=1")).json<Page>().value[0] ?? {};
    expect(Object.keys(picked)).toEqual(['@odata.etag', 'sku']);
  });

  it('lets a computed property use an earlier one, and works on a single entity', async () => {
    const [row] = await t.sql<{ id: string; price: string }>("select id::text, price::text from products where sku = 'SKU-000001'");
    const response = await t.get(`Products(${row?.id})?$compute=${encodeURIComponent('price mul 2 as twice, twice add 1 as more')}&$select=twice,more`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ twice: Number(row?.price) * 2, more: Number(row?.price) * 2 + 1 });
  });

  it.each([
    ['price as name', 400, 'OF208'],
    ['price as a, quantity as a', 400, 'OF208'],
    ['nope mul 2 as x', 400, 'OF202'],
    ['tags as t', 400, 'OF203'],
    ["name add 1 as x", 400, 'OF203'],
  ])('rejects %s', async (compute, status, code) => {
    const response = await t.get(`Products?$compute=${encodeURIComponent(compute)}`);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json<{ error: { code: string; target: string } }>().error).toMatchObject({ code, target: '$compute' });
  });
});
