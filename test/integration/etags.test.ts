import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build-model.js';
import { findEntitySet } from '../../src/model/find-in-model.js';
import { introspect } from '../../src/model/introspect.js';
import { emptyModelConfig } from '../../src/model/model-config.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';
import { validateCsdlXml } from '../support/validate-csdl.js';

interface Page {
  readonly value: readonly Record<string, unknown>[];
}

/** The weak ETag of a row's `xmin`, as SQL writes it for the row of `alias`. */
const xminEtag = (alias: string) => `'W/"' || ${alias}.xmin::text || '"'`;

/** Runs statements that write, in a read-write transaction on the test database. */
async function write(t: TestApp, ...statements: string[]): Promise<void> {
  await t.database.knex.transaction(async (trx) => {
    await trx.raw('set transaction read write');
    for (const statement of statements) await trx.raw(statement);
  });
}

describe.each(testBackends)('ETags on %s', (backend) => {
  let t: TestApp;
  let product: { id: string; sku: string; category_id: number };
  const productEtag = async (id: string) =>
    (await t.sql<{ etag: string }>(`select ${xminEtag('p')} as etag from products as p where p.id = ?`, [id]))[0]?.etag;
  beforeAll(async () => {
    t = await buildTestApp(backend);
    [product] = (await t.sql<typeof product>("select id::text, sku, category_id from products where sku = 'SKU-000007'")) as [typeof product];
    // a row written on its own, so that its ETag differs from the seeded rows'
    await write(t, "update products set quantity = quantity + 1 where sku = 'SKU-000003'");
  });
  afterAll(async () => t?.close());

  it('puts each entity of a collection page its own row version, before its properties', async () => {
    const body = (await t.get("Products?$select=sku&$filter=sku le 'SKU-000005'&$orderby=sku")).json<Page>();
    const rows = await t.sql<{ sku: string; etag: string }>(`select sku, ${xminEtag('p')} as etag from products as p where sku <= 'SKU-000005' order by sku`);
    expect(new Set(rows.map((row) => row.etag)).size).toBe(2);
    expect(body.value).toEqual(rows.map((row) => ({ '@odata.etag': row.etag, sku: row.sku })));
    expect(Object.keys(body.value[0] ?? {})).toEqual(['@odata.etag', 'sku']);
  });

  it('writes the same ETags whatever form the page takes: chunked, probed, with a next link', async () => {
    const rows = await t.sql<{ id: string; etag: string }>(`select id::text, ${xminEtag('p')} as etag from products as p order by id limit 250`);
    const byId = (page: Page) => page.value.map((entity) => ({ id: entity['id'], etag: entity['@odata.etag'] }));
    // more than one chunk, with the probe row and a next link
    const probed = await t.get('Products?$select=id', { prefer: 'odata.maxpagesize=250' });
    expect(probed.json<Page & { '@odata.nextLink'?: string }>()['@odata.nextLink']).toBeDefined();
    expect(byId(probed.json<Page>())).toEqual(rows);
    // more than one chunk, no probe ($top within the page)
    expect(byId((await t.get('Products?$select=id&$top=250', { prefer: 'odata.maxpagesize=300' })).json<Page>())).toEqual(rows);
    // one chunk, no probe
    expect(byId((await t.get('Products?$select=id&$top=3')).json<Page>())).toEqual(rows.slice(0, 3));
  });

  it('changes an entity ETag when its row is updated', async () => {
    const before = (await t.get(`Products(${product.id})`)).json<Record<string, unknown>>()['@odata.etag'];
    expect(before).toBe(await productEtag(product.id));
    await write(t, `update products set quantity = quantity + 1 where id = '${product.id}'`);
    const after = (await t.get(`Products(${product.id})`)).json<Record<string, unknown>>()['@odata.etag'];
    expect(after).toBe(await productEtag(product.id));
    expect(after).not.toBe(before);
  });

  it('reads a single entity with @odata.etag after the context and the same ETag in the header', async () => {
    const response = await t.get(`Products(${product.id})?$select=sku`);
    expect(response.statusCode).toBe(200);
    const etag = await productEtag(product.id);
    expect(response.headers['etag']).toBe(etag);
    expect(response.json()).toEqual({ '@odata.context': 'http://localhost:80/odata/$metadata#Products(sku)/$entity', '@odata.etag': etag, sku: product.sku });
    expect(Object.keys(response.json())).toEqual(['@odata.context', '@odata.etag', 'sku']);
  });

  it('answers 304 without body for If-None-Match with the current ETag or *, 200 for a stale one', async () => {
    const etag = (await productEtag(product.id)) as string;
    for (const header of [etag, '*', `W/"1", ${etag}`]) {
      const response = await t.get(`Products(${product.id})`, { 'if-none-match': header });
      expect(response.statusCode).toBe(304);
      expect(response.body).toBe('');
      expect(response.headers['etag']).toBe(etag);
    }
    const stale = await t.get(`Products(${product.id})`, { 'if-none-match': 'W/"1"' });
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toMatchObject({ '@odata.etag': etag, sku: product.sku });
    // Dataverse sends the literal null for "no condition"
    const none = await t.get(`Products(${product.id})`, { 'if-none-match': 'null' });
    expect(none.statusCode).toBe(200);
    expect(none.headers['etag']).toBe(etag);
    // a kept compiled read answers the condition of each request
    expect((await t.get(`Products(${product.id})`, { 'if-none-match': etag })).statusCode).toBe(304);
  });

  it('answers 412 for If-Match that does not match on a GET, the entity for one that does', async () => {
    const etag = (await productEtag(product.id)) as string;
    const failed = await t.get(`Products(${product.id})`, { 'if-match': 'W/"1"' });
    expect(failed.statusCode).toBe(412);
    expect(failed.json<{ error: { code: string } }>().error.code).toBe('OF507');
    const matched = await t.get(`Products(${product.id})`, { 'if-match': etag });
    expect(matched.statusCode).toBe(200);
    expect(matched.headers['etag']).toBe(etag);
    expect((await t.get(`Products(${product.id})`, { 'if-match': 'W/1' })).statusCode).toBe(400);
    // no such entity: 404 whatever the conditions
    expect((await t.get('Products(00000000-0000-0000-0000-000000000000)', { 'if-match': '*' })).statusCode).toBe(404);
  });

  it('gives a single-valued navigation target its own ETag, header and conditions', async () => {
    const [category] = await t.sql<{ etag: string }>(`select ${xminEtag('c')} as etag from categories as c where c.id = ?`, [product.category_id]);
    const response = await t.get(`Products(${product.id})/category`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['etag']).toBe(category?.etag);
    expect(response.json()).toMatchObject({ '@odata.etag': category?.etag, id: product.category_id });
    expect((await t.get(`Products(${product.id})/category`, { 'if-none-match': category?.etag ?? '' })).statusCode).toBe(304);
  });

  it('puts @odata.etag in expanded entities, to-one and to-many, from their own rows', async () => {
    const single = (await t.get(`Products(${product.id})?$select=sku&$expand=category($select=id)`)).json<Record<string, unknown>>();
    const [category] = await t.sql<{ etag: string }>(`select ${xminEtag('c')} as etag from categories as c where c.id = ?`, [product.category_id]);
    expect(single['category']).toEqual({ '@odata.etag': category?.etag, id: product.category_id });
    const page = (await t.get(`Categories?$select=id&$filter=id eq ${product.category_id}&$expand=products($select=sku;$orderby=sku;$top=3)`)).json<Page>();
    const products = await t.sql<{ sku: string; etag: string }>(
      `select sku, ${xminEtag('p')} as etag from products as p where category_id = ? order by sku limit 3`,
      [product.category_id],
    );
    expect(page.value).toEqual([
      { '@odata.etag': category?.etag, id: product.category_id, products: products.map((row) => ({ '@odata.etag': row.etag, sku: row.sku })) },
    ]);
    const toOne = (await t.get(`Products?$select=sku&$filter=id eq ${product.id}&$expand=category($select=id)`)).json<Page>();
    expect(toOne.value[0]?.['category']).toEqual({ '@odata.etag': category?.etag, id: product.category_id });
  });

  it('writes no @odata.etag with odata.metadata=none, the ETag header stays', async () => {
    const none = { accept: 'application/json;odata.metadata=none' };
    const page = (await t.get('Products?$select=sku&$top=2&$expand=category($select=id)', none)).json<Page>();
    expect(page.value.map((entity) => Object.keys(entity))).toEqual([['sku', 'category'], ['sku', 'category']]);
    expect(JSON.stringify(page)).not.toContain('@odata.etag');
    const entity = await t.get(`Products(${product.id})?$select=sku`, none);
    expect(entity.json()).toEqual({ sku: product.sku });
    expect(entity.headers['etag']).toBe(await productEtag(product.id));
  });

  it('gives the entities of a view no ETag', async () => {
    const page = (await t.get('ExpensiveProducts?$top=2')).json<Page>();
    expect(page.value).toHaveLength(2);
    for (const entity of page.value) expect(entity).not.toHaveProperty(['@odata.etag']);
  });

  it('reads the constraints of each table into the model', async () => {
    const { model } = buildModel(await introspect(t.database.knex, ['public', 'fixtures']), { namespace: 'ODataFacade', config: emptyModelConfig });
    expect(findEntitySet(model, 'Products')?.constraints).toEqual([
      { name: 'products_category_id_fkey', kind: 'foreignKey', columns: ['category_id'] },
      { name: 'products_pkey', kind: 'primaryKey', columns: ['id'] },
      { name: 'products_sku_key', kind: 'unique', columns: ['sku'] },
      { name: 'products_supplier_id_fkey', kind: 'foreignKey', columns: ['supplier_id'] },
    ]);
    expect(findEntitySet(model, 'OrderLines')?.constraints).toContainEqual({ name: 'order_lines_pkey', kind: 'primaryKey', columns: ['order_id', 'line_no'] });
    expect(findEntitySet(model, 'ExpensiveProducts')?.constraints).toEqual([]);
  });

  it('reads check constraints with the columns they name, none for a check on no column', async () => {
    await t.database.knex
      .transaction(async (trx) => {
        await trx.raw('set transaction read write');
        await trx.raw(
          'create table fixtures.checked (id int primary key, low int check (low > 0), high int, ' +
            'constraint checked_order check (low < high), constraint checked_always check (current_date > date \'2000-01-01\'))',
        );
        const catalog = await introspect(trx, ['fixtures']);
        expect(catalog.relations.find((relation) => relation.name === 'checked')?.constraints).toEqual([
          { name: 'checked_always', kind: 'check', columns: [] },
          { name: 'checked_low_check', kind: 'check', columns: ['low'] },
          { name: 'checked_order', kind: 'check', columns: ['low', 'high'] },
          { name: 'checked_pkey', kind: 'primaryKey', columns: ['id'] },
        ]);
        throw new Error('roll back');
      })
      .catch((error: unknown) => {
        if (!(error instanceof Error) || error.message !== 'roll back') throw error;
      });
  });
});

