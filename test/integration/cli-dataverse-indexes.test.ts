import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { runCli } from '../support/run-cli.js';
import { createEmptyPostgresDatabase } from '../support/test-database.js';

/** `dataverse-indexes` on the demo database, migrated by the command itself. */

interface IndexRow {
  readonly tablename: string;
  readonly indexname: string;
  readonly indexdef: string;
}

describe('cli dataverse-indexes on postgres', { timeout: 120_000 }, () => {
  let env: Record<string, string>;
  let catalog: Database;
  let drop = async (): Promise<void> => {};

  beforeAll(async () => {
    const empty = await createEmptyPostgresDatabase();
    drop = empty.drop;
    env = { DATABASE_URL: empty.url, MIGRATE_ON_START: 'true' };
    catalog = openDatabase(loadConfig(env).database);
  });
  afterAll(async () => {
    await catalog?.close();
    await drop();
  });

  async function created(): Promise<IndexRow[]> {
    const result = await catalog.knex.raw<{ rows: IndexRow[] }>(
      `select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' and indexname like 'odf\\_%' order by indexname`,
    );
    return result.rows;
  }

  it('prints the statements with --print and creates nothing', async () => {
    const run = await runCli(['dataverse-indexes', '--set', 'Products', '--trigram', '--print'], env);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('create extension if not exists pg_trgm;');
    expect(lines).toContain('create index concurrently if not exists "odf_ci_products_name" on "public"."products" (lower("name") text_pattern_ops);');
    expect(lines).toContain('create index concurrently if not exists "odf_tg_products_name" on "public"."products" using gin (lower("name") gin_trgm_ops);');
    expect(lines.every((line) => line.startsWith('create '))).toBe(true);
    expect(await created()).toEqual([]);
  });

  it('creates the btree and trigram indexes of the named sets, and again without harm', async () => {
    for (let run = 0; run < 2; run += 1) {
      const result = await runCli(['dataverse-indexes', '--set', 'Products', '--trigram'], env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('Index: odf_ci_products_name (pattern) on Products.name');
    }
    const indexes = await created();
    expect(indexes.every((index) => index.tablename === 'products')).toBe(true);
    const name = indexes.filter((index) => index.indexname.endsWith('_products_name')).map((index) => index.indexdef);
    expect(name).toEqual([
      expect.stringContaining('USING btree (lower((name)::text) text_pattern_ops)'),
      expect.stringContaining('USING gin (lower((name)::text) gin_trgm_ops)'),
    ]);
    const valid = await catalog.knex.raw<{ rows: { invalid: string }[] }>(
      `select count(*) as invalid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname like 'odf\\_%' and not i.indisvalid`,
    );
    expect(Number(valid.rows[0]?.invalid)).toBe(0);
  });

  it('fails with a usage error for a set the Dataverse profile does not have', async () => {
    const run = await runCli(['dataverse-indexes', '--set', 'NoSuchSet'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no entity set "NoSuchSet"');
  });
});

describe('cli dataverse-indexes on pglite', { timeout: 120_000 }, () => {
  const env = { EMBEDDED_DATA_DIR: 'memory://' };

  it('creates the btree and, with --trigram, the trigram indexes (the embedded database loads pg_trgm)', async () => {
    const run = await runCli(['dataverse-indexes', '--set', 'Products', '--trigram'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Index: odf_ci_products_name (pattern) on Products.name');
    expect(run.stdout).toContain('(trigram)');
  });
});
