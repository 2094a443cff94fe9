import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';
import { validateCsdlJson, validateCsdlXml } from '../support/validate-csdl.js';

interface Page {
  readonly '@odata.count'?: number;
  readonly '@odata.nextLink'?: string;
  readonly value: readonly Record<string, unknown>[];
  readonly [annotation: string]: unknown;
}

const ESTIMATE = '@ODataFacade.CountIsEstimate';
const FILTER = 'price gt 100';

describe.each(testBackends)('count estimates and per-set page sizes on %s', (backend) => {
  let t: TestApp;
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'count-estimates-'));
    const file = join(folder, 'model.json');
    await writeFile(
      file,
      JSON.stringify({
        entitySets: {
          products: { estimateCountAbove: 10, maxPageSize: 7 },
          categories: { estimateCountAbove: 1_000_000 },
        },
      }),
    );
    t = await buildTestApp(backend, { MODEL_CONFIG: file, DEFAULT_PAGE_SIZE: '50', MAX_PAGE_SIZE: '100' });
    await t.sql('analyze public.products');
  });
  afterAll(async () => {
    await t?.close();
    await rm(folder, { recursive: true, force: true });
  });

  async function plannerEstimate(where: string): Promise<number> {
    const [row] = await t.sql<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }>(`explain (format json) select 1 from public.products as t0 where ${where}`);
    return row?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? Number.NaN;
  }

  it("reports the planner's estimate, annotated, when it exceeds the set's threshold", async () => {
    const response = await t.get(`Products?$count=true&$filter=${encodeURIComponent(FILTER)}&$select=sku`);
    expect(response.statusCode).toBe(200);
    const page = response.json<Page>();
    const exact = Number((await t.sql<{ n: string }>('select count(*) as n from public.products where price > 100'))[0]?.n);
    expect(exact).toBeGreaterThan(10);
    expect(page['@odata.count']).toBe(await plannerEstimate('t0.price > 100'));
    expect(page[ESTIMATE]).toBe(true);
    expect(Object.keys(page).slice(0, 3)).toEqual(['@odata.context', '@odata.count', ESTIMATE]);
    expect(page.value).toHaveLength(7);
  });

  it('counts exactly, without the annotation, when the estimate is at most the threshold', async () => {
    const response = await t.get("Products?$count=true&$filter=sku eq 'no-such-sku'");
    const page = response.json<Page>();
    expect(page['@odata.count']).toBe(0);
    expect(page).not.toHaveProperty(ESTIMATE);
    const categories = (await t.get('Categories?$count=true')).json<Page>();
    const exact = Number((await t.sql<{ n: string }>('select count(*) as n from public.categories'))[0]?.n);
    expect(categories['@odata.count']).toBe(exact);
    expect(categories).not.toHaveProperty(ESTIMATE);
  });

  it('keeps counts exact on sets that did not opt in and for /$count', async () => {
    const exact = Number((await t.sql<{ n: string }>('select count(*) as n from public.suppliers'))[0]?.n);
    const suppliers = (await t.get('Suppliers?$count=true')).json<Page>();
    expect(suppliers['@odata.count']).toBe(exact);
    expect(suppliers).not.toHaveProperty(ESTIMATE);
    const products = Number((await t.sql<{ n: string }>('select count(*) as n from public.products where price > 100'))[0]?.n);
    expect((await t.get(`Products/$count?$filter=${encodeURIComponent(FILTER)}`)).body).toBe(String(products));
  });

  it('writes the estimated count as a string under IEEE754Compatible=true', async () => {
    const response = await t.get(`Products?$count=true&$filter=${encodeURIComponent(FILTER)}`, { accept: 'application/json;IEEE754Compatible=true' });
    const page = response.json<Record<string, unknown>>();
    expect(page['@odata.count']).toBe(String(await plannerEstimate('t0.price > 100')));
    expect(page[ESTIMATE]).toBe(true);
  });

  // The statement depends on the estimate, so such a read is planned and estimated every time.
  it('asks the planner again on every request that may report an estimate', async () => {
    const path = `Products?$count=true&$filter=${encodeURIComponent(FILTER)}&$select=id`;
    for (let round = 0; round < 2; round++) {
      const response = await t.get(path);
      const stages = String(response.headers['server-timing']).split(', ').map((entry) => entry.split(';')[0]);
      expect(stages).toEqual(['auth', 'parse', 'plan', 'estimate', 'sql', 'db', 'response']);
      expect(response.json<Page>()[ESTIMATE]).toBe(true);
    }
  });

  it('declares the annotation term in $metadata, valid in both formats', async () => {
    const xml = (await t.get('$metadata')).body;
    expect(xml).toContain('<Term Name="CountIsEstimate" Type="Edm.Boolean" Nullable="false">');
    expect(await validateCsdlXml(xml)).toEqual([]);
    const json = (await t.get('$metadata?$format=json')).json<Record<string, Record<string, unknown>>>();
    expect(json['ODataFacade']?.['CountIsEstimate']).toMatchObject({ $Kind: 'Term', $Type: 'Edm.Boolean' });
    expect(validateCsdlJson(json)).toEqual([]);
  });

  it("pages a set by its own maximum page size, also against a larger preference", async () => {
    const first = await t.get('Products?$select=sku', { prefer: 'odata.maxpagesize=20' });
    expect(first.headers['preference-applied']).toBe('odata.maxpagesize=7');
    const page = first.json<Page>();
    expect(page.value).toHaveLength(7);
    expect(page['@odata.nextLink']).toBeDefined();
    const categories = (await t.get('Categories')).json<Page>();
    const total = Number((await t.sql<{ n: string }>('select count(*) as n from public.categories'))[0]?.n);
    expect(categories.value).toHaveLength(Math.min(total, 50));
  });
});
