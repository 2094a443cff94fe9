import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disableTracking, enableTracking, pruneChangeLog, trackingStatus } from '../../src/db/change-tracking.js';
import type { TrackedTable } from '../../src/sql/compile-change-tracking.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

/**
 * The change log records every insert, update and delete of a tracked table, made through the
 * service or directly in SQL, by any role: Products (uuid key) and OrderLines (composite key).
 */

interface LogRow {
  seq: number;
  schema_name: string;
  table_name: string;
  key: Record<string, unknown>;
  op: string;
  txid: string;
}

const products: TrackedTable = { schema: 'public', table: 'products', keyColumns: ['id'] };
const orderLines: TrackedTable = { schema: 'fixtures', table: 'order_lines', keyColumns: ['order_id', 'line_no'] };

/** Roles are global to a server cluster: each run names its own. */
const writerRole = `tracking_writer_${randomBytes(4).toString('hex')}`;

describe.each(testBackends)('change tracking on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
    // The service's pool starts read-only on a server: enabling runs its own read-write transaction.
    await enableTracking(t.database, products);
    await enableTracking(t.database, orderLines);
  });
  afterAll(async () => t?.close());

  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url: `/odata/${url}`,
      headers: { 'content-type': 'application/json' },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
  const lastSeq = async () => Number((await t.sql<{ seq: string | null }>('select max(seq)::text as seq from odata_facade.change_log'))[0]?.seq ?? 0);
  const logAfter = async (seq: number) =>
    (
      await t.sql<LogRow>('select seq, schema_name, table_name, key, op, txid::text as txid from odata_facade.change_log where seq > ? order by seq', [seq])
    ).map((row) => ({ ...row, seq: Number(row.seq) }));
  /** Runs `work` in one read-write transaction and answers its result and the transaction's id. */
  const inTransaction = async <T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<{ result: T; txid: string }> =>
    t.database.knex.transaction(async (trx) => {
      await trx.raw('set transaction read write');
      const result = await work(trx);
      const txid = String((await trx.raw<{ rows: { txid: string }[] }>('select pg_current_xact_id()::text as txid')).rows[0]?.txid);
      return { result, txid };
    });
  const ops = (rows: readonly LogRow[]) => rows.map(({ schema_name, table_name, key, op }) => ({ schema_name, table_name, key, op }));

  it('records creates, updates and deletes made through the service, with the row key', async () => {
    const from = await lastSeq();
    const created = await send('POST', 'Products', { sku: 'TRK-1', name: 'Tracked', price: 3.5, 'category@odata.bind': 'Categories(1)' });
    expect(created.statusCode, created.body).toBe(204);
    const id = /Products\(([0-9a-f-]{36})\)/.exec(String(created.headers['location']))?.[1];
    expect(id).toBeDefined();
    expect((await send('PATCH', `Products(${id})`, { name: 'Tracked again' })).statusCode).toBe(204);
    expect((await send('DELETE', `Products(${id})`)).statusCode).toBe(204);
    expect((await send('POST', 'OrderLines', { order_id: 900, line_no: 3, sku: 'TRK-1', quantity: 2 })).statusCode).toBe(204);
    expect((await send('PATCH', 'OrderLines(order_id=900,line_no=3)', { quantity: 5 })).statusCode).toBe(204);
    const rows = await logAfter(from);
    const key = { id };
    expect(ops(rows)).toEqual([
      { schema_name: 'public', table_name: 'products', key, op: 'I' },
      { schema_name: 'public', table_name: 'products', key, op: 'U' },
      { schema_name: 'public', table_name: 'products', key, op: 'D' },
      { schema_name: 'fixtures', table_name: 'order_lines', key: { order_id: 900, line_no: 3 }, op: 'I' },
      { schema_name: 'fixtures', table_name: 'order_lines', key: { order_id: 900, line_no: 3 }, op: 'U' },
    ]);
    // Each request is its own transaction.
    expect(new Set(rows.map((row) => row.txid)).size).toBe(rows.length);
  });

  it('records changes made directly in SQL with increasing seq and the writing transaction id', async () => {
    const from = await lastSeq();
    const { txid } = await inTransaction(async (trx) => {
      await trx.raw(`insert into fixtures.order_lines (order_id, line_no, sku, quantity) values (901, 1, 'A', 1), (901, 2, 'B', 1)`);
      await trx.raw('update fixtures.order_lines set quantity = 7 where order_id = 901');
      await trx.raw('delete from fixtures.order_lines where order_id = 901 and line_no = 1');
    });
    const rows = await logAfter(from);
    expect(ops(rows).map(({ key, op }) => [op, key])).toEqual([
      ['I', { order_id: 901, line_no: 1 }],
      ['I', { order_id: 901, line_no: 2 }],
      ['U', expect.objectContaining({ order_id: 901 })],
      ['U', expect.objectContaining({ order_id: 901 })],
      ['D', { order_id: 901, line_no: 1 }],
    ]);
    expect(rows.map((row) => row.txid)).toEqual(rows.map(() => txid));
    const seqs = rows.map((row) => row.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('records an update that changes the key as the old key deleted and the new one inserted', async () => {
    await inTransaction((trx) => trx.raw(`insert into fixtures.order_lines (order_id, line_no, sku, quantity) values (902, 1, 'A', 1)`));
    const from = await lastSeq();
    await inTransaction((trx) => trx.raw('update fixtures.order_lines set line_no = 5 where order_id = 902 and line_no = 1'));
    expect(ops(await logAfter(from)).map(({ key, op }) => [op, key])).toEqual([
      ['D', { order_id: 902, line_no: 1 }],
      ['I', { order_id: 902, line_no: 5 }],
    ]);
  });

  it('records the writes of a role without any grant on the log, which can neither read nor write it, and reads changes only of tables it may read', async () => {
    await inTransaction(async (trx) => {
      await trx.raw(`do $$ begin if not exists (select from pg_roles where rolname = '${writerRole}') then create role ${writerRole} nologin; end if; end $$`);
      await trx.raw(`grant usage on schema fixtures to ${writerRole}`);
      await trx.raw(`grant select, insert, update, delete on fixtures.order_lines to ${writerRole}`);
    });
    const from = await lastSeq();
    const asWriter = (statement: string) =>
      inTransaction(async (trx) => {
        await trx.raw(`set local role ${writerRole}`);
        return (await trx.raw<{ rows: Record<string, unknown>[] }>(statement)).rows;
      });
    const { txid } = await asWriter(`insert into fixtures.order_lines (order_id, line_no, sku, quantity) values (903, 1, 'A', 1)`);
    await asWriter('delete from fixtures.order_lines where order_id = 903');
    const rows = await logAfter(from);
    expect(ops(rows).map(({ key, op }) => [op, key])).toEqual([
      ['I', { order_id: 903, line_no: 1 }],
      ['D', { order_id: 903, line_no: 1 }],
    ]);
    expect(rows[0]?.txid).toBe(txid);
    // Its login can read order lines but not products: changes_between answers the first, refuses the second.
    // On a server only: the embedded database cannot change its one session's login and back.
    if (backend === 'postgres') {
      const { result: asLogin } = await inTransaction(async (trx) => {
        await trx.raw(`set session authorization ${writerRole}`);
        try {
          const changes = (key: string) => `select key from odata_facade.changes_between(${key}, '1:1:'::pg_snapshot, null, null, null, null)`;
          const lines = (await trx.raw<{ rows: { key: unknown }[] }>(changes("'fixtures', 'order_lines'"))).rows.map((row) => row.key);
          await trx.raw('savepoint refused');
          const refused = await trx.raw(changes("'public', 'products'")).then(
            () => 'answered',
            (error: Error) => error.message,
          );
          await trx.raw('rollback to savepoint refused');
          return { lines, refused };
        } finally {
          await trx.raw('reset session authorization');
        }
      });
      expect(asLogin.lines).toContainEqual({ order_id: 903, line_no: 1 });
      expect(asLogin.refused).toMatch(/permission denied for the changes of public\.products/);
    }
    for (const statement of [
      'select count(*) from odata_facade.change_log',
      `insert into odata_facade.change_log (schema_name, table_name, key, op) values ('public', 'products', '{}', 'I')`,
      'delete from odata_facade.change_log',
    ]) {
      await expect(asWriter(statement)).rejects.toThrow(/permission denied/);
    }
  });

  it('reports the tracked tables with their log rows and times', async () => {
    const counted = await t.sql<{ table_name: string; rows: string; oldest: Date; newest: Date }>(
      'select table_name, count(*)::text as rows, min(at) as oldest, max(at) as newest from odata_facade.change_log group by table_name',
    );
    const status = await trackingStatus(t.database);
    expect(status.map(({ schema, table, tracked }) => ({ schema, table, tracked }))).toEqual([
      { schema: 'fixtures', table: 'order_lines', tracked: true },
      { schema: 'public', table: 'products', tracked: true },
    ]);
    for (const table of status) {
      const expected = counted.find((row) => row.table_name === table.table);
      expect(table.rows).toBe(Number(expected?.rows));
      expect(table.oldest?.getTime()).toBe(new Date(expected?.oldest ?? 0).getTime());
      expect(table.newest?.getTime()).toBe(new Date(expected?.newest ?? 0).getTime());
    }
  });

  it('stops recording when disabled, keeping the rows already logged; enabling again is harmless', async () => {
    const before = await logAfter(0);
    await disableTracking(t.database, products);
    expect((await send('PATCH', 'Categories(1)', { description: 'untracked' })).statusCode).toBe(204);
    const product = (await t.sql<{ id: string }>('select id::text as id from products order by sku limit 1'))[0]?.id;
    expect((await send('PATCH', `Products(${product})`, { name: 'Not recorded' })).statusCode).toBe(204);
    expect(await logAfter(0)).toEqual(before);
    const status = await trackingStatus(t.database);
    expect(status.find((table) => table.table === 'products')).toMatchObject({ tracked: false, rows: before.filter((row) => row.table_name === 'products').length });
    expect(status.find((table) => table.table === 'order_lines')).toMatchObject({ tracked: true });
    await enableTracking(t.database, orderLines);
    const from = await lastSeq();
    await inTransaction((trx) => trx.raw('update fixtures.order_lines set quantity = 9 where order_id = 900 and line_no = 3'));
    expect(ops(await logAfter(from))).toHaveLength(1);
  });

  it('prunes only the rows recorded before the cutoff', async () => {
    const all = await logAfter(0);
    const old = all.slice(0, 3).map((row) => row.seq);
    await inTransaction((trx) => trx.raw(`update odata_facade.change_log set at = now() - interval '10 days' where seq = any(?::int8[])`, [old]));
    const deleted = await pruneChangeLog(t.database, new Date(Date.now() - 7 * 86_400_000));
    expect(deleted).toBe(old.length);
    expect((await logAfter(0)).map((row) => row.seq)).toEqual(all.slice(3).map((row) => row.seq));
    expect(await pruneChangeLog(t.database, new Date(Date.now() - 7 * 86_400_000))).toBe(0);
  });
});
