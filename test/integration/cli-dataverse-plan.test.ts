import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrateLatest } from '../../src/db/migrate.js';
import type { DataversePlan, DataverseTableSheet } from '../../src/model/format-dataverse-plan.js';
import { runCli, type CliRun } from '../support/run-cli.js';
import { createEmptyPostgresDatabase, testBackends } from '../support/test-database.js';

/**
 * `dataverse-plan` on the demo database, migrated by the command itself: an in-memory PGlite, or
 * an empty database on the test server with MIGRATE_ON_START.
 */

interface CatalogColumn {
  readonly table_name: string;
  readonly column_name: string;
  readonly is_nullable: 'YES' | 'NO';
  readonly column_default: string | null;
  readonly is_identity: 'YES' | 'NO';
  readonly is_generated: string;
}

/** Business required exactly when a client must send the column: not null, no default, not identity or generated. */
function expectedLevel(column: CatalogColumn): string {
  const mustSend = column.is_nullable === 'NO' && column.column_default === null && column.is_identity === 'NO' && column.is_generated === 'NEVER';
  return mustSend ? 'Business required' : 'Optional';
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The printed lines of one table: from its name to the blank line after its columns. */
function section(stdout: string, name: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.indexOf(name);
  if (start === -1) return [];
  const end = lines.indexOf('', lines.indexOf('', start) + 1);
  return lines.slice(start, end);
}

function table(plan: DataversePlan, name: string): DataverseTableSheet {
  const found = plan.tables.find((candidate) => candidate.externalCollectionName === name);
  if (found === undefined) throw new Error(`no table ${name}`);
  return found;
}

describe.each(testBackends)('cli dataverse-plan on %s', { timeout: 120_000 }, (backend) => {
  let text: CliRun;
  let json: CliRun;
  let plan: DataversePlan;
  let catalog: Database;
  let columns: CatalogColumn[];
  let drop = async (): Promise<void> => {};

  beforeAll(async () => {
    let env: Record<string, string>;
    if (backend === 'postgres') {
      const empty = await createEmptyPostgresDatabase();
      drop = empty.drop;
      env = { DATABASE_URL: empty.url, MIGRATE_ON_START: 'true' };
    } else {
      env = { EMBEDDED_DATA_DIR: 'memory://' };
    }
    text = await runCli(['dataverse-plan'], env);
    json = await runCli(['dataverse-plan', '--json'], env);
    plan = JSON.parse(json.stdout) as DataversePlan;
    catalog = openDatabase(loadConfig(env).database);
    if (backend === 'pglite') await migrateLatest(catalog.knex);
    const result = await catalog.knex.raw<{ rows: CatalogColumn[] }>(
      `select table_name, column_name, is_nullable, column_default, is_identity, is_generated
         from information_schema.columns where table_schema = 'public' and table_name in ('products', 'categories')`,
    );
    columns = result.rows;
  });
  afterAll(async () => {
    await catalog.close();
    await drop();
  });

  it('exits 0 with the warnings, printing nothing to stderr', () => {
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(json.code).toBe(0);
  });

  it('maps Products by its uuid key and Categories by the Guid of its integer key', () => {
    expect(table(plan, 'Products')).toMatchObject({ externalName: 'Product', primaryKey: { column: 'id', strategy: 'uuid' }, primaryName: 'name' });
    expect(table(plan, 'Categories')).toMatchObject({ externalName: 'Category', primaryKey: { column: 'CategoryId', strategy: 'integer' }, primaryName: 'name' });
    const products = section(text.stdout, 'Products');
    expect(products).toContainEqual(expect.stringMatching(/^ {2}External Name +Product$/));
    expect(products).toContainEqual(expect.stringMatching(/^ {2}External Collection Name +Products$/));
    expect(products).toContainEqual(expect.stringMatching(/^ {2}Primary key +id: .*uuid/));
    expect(section(text.stdout, 'Categories')).toContainEqual(expect.stringMatching(/^ {2}Primary key +CategoryId: .*integer key id/));
  });

  it('leaves Suppliers out, saying it has a text key', () => {
    expect(plan.leftOut).toContain('Suppliers');
    expect(plan.tables.map((sheet) => sheet.externalCollectionName)).not.toContain('Suppliers');
    expect(plan.warnings).toContainEqual({ entitySet: 'Suppliers', message: expect.stringMatching(/text key.*left out/) });
    expect(section(text.stdout, 'Suppliers')).toEqual([]);
    expect(text.stdout).toMatch(/^ {2}Suppliers: has a text key.*left out$/m);
  });

  it('shows release_date as Date only and the timestamps as Date and time', () => {
    const products = table(plan, 'Products').columns;
    expect(products.find((column) => column.externalName === 'release_date')?.dataType).toBe('Date only');
    expect(products.find((column) => column.externalName === 'created')?.dataType).toBe('Date and time');
    expect(section(text.stdout, 'Products')).toContainEqual(expect.stringMatching(/^ {2}release_date +Date only +Optional$/));
  });

  it('makes Business required exactly the NOT NULL columns a client must fill', () => {
    const compared: string[] = [];
    for (const [set, tableName] of [['Products', 'products'], ['Categories', 'categories']] as const) {
      for (const column of table(plan, set).columns) {
        const source = columns.find((candidate) => candidate.table_name === tableName && candidate.column_name === column.externalName);
        expect(column.requiredLevel, `${set}.${column.externalName}`).toBe(source === undefined ? 'Optional' : expectedLevel(source));
        if (column.requiredLevel === 'Business required') compared.push(`${set}.${column.externalName}`);
      }
    }
    expect(compared).toEqual(expect.arrayContaining(['Products.sku', 'Products.price', 'Products.category_id', 'Categories.name']));
  });

  it('prints with --json the same content as the text, and its progress lines to stderr', () => {
    expect(json.stderr).toMatch(/^Database: /);
    for (const sheet of plan.tables) {
      const lines = section(text.stdout, sheet.externalCollectionName);
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}External Name +${sheet.externalName}$`)));
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}Primary name column +${escape(sheet.primaryName ?? 'none:')}`)));
      for (const column of sheet.columns) {
        const cells = [column.externalName, column.dataType, column.requiredLevel, ...(column.maxLength === null ? [] : [String(column.maxLength)])];
        expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}${cells.map(escape).join(' +')}$`)));
      }
    }
    for (const warning of plan.warnings) {
      expect(text.stdout).toContain(`  ${warning.entitySet}${warning.property === undefined ? '' : `.${warning.property}`}: ${warning.message}\n`);
    }
    expect(plan.warnings.length).toBeGreaterThan(0);
  });
});

describe('cli dataverse-plan usage', { timeout: 60_000, concurrent: true }, () => {
  it('shows its usage on --help, and is listed among the commands', async () => {
    const [own, all] = await Promise.all([runCli(['dataverse-plan', '--help']), runCli(['--help'])]);
    expect(own.code).toBe(0);
    expect(own.stdout).toMatch(/^Usage: odata-facade dataverse-plan \[--json\]/);
    expect(all.stdout).toMatch(/^ {2}dataverse-plan \[--json\] /m);
  });

  it('answers an unknown option with its usage and exit code 2', async () => {
    const run = await runCli(['dataverse-plan', '--csv'], { EMBEDDED_DATA_DIR: 'memory://' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^dataverse-plan: .*--csv/);
  });

  it('exits 1 when the database cannot be reached', async () => {
    const run = await runCli(['dataverse-plan', '--json'], { DATABASE_URL: 'postgres://user:hunter2@127.0.0.1:1/demo' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^dataverse-plan failed: /m);
    expect(run.stdout + run.stderr).not.toContain('hunter2');
  });
});
