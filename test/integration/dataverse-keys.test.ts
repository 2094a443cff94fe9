import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { applyGuidColumn } from '../../src/db/add-guid-column.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { dataverseProfile } from '../../src/model/dataverse-profile.js';
import type { EdmModel } from '../../src/model/edm-model.js';
import { integerGuidPrefix, integerToGuid } from '../../src/model/integer-guid.js';
import { surrogateGuid } from '../../src/model/uuid-v5.js';
import { loadServiceModel } from '../../src/load-service-model.js';
import { compileGuidColumn, type GuidColumnTarget } from '../../src/sql/compile-guid-column.js';
import { compiledRead, explainWithoutSeqScan, planNodes } from '../support/explain-read.js';
import { runCli } from '../support/run-cli.js';
import { openTestDatabase, testBackends, type TestDatabase } from '../support/test-database.js';

/**
 * Text and composite keys get a surrogate Guid column (UUIDv5 of the key, kept by a trigger), and
 * the Dataverse root keys such tables by it: Suppliers (text key) and fixtures.order_lines (composite).
 */

const suppliers: GuidColumnTarget = { schema: 'public', table: 'suppliers', keyColumns: ['id'], column: 'odata_guid' };
const orderLines: GuidColumnTarget = { schema: 'fixtures', table: 'order_lines', keyColumns: ['order_id', 'line_no'], column: 'odata_guid' };

type Rows = Record<string, unknown>[];

describe.each(testBackends)('surrogate Guid keys on %s', (backend) => {
  let test: TestDatabase;
  let writable: Database;
  let app: FastifyInstance;
  const progress: [string, number, number][] = [];

  const sql = async (text: string, bindings: unknown[] = []): Promise<Rows> => (await writable.knex.raw<{ rows: Rows }>(text, bindings as never[])).rows;
  const dataverse = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url: `/dataverse/${url}`, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

  beforeAll(async () => {
    test = await openTestDatabase(backend);
    // The service's pool is read-only by default; the migration runs as the CLI does, on a pool of its own.
    writable = backend === 'postgres' ? openDatabase(test.databaseConfig) : test.database;
    for (const target of [suppliers, orderLines]) {
      const migration = compileGuidColumn(target, 4);
      await applyGuidColumn(writable, target, migration, (done, total) => progress.push([target.table, done, total]));
    }
    const config = loadConfig({ LOG_LEVEL: 'silent', DB_SCHEMAS: 'public,fixtures', MIGRATE_ON_START: 'false', SEED_ON_START: 'false' });
    app = await buildApp(config, { database: test.database });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    if (writable !== test?.database) await writable?.close();
    await test?.close();
  });

  it('fills every row in batches with progress, each with the UUIDv5 of its key', async () => {
    const rows = await sql('select id, odata_guid from public.suppliers order by id');
    expect(rows.length).toBeGreaterThan(4);
    for (const row of rows) expect(row['odata_guid']).toBe(surrogateGuid('public', 'suppliers', [String(row['id'])]));
    const lines = await sql('select order_id, line_no, odata_guid from fixtures.order_lines');
    for (const row of lines) expect(row['odata_guid']).toBe(surrogateGuid('fixtures', 'order_lines', [String(row['order_id']), String(row['line_no'])]));
    const supplierProgress = progress.filter(([table]) => table === 'suppliers');
    expect(supplierProgress.length).toBe(Math.ceil(rows.length / 4));
    expect(supplierProgress.at(-1)?.slice(1)).toEqual([rows.length, rows.length]);
  });

  it('computes SHA-1 in SQL as FIPS 180-4 does, across block boundaries', async () => {
    for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'é'.repeat(100)]) {
      const [row] = await sql(`select encode("odata_facade"."sha1"(convert_to(?, 'UTF8')), 'hex') as hash`, [text]);
      expect(row?.['hash']).toBe(createHash('sha1').update(text, 'utf8').digest('hex'));
    }
  });

  it('is a unique, not-null column that the trigger keeps for rows inserted later, by anyone', async () => {
    await sql(`insert into public.suppliers (id, name, country) values ('SUP-SQL', 'Direct', 'NL')`);
    const [direct] = await sql(`select odata_guid from public.suppliers where id = 'SUP-SQL'`);
    expect(direct?.['odata_guid']).toBe(surrogateGuid('public', 'suppliers', ['SUP-SQL']));
    await expect(sql(`update public.suppliers set odata_guid = null where id = 'SUP-SQL'`)).rejects.toThrow();
    await expect(
      sql(`insert into public.suppliers (id, name, country, odata_guid) values ('SUP-DUP', 'Dup', 'NL', ?)`, [surrogateGuid('public', 'suppliers', ['SUP-SQL'])]),
    ).resolves.toBeDefined();
    const [duplicate] = await sql(`select odata_guid from public.suppliers where id = 'SUP-DUP'`);
    expect(duplicate?.['odata_guid']).toBe(surrogateGuid('public', 'suppliers', ['SUP-DUP']));
  });

  it('keys the set by it at the Dataverse root, the native key an alternate key', async () => {
    const metadata = (await dataverse('GET', '$metadata?$format=json')).json<Record<string, Record<string, Record<string, unknown>>>>();
    expect(metadata['ODataFacade']?.['Supplier']?.['$Key']).toEqual(['odata_guid']);
    expect(metadata['ODataFacade']?.['OrderLine']?.['$Key']).toEqual(['odata_guid']);
    const guid = surrogateGuid('public', 'suppliers', ['SUP-001']);
    const byGuid = await dataverse('GET', `Suppliers(${guid})?$select=id,name`);
    expect(byGuid.statusCode, byGuid.body).toBe(200);
    expect(byGuid.json()).toMatchObject({ id: 'SUP-001' });
    expect((await dataverse('GET', `Suppliers(id='SUP-001')?$select=odata_guid`)).json()).toMatchObject({ odata_guid: guid });
    const line = surrogateGuid('fixtures', 'order_lines', ['1', '2']);
    expect((await dataverse('GET', `OrderLines(${line})?$select=order_id,line_no`)).json()).toMatchObject({ order_id: 1, line_no: 2 });
  });

  it('creates through the Dataverse root without a Guid, answering the one the trigger made; deletes by it', async () => {
    const created = await dataverse('POST', 'Suppliers', { id: 'SUP-DV', name: 'Via Dataverse', country: 'DE' });
    expect(created.statusCode, created.body).toBe(204);
    const guid = surrogateGuid('public', 'suppliers', ['SUP-DV']);
    expect(created.headers['location']).toBe(`http://localhost:80/dataverse/Suppliers(${guid})`);
    expect((await dataverse('DELETE', `Suppliers(${guid})`)).statusCode).toBe(204);
    expect(await sql(`select 1 from public.suppliers where id = 'SUP-DV'`)).toEqual([]);
  });

  it('creates through the standard root too: the column has a placeholder default the trigger replaces', async () => {
    const created = await app.inject({ method: 'POST', url: '/odata/Suppliers', payload: { id: 'SUP-STD', name: 'Standard', country: 'FR' } });
    expect(created.statusCode, created.body).toBe(204);
    const [row] = await sql(`select odata_guid from public.suppliers where id = 'SUP-STD'`);
    expect(row?.['odata_guid']).toBe(surrogateGuid('public', 'suppliers', ['SUP-STD']));
  });

  it('runs again without harm: nothing left to fill', async () => {
    const again: number[] = [];
    const filled = await applyGuidColumn(writable, suppliers, compileGuidColumn(suppliers, 4), (done) => again.push(done));
    expect(filled).toBe(0);
    expect(again).toEqual([]);
  });
});

