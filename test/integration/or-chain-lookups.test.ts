import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { loadServiceModel } from '../../src/load-service-model.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';
import { compiledRead, explainWithoutSeqScan, planNodes } from '../support/explain-read.js';

interface Page {
  value: { id: string }[];
}

/** `id eq <id> or <id> eq id or …`: the literal on either side, as lookups arrive. */
function idChain(ids: readonly string[]): string {
  return ids.map((id, index) => (index % 2 === 0 ? `id eq ${id}` : `${id} eq id`)).join(' or ');
}

describe.each(testBackends)('or chains of equalities on %s', (backend) => {
  let t: TestApp;
  let ids: string[];
  beforeAll(async () => {
    t = await buildTestApp(backend);
    const rows = await t.sql<{ id: string }>('select id::text as id from public.products order by sku');
    ids = rows.filter((_, index) => index % 3 === 0).map((row) => row.id).slice(0, 300);
  });
  afterAll(async () => t?.close());

  async function idsOf(filter: string): Promise<string[]> {
    const response = await t.get(`Products?$select=id&$orderby=id&$top=1000&$filter=${encodeURIComponent(filter)}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Page>().value.map((row) => row.id);
  }

  it('answers a 300-term chain of key lookups with the rows of the in form and of SQL', async () => {
    expect(ids).toHaveLength(300);
    const expected = (await t.sql<{ id: string }>('select id::text as id from public.products where id = any(?::uuid[]) order by id', [ids])).map((row) => row.id);
    expect(expected).toHaveLength(300);
    expect(await idsOf(idChain(ids))).toEqual(expected);
    expect(await idsOf(`id in (${ids.join(',')})`)).toEqual(expected);
  });

  it('keeps the meaning of a chain with eq null on a nullable column, also under not', async () => {
    const [supplier] = await t.sql<{ id: string }>('select supplier_id as id from public.products where supplier_id is not null order by supplier_id limit 1');
    if (supplier === undefined) throw new Error('no supplier in the demo data');
    const chain = `supplier_id eq '${supplier.id}' or supplier_id eq null or null eq supplier_id`;
    const matching = (await t.sql<{ id: string }>('select id::text as id from public.products where supplier_id = ? or supplier_id is null order by id', [supplier.id])).map((row) => row.id);
    const others = (await t.sql<{ id: string }>('select id::text as id from public.products where supplier_id <> ? order by id', [supplier.id])).map((row) => row.id);
    expect(matching.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    expect(await idsOf(chain)).toEqual(matching);
    expect(await idsOf(`supplier_id in ('${supplier.id}', null)`)).toEqual(matching);
    expect(await idsOf(`not (${chain})`)).toEqual(others);
    expect(await idsOf(`not (supplier_id eq '${supplier.id}' or supplier_id eq 'no-such-supplier')`)).toEqual(
      (await t.sql<{ id: string }>('select id::text as id from public.products where supplier_id is distinct from ? order by id', [supplier.id])).map((row) => row.id),
    );
  });
});

describe('the plan of an or chain of key lookups on postgres', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('postgres');
  });
  afterAll(async () => t?.close());

  it('looks 50 ids up through the primary key index with one = any() condition', async () => {
    const ids = (await t.sql<{ id: string }>('select id::text as id from public.products order by sku limit 50')).map((row) => row.id);
    const { model } = await loadServiceModel(t.database.knex, loadConfig({ DB_SCHEMAS: 'public,fixtures' }));
    const statement = compiledRead(model, 'Products', `$select=id,name&$filter=${encodeURIComponent(idChain(ids))}`);
    expect(statement.text).toContain('"t0"."id" = any($1::uuid[])');
    const plan = await explainWithoutSeqScan(t.database.knex, statement);
    const lookups = planNodes(plan).filter((node) => node['Index Name'] === 'products_pkey' && /= ANY/i.test(node['Index Cond'] ?? ''));
    expect(lookups.map((node) => node['Node Type'])).toEqual([expect.stringMatching(/Index Scan|Index Only Scan|Bitmap Index Scan/)]);
    expect(planNodes(plan).filter((node) => node['Node Type'] === 'Seq Scan')).toEqual([]);
  });
});
