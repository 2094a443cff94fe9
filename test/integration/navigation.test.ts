import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

interface Page {
  '@odata.context': string;
  '@odata.count'?: number;
  value: Record<string, unknown>[];
}

describe.each(testBackends)('navigation in the resource path on %s', (backend) => {
  let t: TestApp;
  let product: { id: string; category_id: number; supplier_id: string };
  let orphan: { id: string };
  beforeAll(async () => {
    t = await buildTestApp(backend);
    [product] = (await t.sql<typeof product>(
      'select id::text, category_id, supplier_id from products where supplier_id is not null order by sku limit 1',
    )) as [typeof product];
    [orphan] = (await t.sql<typeof orphan>('select id::text from products where supplier_id is null order by sku limit 1')) as [typeof orphan];
  });
  afterAll(async () => t?.close());

  it('follows a single-valued navigation property to the related entity', async () => {
    const response = await t.get(`Products(${product.id})/category?$select=id,name`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(body['@odata.context']).toMatch(/#Categories\(id,name\)\/\$entity$/);
    expect(body['id']).toBe(product.category_id);
    expect((await t.get(`Products(${product.id})/supplier`)).json()).toMatchObject({ id: product.supplier_id });
  });

  it('answers 204 when no entity is related and 404 when the source is missing', async () => {
    expect((await t.get(`Products(${orphan.id})/supplier`)).statusCode).toBe(204);
    expect((await t.get('Products(00000000-0000-0000-0000-000000000000)/supplier')).statusCode).toBe(404);
  });

  it('follows a collection-valued navigation property with every collection option', async () => {
    const response = await t.get(
      `Categories(${product.category_id})/products?$select=sku,price&$filter=${encodeURIComponent('price gt 100')}&$orderby=price%20desc&$top=5&$count=true`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<Page>();
    expect(body['@odata.context']).toMatch(/#Products\(sku,price\)$/);
    const expected = await t.sql<{ sku: string }>('select sku from products where category_id = ? and price > 100 order by price desc, id limit 5', [
      product.category_id,
    ]);
    expect(body.value.map((row) => row['sku'])).toEqual(expected.map((row) => row.sku));
    const [{ n } = { n: '0' }] = await t.sql<{ n: string }>('select count(*)::text as n from products where category_id = ? and price > 100', [product.category_id]);
    expect(body['@odata.count']).toBe(Number(n));
    expect((await t.get(`Categories(${product.category_id})/products/$count`)).body).toBe(
      (await t.sql<{ n: string }>('select count(*)::text as n from products where category_id = ?', [product.category_id]))[0]?.n,
    );
  });

  it('addresses one related entity by key, then its properties and further navigation', async () => {
    const path = `Categories(${product.category_id})/products(${product.id})`;
    expect((await t.get(`${path}?$select=id`)).json()).toMatchObject({ id: product.id });
    expect((await t.get(`${path}/supplier/id`)).json()).toMatchObject({ value: product.supplier_id });
    expect((await t.get(`${path}/supplier/id/$value`)).body).toBe(product.supplier_id);
    const other = (await t.sql<{ id: number }>('select id from categories where id <> ? order by id limit 1', [product.category_id]))[0]?.id;
    expect((await t.get(`Categories(${other})/products(${product.id})`)).statusCode).toBe(404);
  });

  it('refuses to navigate from a collection without a key', async () => {
    const response = await t.get('Categories/products');
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('OF210');
    expect((await t.get(`Products(${product.id})/category(1)`)).statusCode).toBe(400);
  });
});
