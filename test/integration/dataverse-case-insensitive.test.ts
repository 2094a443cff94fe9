import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { loadServiceModel } from '../../src/load-service-model.js';
import { dataverseProfile } from '../../src/model/dataverse-profile.js';
import type { EdmModel } from '../../src/model/edm-model.js';
import { textIndexes, textIndexStatements } from '../../src/sql/compile-text-indexes.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';
import { compiledRead, explainWithoutSeqScan, planNodes, type PlanNode } from '../support/explain-read.js';

interface Page {
  value: { id: string }[];
}

/** `Rustic Chair` → `rUSTIC cHAIR`: equal to the name only when case is ignored. */
function swapCase(text: string): string {
  return [...text].map((character) => (character === character.toLowerCase() ? character.toUpperCase() : character.toLowerCase())).join('');
}

/** A demo product name of letters and spaces only (no LIKE wildcard, no quote), with at least three words. */
async function demoName(t: TestApp): Promise<string> {
  const [row] = await t.sql<{ name: string }>(`select name from public.products where name ~ '^[A-Za-z]+( [A-Za-z]+){2,}$' order by sku limit 1`);
  if (row === undefined) throw new Error('no suitable product name in the demo data');
  return row.name;
}

async function idsOf(t: TestApp, root: 'dataverse' | 'odata', filter: string): Promise<string[]> {
  const response = await t.app.inject({ method: 'GET', url: `/${root}/Products?$select=id&$top=1000&$filter=${encodeURIComponent(filter)}` });
  expect(response.statusCode, response.body).toBe(200);
  return response
    .json<Page>()
    .value.map((row) => row.id)
    .sort();
}

async function sqlIds(t: TestApp, where: string, bindings: readonly unknown[]): Promise<string[]> {
  return (await t.sql<{ id: string }>(`select id::text as id from public.products where ${where}`, bindings)).map((row) => row.id).sort();
}

describe.each(testBackends)('case-insensitive text in the Dataverse root on %s', (backend) => {
  describe('with DATAVERSE_CASE_INSENSITIVE=on', () => {
    let t: TestApp;
    let name: string;
    beforeAll(async () => {
      t = await buildTestApp(backend, { DATAVERSE_CASE_INSENSITIVE: 'on' });
      name = await demoName(t);
    });
    afterAll(async () => t?.close());

    it('finds a product by its name whatever the case, with eq and ne', async () => {
      const expected = await sqlIds(t, 'name = ?', [name]);
      expect(expected.length).toBeGreaterThan(0);
      for (const variant of [name, name.toUpperCase(), name.toLowerCase(), swapCase(name)]) {
        expect(await idsOf(t, 'dataverse', `name eq '${variant}'`), variant).toEqual(expected);
      }
      expect(await idsOf(t, 'dataverse', `name ne '${swapCase(name)}'`)).toEqual(await sqlIds(t, 'name <> ?', [name]));
    });

    it('matches startswith, contains and endswith whatever the case', async () => {
      const words = name.split(' ');
      const [first = '', middle = '', last = ''] = [words[0], words[1], words[words.length - 1]];
      const starting = await sqlIds(t, 'name like ?', [`${first}%`]);
      const containing = await sqlIds(t, 'name like ?', [`%${middle}%`]);
      const ending = await sqlIds(t, 'name like ?', [`%${last}`]);
      for (const expected of [starting, containing, ending]) expect(expected.length).toBeGreaterThan(0);
      expect(await idsOf(t, 'dataverse', `startswith(name, '${first.toUpperCase()}')`)).toEqual(starting);
      expect(await idsOf(t, 'dataverse', `contains(name, '${swapCase(middle)}')`)).toEqual(containing);
      expect(await idsOf(t, 'dataverse', `endswith(name, '${last.toLowerCase()}')`)).toEqual(ending);
    });

    it('matches in lists and or chains of names whatever the case', async () => {
      const [other] = await t.sql<{ name: string }>(`select name from public.products where name <> ? and name ~ '^[A-Za-z ]+$' order by sku limit 1`, [name]);
      if (other === undefined) throw new Error('no second product name');
      const expected = await sqlIds(t, 'name in (?, ?)', [name, other.name]);
      expect(await idsOf(t, 'dataverse', `name in ('${name.toUpperCase()}', '${swapCase(other.name)}')`)).toEqual(expected);
      expect(await idsOf(t, 'dataverse', `name eq '${name.toLowerCase()}' or name eq '${other.name.toUpperCase()}'`)).toEqual(expected);
    });

    it('leaves the /odata root case-sensitive', async () => {
      expect(await idsOf(t, 'odata', `name eq '${name.toUpperCase()}'`)).toEqual(await sqlIds(t, 'name = ?', [name.toUpperCase()]));
      expect(await idsOf(t, 'odata', `name eq '${name}'`)).toEqual(await sqlIds(t, 'name = ?', [name]));
    });
  });

  describe('with the option off (the default)', () => {
    let t: TestApp;
    let name: string;
    beforeAll(async () => {
      t = await buildTestApp(backend);
      name = await demoName(t);
    });
    afterAll(async () => t?.close());

    it('compares text as it is', async () => {
      const exact = await sqlIds(t, 'name = ?', [name]);
      expect(exact.length).toBeGreaterThan(0);
      expect(await idsOf(t, 'dataverse', `name eq '${name}'`)).toEqual(exact);
      expect(await idsOf(t, 'dataverse', `name eq '${swapCase(name)}'`)).toEqual([]);
      expect(await idsOf(t, 'dataverse', `name in ('${name.toUpperCase()}')`)).toEqual([]);
      expect(await idsOf(t, 'dataverse', `startswith(name, '${name.toUpperCase()}')`)).toEqual([]);
      expect(await idsOf(t, 'dataverse', `contains(name, '${swapCase(name)}')`)).toEqual([]);
      expect(await idsOf(t, 'dataverse', `endswith(name, '${name.toLowerCase()}')`)).toEqual([]);
    });
  });
});


