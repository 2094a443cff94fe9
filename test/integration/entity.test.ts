import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

describe.each(testBackends)('single entities and properties on %s', (backend) => {
  let t: TestApp;
  let product: { id: string; sku: string; name: string; category_id: number };
  beforeAll(async () => {
    t = await buildTestApp(backend);
    [product] = (await t.sql<typeof product>("select id::text, sku, name, category_id from products where sku = 'SKU-000001'")) as [typeof product];
  });
  afterAll(async () => t?.close());

  it('reads an entity by Guid key with @odata.context first', async () => {
    const response = await t.get(`Products(${product.id})`);
    expect(response.statusCode).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(Object.keys(body)[0]).toBe('@odata.context');
    expect(body['@odata.context']).toBe('http://localhost:80/odata/$metadata#Products/$entity');
    expect(body).toMatchObject({ id: product.id, sku: product.sku, name: product.name });
  });

  it('reads by integer, string, named, composite and alternate keys', async () => {
    expect((await t.get(`Categories(${product.category_id})`)).json()).toMatchObject({ id: product.category_id });
    expect((await t.get(`Categories(id=${product.category_id})`)).json()).toMatchObject({ id: product.category_id });
    const [supplier] = await t.sql<{ id: string }>('select id from suppliers order by id limit 1');
    expect((await t.get(`Suppliers('${supplier?.id}')`)).json()).toMatchObject({ id: supplier?.id });
    expect((await t.get('OrderLines(order_id=1,line_no=2)')).json()).toMatchObject({ order_id: 1, line_no: 2, sku: 'SKU-000002' });
    expect((await t.get('OrderLines(line_no=1,order_id=2)')).json()).toMatchObject({ order_id: 2, line_no: 1 });
    expect((await t.get(`Products(sku='${product.sku}')`)).json()).toMatchObject({ id: product.id });
  });

  it('reads string keys that need quoting and percent-encoding', async () => {
    const quoted = await t.get("OddNameTable('a''b')");
    expect(quoted.statusCode).toBe(200);
    expect(quoted.json()).toMatchObject({ 'Key_Column': "a'b", 'Unit_Price': 1.5 });
    const encoded = await t.get(`OddNameTable('${encodeURIComponent('ü/ß ?#&')}')`);
    expect(encoded.statusCode).toBe(200);
    expect(encoded.json()).toMatchObject({ 'Key_Column': 'ü/ß ?#&' });
  });

  it('applies $select to a single entity and names it in the context URL', async () => {
    const body = (await t.get(`Products(${product.id})?$select=sku,price`)).json<Record<string, unknown>>();
    expect(Object.keys(body)).toEqual(['@odata.context', '@odata.etag', 'sku', 'price']);
    expect(body['@odata.context']).toMatch(/#Products\(sku,price\)\/\$entity$/);
  });

  it('answers 404 for a missing key and 400 for a key of the wrong type or shape', async () => {
    const missing = await t.get('Products(00000000-0000-0000-0000-000000000000)');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('OF205');
    expect((await t.get("Products('abc')")).statusCode).toBe(400);
    expect((await t.get('OrderLines(1)')).statusCode).toBe(400);
    expect((await t.get('OrderLines(order_id=1)')).statusCode).toBe(400);
    expect((await t.get('Readings(1)')).statusCode).toBe(400);
  });

  it('reads a property and its raw $value', async () => {
    const property = await t.get(`Products(${product.id})/name`);
    expect(property.statusCode).toBe(200);
    expect(property.json()).toEqual({ '@odata.context': `http://localhost:80/odata/$metadata#Products(${product.id})/name`, value: product.name });
    const raw = await t.get(`Products(${product.id})/name/$value`);
    expect(raw.headers['content-type']).toMatch(/^text\/plain/);
    expect(raw.body).toBe(product.name);
    const tags = (await t.get(`Products(${product.id})/tags`)).json<{ value: unknown }>();
    expect(Array.isArray(tags.value)).toBe(true);
  });

  it('answers 204 for a null property and 404 for an unknown one', async () => {
    expect((await t.get('AllTypes(2)/c_varchar')).statusCode).toBe(204);
    expect((await t.get('AllTypes(2)/c_varchar/$value')).statusCode).toBe(204);
    expect((await t.get(`Products(${product.id})/nope`)).statusCode).toBe(404);
  });

  it('serves binary $value as bytes', async () => {
    const raw = await t.get('AllTypes(1)/c_bytea/$value');
    expect(raw.headers['content-type']).toBe('application/octet-stream');
    expect([...raw.rawPayload]).toEqual([0x00, 0xff, 0x10]);
  });

  it('rejects collection options on a single entity', async () => {
    const response = await t.get(`Products(${product.id})?$top=1`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.target).toBe('$top');
  });
});

describe.each(testBackends)('key-as-segment on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => t?.close());

  it('reads Set/key like Set(key), strings unquoted', async () => {
    const [product] = await t.sql<{ id: string }>("select id::text from products where sku = 'SKU-000002'");
    expect((await t.get(`Products/${product?.id}`)).json()).toMatchObject({ id: product?.id, sku: 'SKU-000002' });
    expect((await t.get(`Products/${product?.id}/sku`)).json()).toMatchObject({ value: 'SKU-000002' });
    const [supplier] = await t.sql<{ id: string }>('select id from suppliers order by id limit 1');
    expect((await t.get(`Suppliers/${supplier?.id}?$select=id`)).json()).toMatchObject({ id: supplier?.id });
    expect((await t.get("OddNameTable/a'b")).json()).toMatchObject({ Key_Column: "a'b" });
    expect((await t.get('Categories/2')).json()).toMatchObject({ id: 2 });
  });

  it('answers 404 for a missing key and 400 for a set with a composite key', async () => {
    expect((await t.get('Categories/999999')).statusCode).toBe(404);
    expect((await t.get('OrderLines/1')).statusCode).toBe(400);
    expect((await t.get('Categories/-')).statusCode).toBe(400);
    expect((await t.get('Categories/abc')).statusCode).toBe(404);
  });
});
