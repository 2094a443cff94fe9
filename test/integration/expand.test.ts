import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

interface Page {
  '@odata.context': string;
  value: Record<string, unknown>[];
}

interface CountedConnection {
  query: (...args: unknown[]) => unknown;
  countedBy?: string[];
}

/** Records the text of every statement sent on the database's driver connections. */
function countStatements(t: TestApp, statements: string[]): void {
  const client = t.database.knex.client as { acquireConnection: () => Promise<CountedConnection> };
  const acquire = client.acquireConnection.bind(client);
  client.acquireConnection = async () => {
    const connection = await acquire();
    if (connection.countedBy !== statements) {
      const query = connection.query.bind(connection);
      connection.query = (...args: unknown[]) => {
        const [first] = args;
        statements.push(typeof first === 'string' ? first : String((first as { text?: string; sql?: string }).text ?? (first as { sql?: string }).sql));
        return query(...args);
      };
      connection.countedBy = statements;
    }
    return connection;
  };
}

describe.each(testBackends)('$expand on %s', (backend) => {
  let t: TestApp;
  const statements: string[] = [];
  beforeAll(async () => {
    t = await buildTestApp(backend);
    countStatements(t, statements);
  });
  afterAll(async () => t?.close());

  it('expands a to-many navigation with nested options, in one statement', async () => {
    const expand = encodeURIComponent('products($select=sku,price;$filter=price gt 100;$orderby=price desc;$top=2;$count=true)');
    const response = await t.get(`Categories?$select=id,name&$orderby=id&$top=3&$expand=${expand}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<Page>();
    expect(body['@odata.context']).toMatch(/#Categories\(id,name,products\(sku,price\)\)$/);
    expect(body.value).toHaveLength(3);
    for (const category of body.value) {
      const expected = await t.sql<{ etag: string; sku: string; price: string }>(
        `select 'W/"' || xmin::text || '"' as etag, sku, price::text from products where category_id = ? and price > 100 order by products.price desc, products.id limit 2`,
        [category['id']],
      );
      expect(category['products']).toEqual(expected.map((row) => ({ '@odata.etag': row.etag, sku: row.sku, price: Number(row.price) })));
      const [{ n } = { n: '0' }] = await t.sql<{ n: string }>('select count(*)::text as n from products where category_id = ? and price > 100', [
        category['id'],
      ]);
      expect(category['products@odata.count']).toBe(Number(n));
      expect(Object.keys(category)).toEqual(['@odata.etag', 'id', 'name', 'products@odata.count', 'products']);
    }
  });

  it('expands a single-valued navigation, nested two levels, and null when nothing is related', async () => {
    const [withSupplier] = await t.sql<{ id: string; supplier_id: string; category_id: number; supplier_etag: string; category_etag: string }>(
      `select p.id::text, p.supplier_id, p.category_id, 'W/"' || s.xmin::text || '"' as supplier_etag, 'W/"' || c.xmin::text || '"' as category_etag
       from products as p join suppliers as s on s.id = p.supplier_id join categories as c on c.id = p.category_id order by p.sku limit 1`,
    );
    const response = await t.get(
      `Products(${withSupplier?.id})?$select=sku&$expand=${encodeURIComponent('supplier($select=id),category($select=id;$expand=products($select=sku;$top=1;$orderby=sku))')}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(body['supplier']).toEqual({ '@odata.etag': withSupplier?.supplier_etag, id: withSupplier?.supplier_id });
    const first = await t.sql<{ sku: string; etag: string }>(
      `select sku, 'W/"' || xmin::text || '"' as etag from products where category_id = ? order by sku, id limit 1`,
      [withSupplier?.category_id],
    );
    expect(body['category']).toEqual({
      '@odata.etag': withSupplier?.category_etag,
      id: withSupplier?.category_id,
      products: [{ '@odata.etag': first[0]?.etag, sku: first[0]?.sku }],
    });
    const [orphan] = await t.sql<{ id: string }>('select id::text from products where supplier_id is null limit 1');
    expect((await t.get(`Products(${orphan?.id})?$select=sku&$expand=supplier`)).json()).toMatchObject({ supplier: null });
  });

  it('answers $expand=*, nav/$ref and nav/$count', async () => {
    const star = (await t.get('Products?$top=1&$select=sku&$expand=*')).json<Page>().value[0] ?? {};
    expect(Object.keys(star)).toEqual(['@odata.etag', 'sku', 'category', 'supplier']);
    const refs = (await t.get('Categories?$top=1&$orderby=id&$select=id&$expand=products/$ref')).json<Page>().value[0] ?? {};
    const ids = await t.sql<{ id: string }>('select id::text from products where category_id = ? order by id', [refs['id']]);
    expect(refs['products']).toEqual(ids.map((row) => ({ '@odata.id': `Products(${row.id})` })));
    const counted = (await t.get('Categories?$top=1&$orderby=id&$select=id&$expand=products/$count')).json<Page>().value[0] ?? {};
    expect(counted['products@odata.count']).toBe(ids.length);
    expect(Object.keys(counted)).toEqual(['@odata.etag', 'id', 'products@odata.count']);
  });

  it('compiles a page with expansions into ONE SQL statement', async () => {
    statements.length = 0;
    const response = await t.get(`Categories?$expand=${encodeURIComponent('products($expand=supplier,category($expand=products($top=1)))')}`);
    expect(response.statusCode, response.body).toBe(200);
    const queries = statements.filter((sql) => !/^(begin|commit|rollback|set |select set_config)/i.test(sql.trim()));
    expect(queries).toHaveLength(1);
    // the page with its nested expansions, its probe row and its chunks
    expect(queries[0]).toMatch(/^select x\.value, m\.count, x\.more, x\.last from /);
    expect(queries[0]).toContain('json_agg');
  });

  it('rejects unknown navigation, options that do not apply and nesting past the limit', async () => {
    expect((await t.get('Products?$expand=nope')).statusCode).toBe(400);
    expect((await t.get('Products?$expand=category($top=1)')).statusCode).toBe(400);
    expect((await t.get('Products?$expand=category,category')).statusCode).toBe(400);
    const deep = 'category($expand=products($expand=category($expand=products($expand=category($expand=products)))))';
    const response = await t.get(`Products?$expand=${encodeURIComponent(deep)}`);
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('OF211');
  });
});
