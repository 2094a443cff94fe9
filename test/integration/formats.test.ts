import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

describe.each(testBackends)('formats and the service document on %s', (backend) => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await buildTestApp(backend);
    id = (await t.sql<{ id: string }>("select id::text from products where sku = 'SKU-000001'"))[0]?.id ?? '';
  });
  afterAll(async () => t?.close());

  it('lists every entity set in the service document', async () => {
    for (const path of ['', '/'.slice(1)]) {
      const response = await t.get(path);
      expect(response.statusCode).toBe(200);
      const body = response.json<{ '@odata.context': string; value: { name: string; kind: string; url: string }[] }>();
      expect(Object.keys(body)[0]).toBe('@odata.context');
      expect(body['@odata.context']).toBe('http://localhost:80/odata/$metadata');
      expect(body.value).toEqual(
        expect.arrayContaining([
          { name: 'Products', kind: 'EntitySet', url: 'Products' },
          { name: 'Categories', kind: 'EntitySet', url: 'Categories' },
          { name: 'Suppliers', kind: 'EntitySet', url: 'Suppliers' },
          { name: 'OrderLines', kind: 'EntitySet', url: 'OrderLines' },
        ]),
      );
      expect(body.value.map((set) => set.name)).not.toContain('KnexMigrations');
    }
    expect((await t.app.inject({ method: 'GET', url: '/odata' })).statusCode).toBe(200);
  });

  it('omits control information with odata.metadata=none', async () => {
    const response = await t.get('Products?$top=1&$select=sku&$count=true', { accept: 'application/json;odata.metadata=none' });
    expect(response.headers['content-type']).toBe('application/json;odata.metadata=none');
    const body = response.json<Record<string, unknown>>();
    expect(Object.keys(body)).toEqual(['@odata.count', 'value']);
  });

  it('adds type, id, edit and navigation links with odata.metadata=full', async () => {
    const response = await t.get(`Products(${id})?$select=sku,price,tags`, { accept: 'application/json;odata.metadata=full' });
    expect(response.headers['content-type']).toBe('application/json;odata.metadata=full');
    const [{ etag } = { etag: '' }] = await t.sql<{ etag: string }>(`select 'W/"' || xmin::text || '"' as etag from products where id = ?`, [id]);
    const body = response.json<Record<string, unknown>>();
    expect(Object.keys(body).slice(0, 5)).toEqual(['@odata.context', '@odata.type', '@odata.id', '@odata.etag', '@odata.editLink']);
    expect(body).toEqual({
      '@odata.context': 'http://localhost:80/odata/$metadata#Products(sku,price,tags)/$entity',
      '@odata.type': '#ODataFacade.Product',
      '@odata.id': `Products(${id})`,
      '@odata.etag': etag,
      '@odata.editLink': `Products(${id})`,
      sku: 'SKU-000001',
      'price@odata.type': '#Decimal',
      price: expect.any(Number),
      'tags@odata.type': '#Collection(String)',
      tags: expect.any(Array),
      'category@odata.navigationLink': `Products(${id})/category`,
      'supplier@odata.navigationLink': `Products(${id})/supplier`,
    });
  });

  it('builds full-metadata ids for quoted and composite keys', async () => {
    const odd = (await t.get("OddNameTable('a''b')?$select=select", { accept: 'application/json;odata.metadata=full' })).json();
    expect(odd).toMatchObject({ '@odata.id': "OddNameTable('a''b')" });
    const encoded = (await t.get(`OddNameTable('${encodeURIComponent('ü/ß ?#&')}')`, { accept: 'application/json;odata.metadata=full' })).json();
    expect(encoded).toMatchObject({ '@odata.id': `OddNameTable('${encodeURIComponent('ü/ß ?#&')}')` });
    const line = (await t.get('OrderLines(order_id=1,line_no=2)', { accept: 'application/json;odata.metadata=full' })).json();
    expect(line).toMatchObject({ '@odata.id': 'OrderLines(order_id=1,line_no=2)' });
  });

  it('takes $format over the Accept header', async () => {
    const response = await t.get('Products?$top=1&$format=application/json;odata.metadata=none', { accept: 'application/xml' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json;odata.metadata=none');
    expect((await t.get('Products?$top=1&$format=json')).statusCode).toBe(200);
  });

  it('answers HEAD like GET without a body', async () => {
    const response = await t.app.inject({ method: 'HEAD', url: '/odata/Products?$top=1' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
  });
});
