import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

/** Each row: an OData filter and the SQL condition (written by hand) that must select the same rows. */
const PRODUCT_ROWS: readonly [string, string][] = [
  ["tags/any(t: t eq 'eco')", "'eco' = any(tags)"],
  ["tags/all(t: t ne 'eco')", "not ('eco' = any(tags))"],
  ['tags/any()', 'cardinality(tags) > 0'],
  ['not tags/any()', 'coalesce(cardinality(tags), 0) = 0'],
  ['tags/$count ge 2', 'cardinality(tags) >= 2'],
  ['hassubset(tags, ["eco","sale"])', "tags @> array['eco','sale']"],
  ["category/name eq 'Garden'", "category_id = (select id from categories where name = 'Garden')"],
  ['supplier/rating ge 4', 'supplier_id in (select id from suppliers where rating >= 4)'],
  ['supplier/country eq null', "supplier_id is null or supplier_id in (select id from suppliers where country is null)"],
  ["matchesPattern(sku,'^SKU-0000[1-3]')", "sku ~ '^SKU-0000[1-3]'"],
  ['isof(name, Edm.String)', 'true'],
  ['isof(price, Edm.String)', 'false'],
  ['isof(ODataFacade.Product)', 'true'],
  ['created lt maxdatetime() and created gt mindatetime()', 'true'],
  ['totaloffsetminutes(created) eq 0', 'true'],
];

describe.each(testBackends)('filter functions, lambdas and navigation paths on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend, { MAX_PAGE_SIZE: '5000', DEFAULT_PAGE_SIZE: '5000' });
  });
  afterAll(async () => t?.close());

  async function serviceSkus(filter: string): Promise<string[]> {
    const response = await t.get(`Products?$select=sku&$orderby=sku&$filter=${encodeURIComponent(filter)}`);
    expect(response.statusCode, `${filter}: ${response.body}`).toBe(200);
    return response.json<{ value: { sku: string }[] }>().value.map((row) => row.sku);
  }

  it.each(PRODUCT_ROWS)('%s', async (filter, condition) => {
    const expected = (await t.sql<{ sku: string }>(`select sku from products where ${condition} order by sku`)).map((row) => row.sku);
    const actual = await serviceSkus(filter);
    expect(actual).toEqual(expected);
  });

  it('finds at least one row for the positive cases, so the table cannot pass empty', async () => {
    for (const filter of ["tags/any(t: t eq 'eco')", "category/name eq 'Garden'", "matchesPattern(sku,'^SKU-0000[1-3]')"]) {
      expect((await serviceSkus(filter)).length, filter).toBeGreaterThan(0);
    }
  });

  it('filters categories by their products with any, all and $count', async () => {
    const names = async (filter: string): Promise<string[]> => {
      const response = await t.get(`Categories?$select=name&$orderby=name&$filter=${encodeURIComponent(filter)}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ value: { name: string }[] }>().value.map((row) => row.name);
    };
    const sql = async (condition: string): Promise<string[]> =>
      (await t.sql<{ name: string }>(`select name from categories c where ${condition} order by name`)).map((row) => row.name);
    expect(await names('products/any(p: p/price gt 1990)')).toEqual(await sql('exists (select 1 from products p where p.category_id = c.id and p.price > 1990)'));
    expect(await names('products/all(p: p/price lt 1990)')).toEqual(await sql('not exists (select 1 from products p where p.category_id = c.id and p.price >= 1990)'));
    expect(await names('products/$count gt 80')).toEqual(await sql('(select count(*) from products p where p.category_id = c.id) > 80'));
    expect(await names("products/any(p: p/tags/any(t: t eq 'eco') and p/discontinued)")).toEqual(
      await sql("exists (select 1 from products p where p.category_id = c.id and 'eco' = any(p.tags) and p.discontinued)"),
    );
  });

  it('checks subsequences in order', async () => {
    const [row] = await t.sql<{ sku: string; tags: string[] }>("select sku, tags from products where cardinality(tags) >= 2 order by sku limit 1");
    const [first, second] = row?.tags ?? [];
    const inOrder = await serviceSkus(`sku eq '${row?.sku}' and hassubsequence(tags, ["${first}","${second}"])`);
    const reversed = await serviceSkus(`sku eq '${row?.sku}' and hassubsequence(tags, ["${second}","${first}"])`);
    expect(inOrder).toEqual([row?.sku]);
    expect(reversed).toEqual(first === second ? [row?.sku] : []);
  });
});