describe('cli dataverse-keys', { timeout: 120_000 }, () => {
  it('writes the migration script, applies it and backfills; --print only prints', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dataverse-keys-'));
    try {
      const env = { EMBEDDED_DATA_DIR: path.join(dir, 'db'), SEED_ROWS: '40' };
      expect((await runCli(['seed'], env)).code).toBe(0);
      const printed = await runCli(['dataverse-keys', '--set', 'Suppliers', '--print'], env);
      expect(printed.code, printed.stderr).toBe(0);
      expect(printed.stdout).toContain('alter table "public"."suppliers" add column if not exists "odata_guid" uuid;');
      const run = await runCli(['dataverse-keys', '--set', 'Suppliers', '--out', path.join(dir, 'migrations'), '--batch-size', '10'], env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/Suppliers: odata_guid is in place; 25 rows filled/);
      const [file] = await readdir(path.join(dir, 'migrations'));
      expect(file).toMatch(/^\d{8}T\d{6}Z-odata-guid-public-suppliers\.sql$/);
      const script = await readFile(path.join(dir, 'migrations', file ?? ''), 'utf8');
      expect(script).toContain('create trigger "odata_guid_fill" before insert or update of "id" on "public"."suppliers"');
      expect(script).toContain('alter table "public"."suppliers" alter column "odata_guid" set not null;');
      const plan = await runCli(['dataverse-plan', '--json'], env);
      expect(JSON.parse(plan.stdout).tables.map((table: { externalCollectionName: string }) => table.externalCollectionName)).toContain('Suppliers');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a set whose key needs no column', async () => {
    const run = await runCli(['dataverse-keys', '--set', 'Categories', '--print'], { EMBEDDED_DATA_DIR: 'memory://' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('dataverse-keys: Categories has an integer key');
  });
});

describe('the plan of Guid-key lookups of an integer key on postgres', () => {
  let test: TestDatabase;
  let model: EdmModel;
  beforeAll(async () => {
    test = await openTestDatabase('postgres');
    const loaded = await loadServiceModel(test.database.knex, loadConfig({ DB_SCHEMAS: 'public,fixtures' }));
    model = dataverseProfile(loaded.model).model;
  });
  afterAll(async () => test?.close());

  const guidOf = (id: number): string => integerToGuid(integerGuidPrefix('public', 'categories'), BigInt(id));

  it.each([
    ['the key', (ids: number[]) => `Categories(${guidOf(ids[0] as number)})`, ''],
    ['an or chain', () => 'Categories', (ids: number[]) => `$filter=${encodeURIComponent(ids.map((id) => `CategoryId eq ${guidOf(id)}`).join(' or '))}`],
    ['an in list', () => 'Categories', (ids: number[]) => `$filter=${encodeURIComponent(`CategoryId in (${ids.map(guidOf).join(',')})`)}`],
  ])('serves %s from the primary key index, comparing the integers', async (_name, path, query) => {
    const ids = [2, 5, 7];
    const statement = compiledRead(model, path(ids), typeof query === 'string' ? query : query(ids));
    const plan = await explainWithoutSeqScan(test.database.knex, statement);
    // The index is searched for the integers (an index scan for the order alone would have no condition).
    const lookups = planNodes(plan).filter((node) => node['Index Name'] === 'categories_pkey' && /\bid = /.test(node['Index Cond'] ?? ''));
    expect(lookups).toHaveLength(1);
    expect(planNodes(plan).filter((node) => node['Node Type'] === 'Seq Scan')).toEqual([]);
  });

  it('sorts by the integer for keyset paging, so the index serves the order', () => {
    const statement = compiledRead(model, 'Categories', '$orderby=CategoryId desc&$select=name');
    expect(statement.text).toMatch(/order by "t0"\."id" desc/);
  });
});