describe.each(testBackends)('a configured version column on %s', (backend) => {
  let t: TestApp;
  let folder: string;
  let product: { id: string; modified: string };
  const md5Etag = async (id: string) =>
    (await t.sql<{ etag: string }>(`select 'W/"' || md5(modified::text) || '"' as etag from products where id = ?`, [id]))[0]?.etag;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'etags-'));
    const file = join(folder, 'model.json');
    await writeFile(file, JSON.stringify({ entitySets: { products: { etagColumn: 'modified', requireIfMatch: true } } }));
    t = await buildTestApp(backend, { MODEL_CONFIG: file });
    [product] = (await t.sql<typeof product>("select id::text, modified::text from products where sku = 'SKU-000011'")) as [typeof product];
  });
  afterAll(async () => {
    await t?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('takes the ETag from an MD5 of the column, in the body and the header', async () => {
    const etag = await md5Etag(product.id);
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    const response = await t.get(`Products(${product.id})?$select=sku`);
    expect(response.headers['etag']).toBe(etag);
    expect(response.json()).toMatchObject({ '@odata.etag': etag });
    const page = (await t.get(`Products?$select=id&$filter=id eq ${product.id}`)).json<Page>();
    expect(page.value).toEqual([{ '@odata.etag': etag, id: product.id }]);
    expect((await t.get(`Products(${product.id})`, { 'if-none-match': etag ?? '' })).statusCode).toBe(304);
  });

  it('changes the ETag when the column changes, not when another column does', async () => {
    const before = (await t.get(`Products(${product.id})`)).headers['etag'];
    await write(t, `update products set quantity = quantity + 1 where id = '${product.id}'`);
    expect((await t.get(`Products(${product.id})`)).headers['etag']).toBe(before);
    await write(t, `update products set modified = modified + interval '1 second' where id = '${product.id}'`);
    const after = (await t.get(`Products(${product.id})`)).headers['etag'];
    expect(after).toBe(await md5Etag(product.id));
    expect(after).not.toBe(before);
  });

  it('declares Core.OptimisticConcurrency with the version property in $metadata', async () => {
    const xml = (await t.get('$metadata')).body;
    expect(xml).toMatch(/<Annotation Term="Core.OptimisticConcurrency">\s*<Collection>\s*<PropertyPath>modified<\/PropertyPath>\s*<\/Collection>\s*<\/Annotation>/);
    expect(await validateCsdlXml(xml)).toEqual([]);
    const json = (await t.get('$metadata', { accept: 'application/json' })).json<Record<string, Record<string, Record<string, unknown>>>>();
    expect(json['ODataFacade']?.['Container']?.['Products']).toMatchObject({ '@Core.OptimisticConcurrency': ['modified'] });
    expect(json['ODataFacade']?.['Container']?.['Categories']).not.toHaveProperty(['@Core.OptimisticConcurrency']);
  });
});
