import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { openTestDatabase, testBackends, type TestDatabase } from '../support/test-database.js';

async function scalar(database: Database, sql: string): Promise<unknown> {
  const result = (await database.knex.raw(sql)) as { rows: Record<string, unknown>[] };
  return Object.values(result.rows[0] ?? {})[0];
}

describe.each(testBackends)('test database harness on %s', (backend) => {
  let first: TestDatabase | undefined;
  let second: TestDatabase | undefined;

  beforeAll(async () => {
    first = await openTestDatabase(backend);
    second = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('opens a database with the demo tables and 1,000 products', async () => {
    const db = first!.database;
    expect(db.kind).toBe(backend === 'postgres' ? 'server' : 'embedded');
    expect(first!.databaseConfig.kind).toBe(db.kind);
    const tables = (await db.knex.raw(
      "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
    )) as { rows: { table_name: string }[] };
    expect(tables.rows.map((row) => row.table_name)).toEqual(expect.arrayContaining(['categories', 'products', 'suppliers']));
    expect(Number(await scalar(db, 'select count(*) from products'))).toBe(1000);
  });

  it('gives every caller its own copy: a write in one is not seen in the other', async () => {
    const a = first!.database;
    const b = second!.database;
    const sumBefore = String(await scalar(b, 'select sum(price)::text from products'));
    expect(String(await scalar(a, 'select sum(price)::text from products'))).toBe(sumBefore);

    // Server copies are opened as the service opens its pool (read-only by default): a writer says so.
    await a.knex.transaction(async (trx) => {
      await trx.raw('set transaction read write');
      await trx.raw('update products set price = price + 1');
      await trx.raw('create table harness_probe (n int)');
      await trx.raw('insert into harness_probe values (1)');
    });

    expect(String(await scalar(a, 'select (sum(price) - 1000)::text from products'))).toBe(sumBefore);
    expect(String(await scalar(b, 'select sum(price)::text from products'))).toBe(sumBefore);
    expect(await scalar(a, "select to_regclass('public.harness_probe')::text")).toBe('harness_probe');
    expect(await scalar(b, "select to_regclass('public.harness_probe')::text")).toBeNull();
  });
});
