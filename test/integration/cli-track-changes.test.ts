import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { openDatabase } from '../../src/db/database.js';
import { runCli } from '../support/run-cli.js';
import { createEmptyPostgresDatabase, testBackends } from '../support/test-database.js';

/**
 * `odata-facade track-changes` on a database of its own (an embedded data folder, or a server
 * database), seeded by the CLI; the test opens it between runs to write and to check.
 */
describe.each(testBackends)('cli track-changes on %s', { timeout: 120_000 }, (backend) => {
  let dir: string;
  let env: Record<string, string>;
  let drop: () => Promise<void> = async () => undefined;

  /** Runs SQL on the database while no CLI run holds it (an embedded folder takes one process at a time). */
  const sql = async (text: string): Promise<Record<string, unknown>[]> => {
    const database = openDatabase(loadConfig(env).database);
    try {
      return (await database.knex.raw<{ rows: Record<string, unknown>[] }>(text)).rows;
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'track-changes-'));
    if (backend === 'postgres') {
      const empty = await createEmptyPostgresDatabase();
      drop = empty.drop;
      env = { DATABASE_URL: empty.url, MIGRATE_ON_START: 'true', SEED_ROWS: '20' };
    } else {
      env = { EMBEDDED_DATA_DIR: path.join(dir, 'db'), SEED_ROWS: '20' };
    }
    const seeded = await runCli(['seed'], env);
    expect(seeded.code, seeded.stderr).toBe(0);
  });
  afterAll(async () => {
    await drop();
    await rm(dir, { recursive: true, force: true });
  });

  const triggers = async (table: string) =>
    Number((await sql(`select count(*)::int as n from pg_trigger where tgname = 'odata_change_log' and tgrelid = 'public.${table}'::regclass`))[0]?.['n']);

  it('prints the migration with --print and changes nothing', async () => {
    const printed = await runCli(['track-changes', 'enable', 'Suppliers', '--print', '--out', path.join(dir, 'printed')], env);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toMatch(/^-- Suppliers \(public\.suppliers\): record its inserts, updates and deletes in odata_facade\.change_log\./);
    expect(printed.stdout).toContain('create table if not exists "odata_facade"."change_log" (');
    expect(printed.stdout).toContain('create trigger "odata_change_log" after insert or update or delete on "public"."suppliers" for each row');
    await expect(readdir(path.join(dir, 'printed'))).rejects.toThrow();
    expect(await triggers('suppliers')).toBe(0);
    const status = await runCli(['track-changes', 'status'], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).not.toContain('Suppliers');
  });

  it('writes the migration script and applies it; status reports the rows the trigger logs', async () => {
    const out = path.join(dir, 'migrations');
    const run = await runCli(['track-changes', 'enable', 'Suppliers', '--out', out], env);
    expect(run.code, run.stderr).toBe(0);
    const [file] = await readdir(out);
    expect(file).toMatch(/^\d{8}T\d{6}Z-odata-change-log-public-suppliers\.sql$/);
    const script = await readFile(path.join(out, file ?? ''), 'utf8');
    expect(script).toContain('create trigger "odata_change_log" after insert or update or delete on "public"."suppliers" for each row');
    expect(await triggers('suppliers')).toBe(1);
    await sql(`update public.suppliers set name = name || '.' where id in (select id from public.suppliers order by id limit 2)`);
    const status = await runCli(['track-changes', 'status'], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/Suppliers \(public\.suppliers\): tracked; 2 log rows from \S+Z to \S+Z/);
  });

  it('prunes the rows older than the retention (default 7 days), then disables and keeps the rest', async () => {
    await sql(`update odata_facade.change_log set at = now() - interval '8 days' where seq = (select min(seq) from odata_facade.change_log where table_name = 'suppliers')`);
    const pruned = await runCli(['track-changes', 'prune'], env);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toMatch(/Change log: deleted 1 rows recorded before /);
    const keep = await runCli(['track-changes', 'prune', '--retention-days', '30'], env);
    expect(keep.stdout).toMatch(/deleted 0 rows/);
    await sql(`update odata_facade.change_log set at = now() - interval '3 days' where seq = (select min(seq) from odata_facade.change_log where table_name = 'suppliers')`);
    const keptByDefault = await runCli(['track-changes', 'prune'], env);
    expect(keptByDefault.stdout).toMatch(/deleted 0 rows/);
    const configured = await runCli(['track-changes', 'prune'], { ...env, CHANGE_TRACKING_RETENTION_DAYS: '2' });
    expect(configured.stdout).toMatch(/deleted 1 rows/);
    await sql(`update public.suppliers set name = name || '.' where id = (select min(id) from public.suppliers)`);
    const disabled = await runCli(['track-changes', 'disable', 'Suppliers'], env);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(await triggers('suppliers')).toBe(0);
    await sql(`update public.suppliers set name = name || '.' where id = (select min(id) from public.suppliers)`);
    const status = await runCli(['track-changes', 'status'], env);
    expect(status.stdout).toMatch(/Suppliers \(public\.suppliers\): not tracked; 1 log rows/);
    expect(await sql(`select * from odata_facade.tracked_table where table_name = 'suppliers'`)).toEqual([]);
  });

  it('refuses a table without a primary key, naming why', async () => {
    await sql('create table public.notes (body text)');
    const run = await runCli(['track-changes', 'enable', 'Notes', '--print'], env);
    expect(run.code, run.stdout).toBe(2);
    expect(run.stderr).toContain('track-changes: Notes (public.notes) has no primary key');
  });
});

describe('cli track-changes arguments', { timeout: 60_000 }, () => {
  it.each([
    [['track-changes'], 'track-changes: name what to do'],
    [['track-changes', 'enable'], 'track-changes enable: name one entity set'],
    [['track-changes', 'status', 'Products'], 'track-changes status: takes no entity set'],
    [['track-changes', 'prune', '--print'], 'track-changes prune: --print does not apply'],
    [['track-changes', 'prune', '--retention-days', 'week'], '--retention-days must be a whole number'],
    [['track-changes', 'enable', 'Nothing', '--print'], 'track-changes: there is no entity set Nothing'],
    [['dataverse-plan', 'extra'], 'dataverse-plan: '],
  ])('refuses %j with exit code 2', async (args, message) => {
    const run = await runCli(args, { EMBEDDED_DATA_DIR: 'memory://' });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
