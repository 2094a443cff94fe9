import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

interface ErrorBody {
  error: { code: string; message: string; target?: string; details: { code: string; message: string; target?: string }[] };
}

type Entity = Record<string, unknown>;

describe.each(testBackends)('writes on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => t?.close());

  const send = (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: method as 'POST',
      url: `/odata/${url}`,
      headers: { 'content-type': 'application/json', ...headers },
      ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
    });
  const xminOf = async (table: string, where: string, values: unknown[]): Promise<string> =>
    ((await t.sql<{ xmin: string }>(`select xmin::text as xmin from ${table} where ${where}`, values))[0] as { xmin: string }).xmin;
  const productBySku = async (sku: string) => (await t.sql<Entity>('select id::text, sku, name, description, price::text, quantity, category_id from products where sku = ?', [sku]))[0];
  const categoryId = async (name: string) => ((await t.sql<{ id: number }>('select id from categories where name = ?', [name]))[0] as { id: number }).id;
  const count = async (table: string) => Number(((await t.sql<{ n: string }>(`select count(*)::text as n from ${table}`))[0] as { n: string }).n);

  describe('create', () => {
    it('answers 204 with Location and OData-EntityId, and the row exists with its server-made key and defaults', async () => {
      const response = await send('POST', 'Products', { sku: 'W-CREATE-1', name: 'Created', price: 12.5, 'category@odata.bind': 'Categories(1)' });
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      const row = await productBySku('W-CREATE-1');
      expect(row).toMatchObject({ name: 'Created', price: '12.50', quantity: 0, category_id: 1 });
      const url = `http://localhost:80/odata/Products(${String(row?.['id'])})`;
      expect(response.headers['location']).toBe(url);
      expect(response.headers['odata-entityid']).toBe(url);
      expect(response.headers['etag']).toBe(`W/"${await xminOf('products', 'sku = ?', ['W-CREATE-1'])}"`);
      expect(response.headers['preference-applied']).toBeUndefined();
    });

    it('answers 201 with the entity, generated key and defaults included, for return=representation, honouring $select', async () => {
      const full = await send('POST', 'Categories', { name: 'W-Cat-Rep', description: 'made' }, { prefer: 'return=representation' });
      expect(full.statusCode).toBe(201);
      expect(full.headers['preference-applied']).toBe('return=representation');
      const id = await categoryId('W-Cat-Rep');
      expect(full.json()).toEqual({
        '@odata.context': 'http://localhost:80/odata/$metadata#Categories/$entity',
        '@odata.etag': `W/"${await xminOf('categories', 'id = ?', [id])}"`,
        id,
        name: 'W-Cat-Rep',
        description: 'made',
      });
      expect(full.headers['location']).toBe(`http://localhost:80/odata/Categories(${id})`);
      const selected = await send('POST', 'Products?$select=sku,quantity', { sku: 'W-CREATE-2', name: 'Sel', price: 1, 'category@odata.bind': 'Categories(1)' }, { prefer: 'return=representation' });
      expect(selected.statusCode).toBe(201);
      const body = selected.json<Entity>();
      expect(body['@odata.context']).toBe('http://localhost:80/odata/$metadata#Products(sku,quantity)/$entity');
      expect(body).toMatchObject({ sku: 'W-CREATE-2', quantity: 0 });
      expect(Object.keys(body).filter((name) => !name.startsWith('@'))).toEqual(['sku', 'quantity']);
    });

    it('answers return=minimal with 204 and says so', async () => {
      const response = await send('POST', 'Categories', { name: 'W-Cat-Min' }, { prefer: 'return=minimal' });
      expect(response.statusCode).toBe(204);
      expect(response.headers['preference-applied']).toBe('return=minimal');
      expect(response.headers['location']).toBe(`http://localhost:80/odata/Categories(${await categoryId('W-Cat-Min')})`);
    });

    it('lists every problem of an invalid body with its property as target, and writes nothing', async () => {
      const before = await count('products');
      const response = await send('POST', 'Products', { sku: 'X'.repeat(33), price: 'abc', colour: 'red', quantity: 2147483648, 'category@odata.bind': 'Categories(1)' });
      expect(response.statusCode).toBe(400);
      const { error } = response.json<ErrorBody>();
      const targets = error.details.map((detail) => detail.target).sort();
      expect(targets).toEqual(['colour', 'name', 'price', 'quantity', 'sku']);
      expect(error.target).toBe(error.details[0]?.target);
      expect(await count('products')).toBe(before);
    });

    it('rejects a number beyond the precision or scale of a Decimal property', async () => {
      const scale = await send('POST', 'Products', { sku: 'W-DEC-1', name: 'd', price: 1.234, 'category@odata.bind': 'Categories(1)' });
      expect(scale.statusCode).toBe(400);
      expect(scale.json<ErrorBody>().error.target).toBe('price');
      const precision = await send('POST', 'Products', { sku: 'W-DEC-2', name: 'd', price: '12345678901.5', 'category@odata.bind': 'Categories(1)' });
      expect(precision.statusCode).toBe(400);
      expect(await productBySku('W-DEC-1')).toBeUndefined();
    });

    it('keeps every digit of a Decimal sent as a string or a long number', async () => {
      const response = await send('POST', 'Products', '{"sku":"W-DEC-3","name":"d","price":9999999999.99,"cost":"12345678.1234","category@odata.bind":"Categories(1)"}');
      expect(response.statusCode).toBe(204);
      expect((await t.sql<{ price: string; cost: string }>("select price::text, cost::text from products where sku = 'W-DEC-3'"))[0]).toEqual({ price: '9999999999.99', cost: '12345678.1234' });
    });
  });

  describe('update', () => {
    let id: string;
    beforeAll(async () => {
      await send('POST', 'Products', { sku: 'W-UPD-1', name: 'Before', description: 'keep me', price: 5, quantity: 7, 'category@odata.bind': 'Categories(1)' });
      id = String((await productBySku('W-UPD-1'))?.['id']);
    });

    it('PATCH changes only the properties sent', async () => {
      const response = await send('PATCH', `Products(${id})`, { name: 'After' });
      expect(response.statusCode).toBe(204);
      expect(response.headers['odata-entityid']).toBe(`http://localhost:80/odata/Products(${id})`);
      expect(response.headers['etag']).toBe(`W/"${await xminOf('products', 'id = ?', [id])}"`);
      expect(await productBySku('W-UPD-1')).toMatchObject({ name: 'After', description: 'keep me', quantity: 7, price: '5.00' });
    });

    it('PATCH with return=representation answers 200 with the entity', async () => {
      const response = await send('PATCH', `Products(${id})?$select=name,quantity`, { quantity: 8 }, { prefer: 'return=representation' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ name: 'After', quantity: 8 });
    });

    it('PUT replaces: properties left out go back to their default or to null', async () => {
      const response = await send('PUT', `Products(${id})`, { sku: 'W-UPD-1', name: 'Replaced', price: 6, 'category@odata.bind': 'Categories(2)' });
      expect(response.statusCode).toBe(204);
      expect(await productBySku('W-UPD-1')).toMatchObject({ name: 'Replaced', description: null, quantity: 0, price: '6.00', category_id: 2 });
    });

    it('PUT without a required property is a 400 naming it', async () => {
      const response = await send('PUT', `Products(${id})`, { price: 6, 'category@odata.bind': 'Categories(2)' });
      expect(response.statusCode).toBe(400);
      expect(response.json<ErrorBody>().error.details.map((detail) => detail.target)).toContain('name');
    });

    it('writes and clears a single property', async () => {
      expect((await send('PUT', `Products(${id})/description`, { value: 'one property' })).statusCode).toBe(204);
      expect(await productBySku('W-UPD-1')).toMatchObject({ description: 'one property' });
      expect((await send('DELETE', `Products(${id})/description`)).statusCode).toBe(204);
      expect(await productBySku('W-UPD-1')).toMatchObject({ description: null });
      const required = await send('DELETE', `Products(${id})/name`);
      expect(required.statusCode).toBe(400);
      expect(required.json<ErrorBody>().error.target).toBe('name');
      expect((await send('PUT', `Products(${id})/quantity`, { value: 'many' })).statusCode).toBe(400);
    });

    it('ignores key and computed properties sent in an update', async () => {
      const response = await send('PATCH', `Products(${id})`, { id: '00000000-0000-0000-0000-000000000000', name: 'Same id' });
      expect(response.statusCode).toBe(204);
      expect(await productBySku('W-UPD-1')).toMatchObject({ id, name: 'Same id' });
    });
  });

  describe('upsert', () => {
    it('PATCH to a missing alternate key creates the row (201 with Location), and updates it the next time', async () => {
      const created = await send('PATCH', "Products(sku='W-UPS-1')", { name: 'Upserted', price: 3, 'category@odata.bind': 'Categories(1)' });
      expect(created.statusCode).toBe(204);
      const row = await productBySku('W-UPS-1');
      expect(row).toMatchObject({ name: 'Upserted', price: '3.00' });
      expect(created.headers['location']).toBe(`http://localhost:80/odata/Products(${String(row?.['id'])})`);
      const again = await send('PATCH', "Products(sku='W-UPS-1')", { name: 'Updated' }, { prefer: 'return=representation' });
      expect(again.statusCode).toBe(200);
      expect(again.headers['location']).toBeUndefined();
      expect(await productBySku('W-UPS-1')).toMatchObject({ id: row?.['id'], name: 'Updated', price: '3.00' });
    });

    it('PATCH and PUT to a missing primary key create the row with that key', async () => {
      const id = 'a0000000-0000-4000-8000-00000000e001';
      const created = await send('PUT', `Products(${id})`, { sku: 'W-UPS-2', name: 'By key', price: 1, 'category@odata.bind': 'Categories(1)' }, { prefer: 'return=representation' });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ id, sku: 'W-UPS-2' });
      expect(created.headers['location']).toBe(`http://localhost:80/odata/Products(${id})`);
    });

    it('PUT by alternate key creates the row with the key of the URL, which need not be repeated in the body', async () => {
      const created = await send('PUT', "Products(sku='W-UPS-4')", { name: 'Put by sku', price: 4, 'category@odata.bind': 'Categories(1)' });
      expect(created.statusCode).toBe(204);
      expect(await productBySku('W-UPS-4')).toMatchObject({ name: 'Put by sku', price: '4.00' });
      const other = await send('PATCH', "Products(sku='W-UPS-5')", { sku: 'W-UPS-OTHER', name: 'URL key wins', price: 4, 'category@odata.bind': 'Categories(1)' });
      expect(other.statusCode).toBe(204);
      expect(await productBySku('W-UPS-5')).toMatchObject({ name: 'URL key wins' });
      expect(await productBySku('W-UPS-OTHER')).toBeUndefined();
    });

    it('If-Match: * updates only: a missing row is 404 and is not created', async () => {
      const response = await send('PATCH', "Products(sku='W-UPS-NONE')", { name: 'x', price: 1, 'category@odata.bind': 'Categories(1)' }, { 'if-match': '*' });
      expect(response.statusCode).toBe(404);
      expect(await productBySku('W-UPS-NONE')).toBeUndefined();
    });

    it('If-None-Match: * creates only: an existing row is 412 and is left as it was', async () => {
      const response = await send('PATCH', "Products(sku='W-UPS-1')", { name: 'Overwritten' }, { 'if-none-match': '*' });
      expect(response.statusCode).toBe(412);
      expect(await productBySku('W-UPS-1')).toMatchObject({ name: 'Updated' });
      const created = await send('PATCH', "Products(sku='W-UPS-3')", { name: 'Fresh', price: 2, 'category@odata.bind': 'Categories(1)' }, { 'if-none-match': '*' });
      expect(created.statusCode).toBe(204);
      expect(await productBySku('W-UPS-3')).toMatchObject({ name: 'Fresh' });
    });

    it("reads Dataverse's literal If-None-Match: null as no condition", async () => {
      const response = await send('PATCH', "Products(sku='W-UPS-1')", { name: 'Null condition' }, { 'if-none-match': 'null' });
      expect(response.statusCode).toBe(204);
      expect(await productBySku('W-UPS-1')).toMatchObject({ name: 'Null condition' });
    });

    it('concurrent upserts of one alternate key make exactly one row', async () => {
      const responses = await Promise.all(
        Array.from({ length: 12 }, (_, index) => send('PATCH', "Products(sku='W-UPS-RACE')", { name: `racer ${index}`, price: index + 1, 'category@odata.bind': 'Categories(1)' })),
      );
      expect(responses.map((response) => response.statusCode)).toEqual(Array.from({ length: 12 }, () => 204));
      expect(responses.filter((response) => response.headers['location'] !== undefined)).toHaveLength(1);
      expect(await t.sql("select id from products where sku = 'W-UPS-RACE'")).toHaveLength(1);
    });

    it('a key the database generates cannot be chosen: a missing one is 404', async () => {
      const response = await send('PATCH', 'Categories(999999)', { name: 'W-Nope' });
      expect(response.statusCode).toBe(404);
      expect(await t.sql("select id from categories where name = 'W-Nope'")).toHaveLength(0);
    });
  });

  describe('ETags', () => {
    let id: string;
    beforeAll(async () => {
      await send('POST', 'Products', { sku: 'W-ETAG-1', name: 'Tagged', price: 5, 'category@odata.bind': 'Categories(1)' });
      id = String((await productBySku('W-ETAG-1'))?.['id']);
    });

    it('a stale If-Match is 412 and changes nothing; the current one goes through', async () => {
      const current = (await t.get(`Products(${id})`)).headers['etag'] as string;
      expect(current).toBe(`W/"${await xminOf('products', 'id = ?', [id])}"`);
      expect((await send('PATCH', `Products(${id})`, { name: 'Changed' }, { 'if-match': current })).statusCode).toBe(204);
      const stale = await send('PATCH', `Products(${id})`, { name: 'Lost update' }, { 'if-match': current });
      expect(stale.statusCode).toBe(412);
      expect(stale.json<ErrorBody>().error.code).toBe('OF507');
      expect(await productBySku('W-ETAG-1')).toMatchObject({ name: 'Changed' });
      expect((await send('DELETE', `Products(${id})`, undefined, { 'if-match': current })).statusCode).toBe(412);
      expect(await productBySku('W-ETAG-1')).toBeDefined();
    });

    it('two clients that PATCH with the same ETag: exactly one 204 and one 412', async () => {
      const tag = (await t.get(`Products(${id})`)).headers['etag'] as string;
      const [first, second] = await Promise.all([
        send('PATCH', `Products(${id})`, { name: 'Client A' }, { 'if-match': tag }),
        send('PATCH', `Products(${id})`, { name: 'Client B' }, { 'if-match': tag }),
      ]);
      expect([first?.statusCode, second?.statusCode].sort()).toEqual([204, 412]);
      const winner = first?.statusCode === 204 ? 'Client A' : 'Client B';
      expect(await productBySku('W-ETAG-1')).toMatchObject({ name: winner });
    });

    it('the current If-Match with return=representation answers 200 with the entity and its new ETag', async () => {
      const current = (await t.get(`Products(${id})`)).headers['etag'] as string;
      const updated = await send('PATCH', `Products(${id})`, { name: 'Represented' }, { 'if-match': current, prefer: 'return=representation' });
      expect(updated.statusCode).toBe(200);
      expect(updated.json()).toMatchObject({ name: 'Represented', '@odata.etag': updated.headers['etag'] });
      expect(updated.headers['etag']).not.toBe(current);
      const created = await send('PATCH', "Products(sku='W-ETAG-NEW')", { name: 'New', price: 1, 'category@odata.bind': 'Categories(1)' }, { 'if-none-match': '*', prefer: 'return=representation' });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ sku: 'W-ETAG-NEW' });
    });

    it('a malformed If-Match is a 400', async () => {
      expect((await send('PATCH', `Products(${id})`, { name: 'x' }, { 'if-match': 'no quotes' })).statusCode).toBe(400);
    });
  });

  describe('delete', () => {
    it('answers 204, then 404 for the same key', async () => {
      await send('POST', 'Categories', { name: 'W-Del-1' });
      const id = await categoryId('W-Del-1');
      expect((await send('DELETE', `Categories(${id})`)).statusCode).toBe(204);
      expect(await t.sql('select id from categories where id = ?', [id])).toHaveLength(0);
      expect((await send('DELETE', `Categories(${id})`)).statusCode).toBe(404);
    });

    it('a row still referenced is 409 naming the relationship, and stays', async () => {
      const response = await send('DELETE', 'Categories(1)');
      expect(response.statusCode).toBe(409);
      expect(response.json<ErrorBody>().error.message).toMatch(/Products \(through 'category'\)/);
      expect(await t.sql('select id from categories where id = 1')).toHaveLength(1);
    });

    it('DELETE by alternate key', async () => {
      await send('POST', 'Categories', { name: 'W-Del-2' });
      expect((await send('DELETE', "Categories(name='W-Del-2')")).statusCode).toBe(204);
      expect(await t.sql("select id from categories where name = 'W-Del-2'")).toHaveLength(0);
    });
  });

  describe('relationships', () => {
    it('binds by alternate key and by absolute URL, on create and update', async () => {
      await send('POST', 'Categories', { name: 'W-Rel-A' });
      const a = await categoryId('W-Rel-A');
      expect((await send('POST', 'Products', { sku: 'W-REL-1', name: 'r', price: 1, 'category@odata.bind': "Categories(name='W-Rel-A')" })).statusCode).toBe(204);
      expect(await productBySku('W-REL-1')).toMatchObject({ category_id: a });
      expect((await send('PATCH', "Products(sku='W-REL-1')", { 'category@odata.bind': 'http://localhost:80/odata/Categories(2)' })).statusCode).toBe(204);
      expect(await productBySku('W-REL-1')).toMatchObject({ category_id: 2 });
    });

    it('binding to a missing row is a 400 naming the binding, and nothing is written', async () => {
      const response = await send('POST', 'Products', { sku: 'W-REL-2', name: 'r', price: 1, 'category@odata.bind': 'Categories(987654)' });
      expect(response.statusCode).toBe(400);
      expect(response.json<ErrorBody>().error.target).toBe('category@odata.bind');
      expect(await productBySku('W-REL-2')).toBeUndefined();
      const wrongSet = await send('POST', 'Products', { sku: 'W-REL-2', name: 'r', price: 1, 'category@odata.bind': "Suppliers('x')" });
      expect(wrongSet.statusCode).toBe(400);
    });

    it('a single-valued binding to null removes the reference; a required one cannot be removed', async () => {
      const [supplier] = await t.sql<{ id: string }>('select id from suppliers order by id limit 1');
      await send('POST', 'Products', { sku: 'W-BIND-NULL', name: 'r', price: 1, 'category@odata.bind': 'Categories(1)', 'supplier@odata.bind': `Suppliers('${String(supplier?.id)}')` });
      expect((await send('PATCH', "Products(sku='W-BIND-NULL')", { 'supplier@odata.bind': null })).statusCode).toBe(204);
      expect((await t.sql<{ supplier_id: string | null }>("select supplier_id from products where sku = 'W-BIND-NULL'"))[0]?.supplier_id).toBeNull();
      const required = await send('PATCH', "Products(sku='W-BIND-NULL')", { 'category@odata.bind': null });
      expect(required.statusCode).toBe(400);
      expect(required.json<ErrorBody>().error.target).toBe('category_id');
      expect(await productBySku('W-BIND-NULL')).toMatchObject({ category_id: 1 });
    });

    it('sets and removes a single-valued reference with $ref', async () => {
      await send('POST', 'Products', { sku: 'W-REF-1', name: 'r', price: 1, 'category@odata.bind': 'Categories(1)' });
      const [supplier] = await t.sql<{ id: string }>('select id from suppliers order by id limit 1');
      const set = await send('PUT', "Products(sku='W-REF-1')/supplier/$ref", { '@odata.id': `Suppliers('${String(supplier?.id)}')` });
      expect(set.statusCode).toBe(204);
      expect((await t.sql<{ supplier_id: string }>("select supplier_id from products where sku = 'W-REF-1'"))[0]?.supplier_id).toBe(supplier?.id);
      expect((await send('DELETE', "Products(sku='W-REF-1')/supplier/$ref")).statusCode).toBe(204);
      expect((await t.sql<{ supplier_id: string | null }>("select supplier_id from products where sku = 'W-REF-1'"))[0]?.supplier_id).toBeNull();
      const required = await send('DELETE', "Products(sku='W-REF-1')/category/$ref");
      expect(required.statusCode).toBe(400);
      expect(required.json<ErrorBody>().error.target).toBe('category_id');
    });

    it('adds and removes a member of a collection with $ref', async () => {
      await send('POST', 'Categories', { name: 'W-Ref-Coll' });
      const id = await categoryId('W-Ref-Coll');
      await send('POST', 'Products', { sku: 'W-REF-2', name: 'r', price: 1, 'category@odata.bind': 'Categories(1)' });
      const added = await send('POST', `Categories(${id})/products/$ref`, { '@odata.id': "Products(sku='W-REF-2')" });
      expect(added.statusCode).toBe(204);
      expect(await productBySku('W-REF-2')).toMatchObject({ category_id: id });
    });

    it('a foreign key sent as a property and bound as well is a 400 naming it', async () => {
      const response = await send('POST', 'Products', { sku: 'W-REL-3', name: 'r', price: 1, category_id: 2, 'category@odata.bind': 'Categories(1)' });
      expect(response.statusCode).toBe(400);
      expect(response.json<ErrorBody>().error.target).toBe('category_id');
      expect(await productBySku('W-REL-3')).toBeUndefined();
    });

    it('deep insert: a category with its products in one request and one transaction', async () => {
      const response = await send(
        'POST',
        'Categories?$expand=products($select=sku;$orderby=sku)',
        { name: 'W-Deep-1', products: [{ sku: 'W-DEEP-1', name: 'd1', price: 1 }, { sku: 'W-DEEP-2', name: 'd2', price: 2 }] },
        { prefer: 'return=representation' },
      );
      expect(response.statusCode).toBe(201);
      const id = await categoryId('W-Deep-1');
      expect(response.json<{ products: Entity[] }>().products.map((product) => product.sku)).toEqual(['W-DEEP-1', 'W-DEEP-2']);
      expect(await t.sql('select sku from products where category_id = ? order by sku', [id])).toEqual([{ sku: 'W-DEEP-1' }, { sku: 'W-DEEP-2' }]);
    });

    it('deep insert of a product with a new category inline', async () => {
      expect((await send('POST', 'Products', { sku: 'W-DEEP-3', name: 'd3', price: 3, category: { name: 'W-Deep-2' } })).statusCode).toBe(204);
      expect(await productBySku('W-DEEP-3')).toMatchObject({ category_id: await categoryId('W-Deep-2') });
    });

    it('a deep insert whose child fails leaves neither parent nor children', async () => {
      const response = await send('POST', 'Categories', { name: 'W-Deep-Fail', products: [{ sku: 'W-DEEP-4', name: 'ok', price: 1 }, { sku: 'W-DEEP-1', name: 'duplicate sku', price: 1 }] });
      expect(response.statusCode).toBe(409);
      expect(response.json<ErrorBody>().error.target).toBe('sku');
      expect(await t.sql("select id from categories where name = 'W-Deep-Fail'")).toHaveLength(0);
      expect(await productBySku('W-DEEP-4')).toBeUndefined();
    });
  });

  describe('database errors', () => {
    it('a unique violation is a 409 naming the property, without SQL or constraint internals', async () => {
      const response = await send('POST', 'Categories', { name: 'W-Unique' });
      expect(response.statusCode).toBe(204);
      const again = await send('POST', 'Categories', { name: 'W-Unique' });
      expect(again.statusCode).toBe(409);
      const { error } = again.json<ErrorBody>();
      expect(error.target).toBe('name');
      expect(again.body).not.toMatch(/categories_name_key|duplicate key|insert|Key \(/i);
    });

    it('a check violation is a 400 naming the column', async () => {
      const response = await send('PATCH', 'OrderLines(order_id=1,line_no=1)', { quantity: 0 });
      expect(response.statusCode).toBe(400);
      const { error } = response.json<ErrorBody>();
      expect(error.target).toBe('quantity');
      expect(response.body).not.toMatch(/order_lines_quantity_positive|check constraint/);
    });

    it('a not-null violation is a 400 naming the column', async () => {
      const response = await send('PATCH', "Products(sku='W-NN-1')", { name: 'no price', 'category@odata.bind': 'Categories(1)' });
      expect(response.statusCode).toBe(400);
      expect(response.json<ErrorBody>().error.target).toBe('price');
      expect(await productBySku('W-NN-1')).toBeUndefined();
    });
  });

  describe('preconditions and answers in detail', () => {
    it('an update that sets nothing changes nothing, not even the ETag, also on a set whose key is generated', async () => {
      const before = await xminOf('categories', 'id = 2', []);
      const response = await send('PATCH', 'Categories(2)', {});
      expect(response.statusCode).toBe(204);
      expect(response.headers['etag']).toBe(`W/"${before}"`);
      expect(await xminOf('categories', 'id = 2', [])).toBe(before);
      expect((await send('PATCH', 'Categories(2)', { id: 2 }, { 'if-match': '*' })).statusCode).toBe(204);
    });

    it('If-None-Match: * fails on every change to an existing entity: DELETE, a property, a reference', async () => {
      await send('POST', 'Products', { sku: 'W-INM-1', name: 'kept', price: 1, 'category@odata.bind': 'Categories(1)' });
      const star = { 'if-none-match': '*' };
      expect((await send('DELETE', "Products(sku='W-INM-1')", undefined, star)).statusCode).toBe(412);
      expect((await send('PUT', "Products(sku='W-INM-1')/name", { value: 'changed' }, star)).statusCode).toBe(412);
      expect((await send('PUT', "Products(sku='W-INM-1')/category/$ref", { '@odata.id': 'Categories(2)' }, star)).statusCode).toBe(412);
      expect((await send('PATCH', 'Categories(2)', { description: 'x' }, star)).statusCode).toBe(412);
      expect(await productBySku('W-INM-1')).toMatchObject({ name: 'kept', category_id: 1 });
      expect((await send('DELETE', "Products(sku='W-INM-NONE')", undefined, star)).statusCode).toBe(404);
    });

    it('If-Match and If-None-Match together must both hold', async () => {
      const current = (await t.get('Categories(2)')).headers['etag'] as string;
      const both = await send('PATCH', 'Categories(2)', { description: 'both' }, { 'if-match': current, 'if-none-match': current });
      expect(both.statusCode).toBe(412);
      expect(both.json<ErrorBody>().error.target).toBe('if-match');
      const other = await send('PATCH', 'Categories(2)', { description: 'both' }, { 'if-match': current, 'if-none-match': 'W/"1"' });
      expect(other.statusCode).toBe(204);
      expect((await t.sql<{ description: string }>('select description from categories where id = 2'))[0]?.description).toBe('both');
    });

    it('DELETE of a collection $ref names the member with $id', async () => {
      const [supplier] = await t.sql<{ id: string }>('select id from suppliers order by id limit 1');
      await send('POST', 'Products', { sku: 'W-ID-1', name: 'linked', price: 1, 'category@odata.bind': 'Categories(1)', 'supplier@odata.bind': `Suppliers('${String(supplier?.id)}')` });
      const response = await send('DELETE', `Suppliers('${String(supplier?.id)}')/products/$ref?$id=${encodeURIComponent("Products(sku='W-ID-1')")}`);
      expect(response.statusCode).toBe(204);
      expect((await t.sql<{ supplier_id: string | null }>("select supplier_id from products where sku = 'W-ID-1'"))[0]?.supplier_id).toBeNull();
      expect((await send('DELETE', `Suppliers('${String(supplier?.id)}')/products/$ref?$id=${encodeURIComponent("Products(sku='W-ID-1')")}`)).statusCode).toBe(404);
    });

    it('creates an entity through a collection navigation property, related to its entity', async () => {
      const response = await send('POST', 'Categories(2)/products', { sku: 'W-NAV-1', name: 'through nav', price: 1 }, { prefer: 'return=representation' });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ sku: 'W-NAV-1', category_id: 2 });
      expect(await productBySku('W-NAV-1')).toMatchObject({ category_id: 2 });
      expect((await send('POST', 'Categories(987654)/products', { sku: 'W-NAV-2', name: 'x', price: 1 })).statusCode).toBe(404);
      expect(await productBySku('W-NAV-2')).toBeUndefined();
    });

    it('the representation of a deep insert includes what it created', async () => {
      const response = await send('POST', 'Categories', { name: 'W-Deep-Rep', products: [{ sku: 'W-DEEP-REP', name: 'child', price: 1 }] }, { prefer: 'return=representation' });
      expect(response.statusCode).toBe(201);
      expect(response.json<{ products: Entity[] }>().products.map((product) => product.sku)).toEqual(['W-DEEP-REP']);
    });

    it('reports no preference as applied where a write answers no entity', async () => {
      await send('POST', 'Categories', { name: 'W-Pref-Del' });
      const response = await send('DELETE', "Categories(name='W-Pref-Del')", undefined, { prefer: 'return=representation' });
      expect(response.statusCode).toBe(204);
      expect(response.headers['preference-applied']).toBeUndefined();
    });

    it('refuses values Postgres would store as something else, naming the property', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ c_time: '23:59:60' }, 'c_time'],
        [{ c_time: '23:59:59.9999999' }, 'c_time'],
        [{ c_timestamptz: '0001-01-01T00:30:00+01:00' }, 'c_timestamptz'],
        [{ c_interval: 'P99999999999D' }, 'c_interval'],
        [{ c_json: '{bad' }, 'c_json'],
        [{ c_inet: 'not an address' }, 'c_inet'],
      ];
      for (const [body, target] of cases) {
        const response = await send('PATCH', 'AllTypes(1)', body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json<ErrorBody>().error.target).toBe(target);
      }
      expect((await send('PATCH', 'AllTypes(1)', { c_time: '23:59:59.999999', c_inet: '10.0.0.1', c_json: '{"a":[1]}' })).statusCode).toBe(204);
    });

    it('a key value beyond its type is a 400 about the key', async () => {
      const response = await t.get('OrderLines(order_id=1,line_no=40000)');
      expect(response.statusCode).toBe(400);
      expect(response.json<ErrorBody>().error.code).toBe('OF204');
    });

    it('a body in another charset than UTF-8 is a 415', async () => {
      const response = await send('POST', 'Categories', '{"name":"W-Latin"}', { 'content-type': 'application/json; charset=iso-8859-1' });
      expect(response.statusCode).toBe(415);
    });

    it('lists at most 100 problems', async () => {
      const body = Object.fromEntries(Array.from({ length: 500 }, (_, index) => [`unknown_${index}`, 1]));
      const response = await send('POST', 'Categories', body);
      expect(response.statusCode).toBe(400);
      const { error } = response.json<ErrorBody>();
      expect(error.details).toHaveLength(100);
      expect(error.message).toMatch(/501 problems, the first 100 listed/);
    });

    it('a duplicate of another unique key in a create-only upsert is a conflict, not a failed precondition', async () => {
      const response = await send('PUT', 'Products(a0000000-0000-4000-8000-00000000e0ff)', { sku: 'W-UPS-1', name: 'dup sku', price: 1, 'category@odata.bind': 'Categories(1)' }, { 'if-none-match': '*' });
      expect(response.statusCode).toBe(409);
      expect(response.json<ErrorBody>().error.target).toBe('sku');
    });
  });

  describe('what cannot be written', () => {
    it('a view answers writes with 405 and Allow', async () => {
      const response = await send('POST', 'ExpensiveProducts', { sku: 'x' });
      expect(response.statusCode).toBe(405);
      expect(response.headers['allow']).toBe('GET, HEAD');
    });

    it('methods a resource does not take are 405 with Allow', async () => {
      const collection = await send('DELETE', 'Products');
      expect(collection.statusCode).toBe(405);
      expect(collection.headers['allow']).toBe('GET, HEAD, POST');
      const entity = await send('POST', 'Categories(1)', {});
      expect(entity.statusCode).toBe(405);
      expect(entity.headers['allow']).toBe('GET, HEAD, PATCH, PUT, DELETE');
    });
  });

  describe('hostile bodies get 400/413/415 and change nothing', () => {
    const cases: [string, () => Promise<{ statusCode: number }>, number][] = [
      ['deeply nested JSON', () => send('POST', 'Categories', `{"name":"W-H","description":${'['.repeat(50_000)}${']'.repeat(50_000)}}`), 400],
      ['a duplicate member', () => send('POST', 'Categories', '{"name":"W-H","name":"W-H2"}'), 400],
      ['invalid UTF-8', () => t.app.inject({ method: 'POST', url: '/odata/Categories', headers: { 'content-type': 'application/json' }, payload: Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]) }), 400],
      ['a text body', () => send('POST', 'Categories', '{"name":"W-H"}', { 'content-type': 'text/plain' }), 415],
      ['no content type', () => t.app.inject({ method: 'POST', url: '/odata/Categories', payload: Buffer.from('{"name":"W-H"}') }), 415],
      ['a form body', () => send('POST', 'Categories', 'name=W-H', { 'content-type': 'application/x-www-form-urlencoded' }), 415],
      ['a huge string', () => send('POST', 'Categories', JSON.stringify({ name: 'W-H', description: 'x'.repeat(2 * 1024 * 1024) })), 413],
      ['not JSON', () => send('POST', 'Categories', '{"name": W-H}'), 400],
      ['an array', () => send('POST', 'Categories', '[{"name":"W-H"}]'), 400],
      ['a NUL character', () => send('POST', 'Categories', '{"name":"W-H\\u0000"}'), 400],
    ];
    it.each(cases)('%s', async (_name, request, status) => {
      const before = await count('categories');
      const response = await request();
      expect(response.statusCode).toBe(status);
      expect(await count('categories')).toBe(before);
    });
  });
});

