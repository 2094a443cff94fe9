import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwaggerDocument } from '../../src/openapi/swagger-document.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { connectorClient, type ConnectorClient } from '../support/connector-client.js';
import { testBackends } from '../support/test-database.js';

const env = { DEFAULT_PAGE_SIZE: '7' };
const PAGE_SIZE = 7;

/** The operation ids of the Products set, found by their paths as a maker finds them in the definition. */
interface ProductOperations {
  readonly list: string;
  readonly create: string;
  readonly get: string;
  readonly update: string;
  readonly remove: string;
  readonly getBySku: string;
  readonly upsertBySku: string;
  /** The name of the key's path parameter. */
  readonly key: string;
}

type PathItems = Record<string, Record<string, { operationId: string; parameters: { name: string; in: string }[] }>>;

function productOperations(document: Record<string, unknown>): ProductOperations {
  const paths = document['paths'] as PathItems;
  const route = (pattern: RegExp): PathItems[string] => {
    const found = Object.keys(paths).filter((name) => pattern.test(name));
    expect(found).toHaveLength(1);
    return paths[found[0] as string] as PathItems[string];
  };
  const id = (item: PathItems[string], method: string): string => {
    const operation = item[method];
    if (operation === undefined) throw new Error(`no ${method} operation`);
    return operation.operationId;
  };
  const collection = route(/^\/Products$/);
  const byKey = route(/^\/Products\([^=]+\)$/);
  const bySku = route(/^\/Products\(sku=[^,]+\)$/);
  const key = byKey['get']?.parameters.find((parameter) => parameter.in === 'path')?.name;
  if (key === undefined) throw new Error('the key path has no parameter');
  return {
    list: id(collection, 'get'),
    create: id(collection, 'post'),
    get: id(byKey, 'get'),
    update: id(byKey, 'patch'),
    remove: id(byKey, 'delete'),
    getBySku: id(bySku, 'get'),
    upsertBySku: id(bySku, 'patch'),
    key,
  };
}