/**
 * Runs statements on one connection that may write: the test database's connections start
 * read-only, and `create index concurrently` cannot run inside a transaction that would make it writable.
 */
async function runWritable(knex: Knex, statements: readonly string[]): Promise<void> {
  const connection: unknown = await knex.client.acquireConnection();
  try {
    await knex.raw('set default_transaction_read_only = off').connection(connection);
    for (const statement of statements) await knex.raw(statement).connection(connection);
  } finally {
    await knex.raw('reset default_transaction_read_only').connection(connection);
    await knex.client.releaseConnection(connection);
  }
}

describe('the indexes of case-insensitive text on postgres', () => {
  let t: TestApp;
  let model: EdmModel;
  let name: string;
  beforeAll(async () => {
    t = await buildTestApp('postgres', { DATAVERSE_CASE_INSENSITIVE: 'on' });
    const loaded = await loadServiceModel(t.database.knex, loadConfig({ DB_SCHEMAS: 'public,fixtures' }));
    model = dataverseProfile(loaded.model, { caseInsensitiveText: true }).model;
    const products = model.entitySets.filter((set) => set.name === 'Products');
    await runWritable(t.database.knex, [...textIndexStatements(textIndexes(products, { trigram: true })), 'analyze public.products']);
    name = await demoName(t);
  });
  afterAll(async () => t?.close());

  /** The plan Postgres makes for the service's statement of `$filter` on Products, with the request's values. */
  async function planOf(filter: string): Promise<PlanNode> {
    const statement = compiledRead(model, 'Products', `$select=id,name&$filter=${encodeURIComponent(filter)}`);
    expect(statement.text).toContain('lower("t0"."name")');
    return explainWithoutSeqScan(t.database.knex, statement);
  }

  function indexScans(plan: PlanNode, index: string): { type: string; condition: string }[] {
    return planNodes(plan)
      .filter((node) => node['Index Name'] === index)
      .map((node) => ({ type: node['Node Type'], condition: node['Index Cond'] ?? '' }));
  }

  /** `lower(name)` as Postgres prints it (`name` is a varchar). */
  const LOWER = 'lower((name)::text)';
  const middleWord = (n: string): string => n.split(' ')[1] ?? '';
  const lastWord = (n: string): string => n.split(' ').slice(-1)[0] ?? '';

  it.each<[string, (name: string) => string, string, (name: string) => string]>([
    ['eq', (n) => `name eq '${n.toUpperCase()}'`, 'odf_ci_products_name', (n) => `(${LOWER} = '${n.toLowerCase()}'::text)`],
    ['in', (n) => `name in ('${n.toUpperCase()}', 'Other')`, 'odf_ci_products_name', () => `(${LOWER} = ANY ($0))`],
    ['startswith', (n) => `startswith(name, '${n.toUpperCase()}')`, 'odf_ci_products_name', (n) => `((${LOWER} ~>=~ '${n.toLowerCase()}'::text) AND (${LOWER} ~<~ '`],
    ['contains', (n) => `contains(name, '${swapCase(middleWord(n))}')`, 'odf_tg_products_name', (n) => `(${LOWER} ~~ '%${middleWord(n).toLowerCase()}%'::text)`],
    ['endswith', (n) => `endswith(name, '${swapCase(lastWord(n))}')`, 'odf_tg_products_name', (n) => `(${LOWER} ~~ '%${lastWord(n).toLowerCase()}'::text)`],
  ])('serves %s from an index on lower(name)', async (_what, filter, index, condition) => {
    const plan = await planOf(filter(name));
    expect(indexScans(plan, index)).toEqual([{ type: expect.stringMatching(/Index Scan|Index Only Scan|Bitmap Index Scan/), condition: expect.stringContaining(condition(name)) }]);
    expect(planNodes(plan).filter((node) => node['Node Type'] === 'Seq Scan')).toEqual([]);
  });
});