describe.each(testBackends)('writes with a version column and If-Match required on %s', (backend) => {
  let t: TestApp;
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'writes-config-'));
    const file = join(folder, 'model.json');
    await writeFile(file, JSON.stringify({ entitySets: { products: { etagColumn: 'modified', requireIfMatch: true } } }));
    t = await buildTestApp(backend, { MODEL_CONFIG: file });
  });
  afterAll(async () => {
    await t?.close();
    await rm(folder, { recursive: true, force: true });
  });

  const patch = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'PATCH', url: `/odata/${url}`, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) });
  const modified = async (): Promise<string> =>
    ((await t.sql<{ modified: string }>("select modified::text as modified from products where sku = 'SKU-000002'"))[0] as { modified: string }).modified;

  it('answers 428 to an update or delete without If-Match, and changes nothing', async () => {
    const before = await modified();
    const response = await patch("Products(sku='SKU-000002')", { name: 'No precondition' });
    expect(response.statusCode).toBe(428);
    expect(response.json<ErrorBody>().error.code).toBe('OF508');
    expect((await t.app.inject({ method: 'DELETE', url: "/odata/Products(sku='SKU-000002')" })).statusCode).toBe(428);
    expect(await modified()).toBe(before);
  });

  it('advances the version column on every update, so the ETag changes and the old one fails', async () => {
    const before = await modified();
    const tag = (await t.get("Products(sku='SKU-000002')")).headers['etag'] as string;
    const updated = await patch("Products(sku='SKU-000002')", { name: 'Versioned' }, { 'if-match': tag });
    expect(updated.statusCode).toBe(204);
    const after = await modified();
    expect(after).not.toBe(before);
    const [digest] = await t.sql<{ md5: string }>("select md5(modified::text) as md5 from products where sku = 'SKU-000002'");
    expect(updated.headers['etag']).toBe(`W/"${String(digest?.md5)}"`);
    expect(updated.headers['etag']).not.toBe(tag);
    expect((await patch("Products(sku='SKU-000002')", { name: 'Stale' }, { 'if-match': tag })).statusCode).toBe(412);
  });
});