describe.each(testBackends)('the connector definition round trip on %s', (backend) => {
  let t: TestApp;
  let client: ConnectorClient;
  let ops: ProductOperations;

  beforeAll(async () => {
    t = await buildTestApp(backend, env);
    const served = await t.app.inject({ method: 'GET', url: '/openapi/connector.json' });
    expect(served.statusCode).toBe(200);
    client = await connectorClient(t.app, served.json<SwaggerDocument>());
    ops = productOperations(client.document);
  });
  afterAll(async () => t?.close());

  it('pages through a filtered list by @odata.nextLink to the rows SQL finds', async () => {
    const [category] = await t.sql<{ category_id: number; n: number }>(
      'select category_id, count(*)::int as n from public.products group by category_id order by n desc limit 1',
    );
    if (category === undefined) throw new Error('the test database has no products');
    expect(category.n).toBeGreaterThan(2 * PAGE_SIZE);
    let page = await client.call(ops.list, { $filter: `category_id eq ${category.category_id}`, $orderby: 'id' });
    const ids: unknown[] = [];
    let pages = 0;
    for (;;) {
      expect({ status: page.status, schemaErrors: page.schemaErrors }).toEqual({ status: 200, schemaErrors: [] });
      const rows = page.body?.['value'] as { id: unknown }[];
      expect(rows.length).toBeLessThanOrEqual(PAGE_SIZE);
      ids.push(...rows.map((row) => row.id));
      pages += 1;
      const next = page.body?.['@odata.nextLink'];
      if (typeof next !== 'string') break;
      page = await client.follow(ops.list, next);
    }
    const expected = await t.sql<{ id: number }>('select id from public.products where category_id = ? order by id', [category.category_id]);
    expect(ids).toEqual(expected.map((row) => row.id));
    expect(pages).toBe(Math.ceil(expected.length / PAGE_SIZE));
  });

  it('reads rows by a composite key and by text keys holding quotes, slashes and reserved characters', async () => {
    const paths = client.document['paths'] as PathItems;
    const byKey = (set: string) => {
      const found = Object.entries(paths).filter(([route]) => route.startsWith(`/${set}(`));
      expect(found).toHaveLength(1);
      const operation = found[0]?.[1]['get'];
      if (operation === undefined) throw new Error(`${set} has no read by key`);
      return { id: operation.operationId, keys: operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name) };
    };
    const lines = byKey('OrderLines');
    expect(lines.keys).toEqual(['order_id', 'line_no']);
    const odd = byKey('OddNameTable');
    const rows = [
      ...(await t.sql<Record<string, number>>('select order_id, line_no from fixtures.order_lines')).map((row) => ({ id: lines.id, values: row })),
      ...(await t.sql<{ key: string }>('select "Key Column" as key from fixtures."Odd ""Name"" table"')).map((row) => ({ id: odd.id, values: { [odd.keys[0] as string]: row.key } })),
    ];
    expect(rows.length).toBeGreaterThan(3);
    for (const { id, values } of rows) {
      const answer = await client.call(id, values);
      expect({ values, status: answer.status, schemaErrors: answer.schemaErrors }).toEqual({ values, status: 200, schemaErrors: [] });
      expect(answer.body).toMatchObject(values);
    }
  });

  describe('writes', () => {
    const sku = `RT-${backend}-O'Brien`;
    let created: Record<string, unknown>;
    let newRow: Record<string, unknown>;

    beforeAll(async () => {
      const [category] = await t.sql<{ id: number }>('select min(id) as id from public.categories');
      newRow = { sku, name: 'Round trip lamp', category_id: category?.id, price: 12.5 };
    });

    it('creates a row with the body the definition asks for', async () => {
      const create = (client.document['paths'] as PathItems)['/Products']?.['post']?.parameters.find((parameter) => parameter.in === 'body') as unknown as {
        schema: { required: string[]; properties: Record<string, unknown> };
      };
      expect(Object.keys(newRow)).toEqual(expect.arrayContaining(create.schema.required));
      expect(Object.keys(create.schema.properties)).toEqual(expect.arrayContaining(Object.keys(newRow)));
      const answer = await client.call(ops.create, {}, newRow);
      expect({ status: answer.status, schemaErrors: answer.schemaErrors }).toEqual({ status: 201, schemaErrors: [] });
      created = answer.body as Record<string, unknown>;
      expect(created).toMatchObject(newRow);
      expect(await t.sql('select sku from public.products where id = ?', [created[ops.key]])).toEqual([{ sku }]);
    });

    it('reads it by key and by its alternate key, a quote in the text key doubled', async () => {
      const byKey = await client.call(ops.get, { [ops.key]: created[ops.key] as number });
      const bySku = await client.call(ops.getBySku, { sku });
      for (const answer of [byKey, bySku]) {
        expect({ status: answer.status, schemaErrors: answer.schemaErrors }).toEqual({ status: 200, schemaErrors: [] });
        expect(answer.body).toMatchObject({ [ops.key]: created[ops.key], sku });
      }
    });

    it('updates it with If-Match from @odata.etag', async () => {
      const etag = created['@odata.etag'];
      expect(typeof etag).toBe('string');
      const answer = await client.call(ops.update, { [ops.key]: created[ops.key] as number, 'If-Match': etag as string }, { name: 'Renamed lamp' });
      expect({ status: answer.status, schemaErrors: answer.schemaErrors }).toEqual({ status: 200, schemaErrors: [] });
      expect(answer.body).toMatchObject({ name: 'Renamed lamp', sku });
      expect(answer.body?.['@odata.etag']).not.toBe(etag);
      const stale = await client.call(ops.update, { [ops.key]: created[ops.key] as number, 'If-Match': etag as string }, { name: 'Lost update' });
      expect({ status: stale.status, schemaErrors: stale.schemaErrors }).toEqual({ status: 412, schemaErrors: [] });
    });

    it('creates a row by upserting an alternate key no row has', async () => {
      const otherSku = `RT-${backend}-upserted`;
      const { sku: _sku, ...values } = newRow;
      const answer = await client.call(ops.upsertBySku, { sku: otherSku }, { ...values, name: 'Upserted lamp' });
      expect({ status: answer.status, schemaErrors: answer.schemaErrors }).toEqual({ status: 201, schemaErrors: [] });
      expect(answer.body).toMatchObject({ sku: otherSku, name: 'Upserted lamp' });
      expect(await t.sql('select name from public.products where sku = ?', [otherSku])).toEqual([{ name: 'Upserted lamp' }]);
    });

    it('deletes it, after which reading it is a 404 in the error schema', async () => {
      const deleted = await client.call(ops.remove, { [ops.key]: created[ops.key] as number });
      expect({ status: deleted.status, schemaErrors: deleted.schemaErrors }).toEqual({ status: 204, schemaErrors: [] });
      const missing = await client.call(ops.get, { [ops.key]: created[ops.key] as number });
      expect({ status: missing.status, schemaErrors: missing.schemaErrors }).toEqual({ status: 404, schemaErrors: [] });
      expect(missing.body).toEqual({ error: expect.objectContaining({ code: expect.any(String) as unknown }) });
      expect(await t.sql('select id from public.products where sku = ?', [sku])).toEqual([]);
    });
  });
});
