import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { followToDeltaLink, MirrorClient, readEntry, type DeltaEntry } from '../support/delta-client.js';
import { testBackends } from '../support/test-database.js';

/**
 * Delta links stay exact under load and under concurrency: a client that knows only delta links
 * keeps a copy of a filtered table through 1,000 random writes (through the service and in SQL),
 * and a change committed after a delta link by a transaction that began before it is delivered.
 */

const TRACK = { prefer: 'odata.track-changes' };

/** A small seeded generator (mulberry32): the same writes on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(testBackends)('a sync client on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => t?.close());

  it('mirrors the products under 500 from delta links alone, in both forms, through 1,000 random writes', async () => {
    const next = random(backend === 'pglite' ? 9 : 11);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const price = () => (Math.floor(next() * 100_000) / 100).toFixed(2);
    const path = `/odata/Products?$select=id,sku,name,price&$filter=${encodeURIComponent('price lt 500')}`;
    const clients = [new MirrorClient(t, { prefer: 'odata.maxpagesize=40', 'odata-maxversion': '4.01' }), new MirrorClient(t, { prefer: 'odata.maxpagesize=70' })];
    for (const client of clients) await client.start(path);
    const ids = (await t.sql<{ id: string }>('select id::text as id from products')).map((row) => row.id);
    const viaService = async (method: 'POST' | 'PATCH' | 'DELETE', url: string, body?: object) => {
      const response = await t.app.inject({
        method,
        url: `/odata/${url}`,
        headers: { 'content-type': 'application/json', prefer: 'return=representation' },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      expect(response.statusCode, response.body).toBeLessThan(300);
      return response;
    };
    let pending: ((trx: Knex.Transaction) => Promise<void>)[] = [];
    const flush = async () => {
      const work = pending;
      pending = [];
      if (work.length === 0) return;
      await t.database.knex.transaction(async (trx) => {
        await trx.raw('set transaction read write');
        for (const step of work) await step(trx);
      });
    };
    let entriesRead = 0;
    for (let n = 0; n < 1000; n += 1) {
      const roll = next();
      const inSql = next() < 0.5;
      if (roll < 0.3 || ids.length < 10) {
        const sku = `MX-${n}`;
        const values = { sku, name: `mirrored ${n}`, category_id: 1, price: price() };
        if (inSql) {
          pending.push(async (trx) => {
            const inserted = await trx.raw<{ rows: { id: string }[] }>('insert into products (sku, name, category_id, price) values (?, ?, ?, ?) returning id::text as id', [
              values.sku,
              values.name,
              values.category_id,
              values.price,
            ]);
            ids.push(inserted.rows[0]?.id as string);
          });
        } else {
          const created = await viaService('POST', 'Products', { ...values, price: Number(values.price) });
          ids.push(created.json<{ id: string }>().id);
        }
      } else if (roll < 0.75) {
        const id = pick(ids);
        const values = { price: price(), name: `renamed ${n}` };
        if (inSql) pending.push(async (trx) => void (await trx.raw('update products set price = ?, name = ? where id = ?', [values.price, values.name, id])));
        else await viaService('PATCH', `Products(${id})`, { ...values, price: Number(values.price) });
      } else {
        const id = ids.splice(Math.floor(next() * ids.length), 1)[0] as string;
        if (inSql) pending.push(async (trx) => void (await trx.raw('delete from products where id = ?', [id])));
        else await viaService('DELETE', `Products(${id})`);
      }
      // SQL writes gather into transactions of a few statements; the clients poll now and then.
      if (next() < 0.3) await flush();
      if (next() < 0.03) for (const client of clients) entriesRead += await client.sync();
    }
    await flush();
    for (const client of clients) entriesRead += await client.sync();
    const rows = await t.sql<{ id: string; sku: string; name: string; price: string }>('select id::text as id, sku, name, price::text as price from products where price < 500');
    const expected = new Map(rows.map((row) => [row.id, { sku: row.sku, name: row.name, price: Number(row.price) }]));
    for (const client of clients) expect(client.rows).toEqual(expected);
    expect(entriesRead).toBeGreaterThan(500);
  });
});

/**
 * Two transactions interleaved: PostgreSQL only, since the embedded database runs one session at
 * a time and so can never hold a transaction open while another reads.
 */
describe('delta links under concurrent transactions on postgres', () => {
  let t: TestApp;
  /** Transactions a failed test may leave open, rolled back before the database closes. */
  const open: Knex.Transaction[] = [];
  beforeAll(async () => {
    t = await buildTestApp('postgres');
  });
  afterAll(async () => {
    for (const trx of open) if (!trx.isCompleted()) await trx.rollback();
    await t?.close();
  });

  const write = async (...statements: readonly string[]): Promise<void> =>
    t.database.knex.transaction(async (trx) => {
      await trx.raw('set transaction read write');
      for (const statement of statements) await trx.raw(statement);
    });
  /** A read-write transaction left open: what it writes is committed only when the test says so. */
  const openTransaction = async (): Promise<Knex.Transaction> => {
    const trx = await t.database.knex.transaction();
    await trx.raw('set transaction read write');
    return trx;
  };
  const values = (entries: readonly DeltaEntry[]) =>
    Object.fromEntries(entries.map((entry) => (readEntry(entry).removed === null ? [entry['sku'], entry['price']] : [readEntry(entry).key, 'removed'])));
  const seqOf = async (sku: string): Promise<number> =>
    Number((await t.sql<{ seq: string }>("select max(seq)::text as seq from odata_facade.change_log where key ->> 'id' = (select id::text from products where sku = ?)", [sku]))[0]?.seq);

  it('a change committed after a delta link by a transaction that began before it comes in the delta', async () => {
    await write("insert into products (sku, name, category_id, price) values ('IL-1', 'i', 1, 1), ('IL-2', 'i', 1, 1)");
    const path = `/odata/Products?$select=id,sku,price&$filter=${encodeURIComponent("startswith(sku,'IL-')")}`;
    const early = await openTransaction();
    open.push(early);
    await early.raw("update products set price = 2 where sku = 'IL-1'");
    await early.raw("insert into products (sku, name, category_id, price) values ('IL-3', 'i', 1, 3)");
    // The first read runs while `early` is open: it sees neither of its changes.
    const first = await followToDeltaLink(t, path, TRACK);
    expect(values(first.entries)).toEqual({ 'IL-1': 1, 'IL-2': 1 });
    // A later transaction writes and commits first; then `early` commits.
    await write("update products set price = 4 where sku = 'IL-2'");
    await early.commit();
    // `early` took its log numbers before the later one: a cursor of log numbers at the read would skip them.
    expect(await seqOf('IL-1')).toBeLessThan(await seqOf('IL-2'));
    const delta = await followToDeltaLink(t, first.deltaLink);
    expect(values(delta.entries)).toEqual({ 'IL-1': 2, 'IL-2': 4, 'IL-3': 3 });

    // The same across two deltas: a change in progress while a delta is read comes in the next one.
    const late = await openTransaction();
    open.push(late);
    await late.raw("update products set price = 5 where sku = 'IL-3'");
    await write("delete from products where sku = 'IL-1'");
    const during = await followToDeltaLink(t, delta.deltaLink);
    expect(during.entries.map(readEntry).map((entry) => entry.removed)).toEqual(['deleted']);
    await late.commit();
    const after = await followToDeltaLink(t, during.deltaLink);
    expect(values(after.entries)).toEqual({ 'IL-3': 5 });
    expect((await followToDeltaLink(t, after.deltaLink)).entries).toEqual([]);
  });
});
