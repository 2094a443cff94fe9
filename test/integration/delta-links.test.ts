import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { DEMO_KEYS } from '../../src/auth/demo-keys.js';
import { disableTracking, enableTracking, pruneChangeLog } from '../../src/db/change-tracking.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { followToDeltaLink, pathOf, readEntry, type DeltaEntry } from '../support/delta-client.js';
import { testBackends } from '../support/test-database.js';

/**
 * Delta links (issue 9): a read with `Prefer: odata.track-changes` ends with a delta link, and the
 * delta link answers exactly what changed since: through the service or in SQL, creates, updates
 * and deletes, on PGlite and on PostgreSQL.
 */

const TRACK = { prefer: 'odata.track-changes' };
const V401 = { 'odata-maxversion': '4.01' };
const DAY_MS = 86_400_000;

interface ProductRow {
  id: string;
  sku: string;
  price: string;
}

describe.each(testBackends)('delta links on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => t?.close());

  /** Runs statements in one read-write transaction (the service's own pool reads only). */
  const write = async (...statements: readonly string[]): Promise<void> =>
    t.database.knex.transaction(async (trx) => {
      await trx.raw('set transaction read write');
      for (const statement of statements) await trx.raw(statement);
    });
  const send = async (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const response = await t.app.inject({
      method,
      url: `/odata/${url}`,
      headers: { 'content-type': 'application/json' },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response;
  };
  const product = async (sku: string): Promise<ProductRow | undefined> =>
    (await t.sql<ProductRow>('select id::text as id, sku, price::text as price from products where sku = ?', [sku]))[0];
  const idOf = async (sku: string): Promise<string> => (await product(sku))?.id ?? `no product ${sku}`;
  const deltaLinkOf = async (path: string, headers: Record<string, string> = {}): Promise<string> => (await followToDeltaLink(t, path, { ...TRACK, ...headers })).deltaLink;
  const byKey = (entries: readonly DeltaEntry[]) => new Map(entries.map((entry) => [readEntry(entry).key, entry]));

  it('a tracked read pages as usual, says the preference was applied, and ends with a delta link', async () => {
    const followed = await followToDeltaLink(t, '/odata/Products?$select=sku,name&$count=true', { prefer: 'odata.track-changes, odata.maxpagesize=300' });
    const [{ n } = { n: 0 }] = await t.sql<{ n: number }>('select count(*)::int as n from products');
    expect(followed.pages.length).toBe(Math.ceil(n / 300));
    for (const page of followed.pages) expect(page.headers['preference-applied']).toBe('odata.maxpagesize=300, odata.track-changes');
    expect(followed.pages.slice(0, -1).every((page) => page.json<Record<string, unknown>>()['@odata.deltaLink'] === undefined)).toBe(true);
    expect(new Set(followed.entries.map((entry) => entry['sku'])).size).toBe(n);
    const link = new URL(followed.deltaLink, 'http://x');
    expect(link.pathname).toBe('/odata/Products');
    expect(link.searchParams.get('$select')).toBe('sku,name');
    expect(link.searchParams.has('$count')).toBe(false);
    expect(link.searchParams.has('$skiptoken')).toBe(false);
    const delta = await t.app.inject({ method: 'GET', url: followed.deltaLink });
    expect(delta.statusCode).toBe(200);
    expect(delta.json<{ '@odata.context': string; value: unknown[] }>()).toMatchObject({ '@odata.context': 'http://localhost:80/odata/$metadata#Products(sku,name)/$delta', value: [] });
  });

  it('a set that is not tracked answers as usual, without the preference applied or a delta link', async () => {
    const response = await t.get('Categories?$select=name', TRACK);
    expect(response.statusCode).toBe(200);
    expect(response.headers['preference-applied']).toBeUndefined();
    expect(response.body).not.toContain('deltaLink');
  });

  it('reports creates, updates and deletes made through the service and in SQL, each row once, with current values', async () => {
    await write(
      "insert into products (sku, name, category_id, price) values ('DL-B', 'b', 1, 10), ('DL-C', 'c', 1, 10), ('DL-E', 'e', 1, 10), ('DL-F', 'f', 1, 10), ('DL-H', 'h', 1, 10)",
    );
    const link = await deltaLinkOf('/odata/Products?$select=sku,price');
    const created = await send('POST', 'Products', { sku: 'DL-A', name: 'a', category_id: 1, price: 11 });
    expect(created.statusCode).toBe(204);
    await send('PATCH', `Products(${await idOf('DL-B')})`, { price: 12 });
    await send('PATCH', `Products(${await idOf('DL-B')})`, { price: 13 });
    const deletedC = await idOf('DL-C');
    await send('DELETE', `Products(${deletedC})`);
    const deletedF = await idOf('DL-F');
    await write(
      "insert into products (sku, name, category_id, price) values ('DL-D', 'd', 1, 14)",
      "update products set price = 15 where sku = 'DL-E'",
      "delete from products where sku = 'DL-F'",
      "insert into products (sku, name, category_id, price) values ('DL-G', 'g', 1, 16)",
      "delete from products where sku = 'DL-G'",
      "update products set price = 17 where sku = 'DL-H'",
      "update products set price = 18 where sku = 'DL-H'",
    );
    await write("update products set price = 19 where sku = 'DL-H'");
    const delta = await t.app.inject({ method: 'GET', url: link, headers: V401 });
    expect(delta.statusCode).toBe(200);
    expect(delta.headers['odata-version']).toBe('4.01');
    const body = delta.json<{ value: DeltaEntry[]; '@odata.deltaLink': string }>();
    const entries = byKey(body.value);
    expect(body.value).toHaveLength(entries.size);
    const expected = new Map<string, unknown>();
    for (const sku of ['DL-A', 'DL-B', 'DL-D', 'DL-E', 'DL-H']) {
      const row = await product(sku);
      expected.set(row?.id ?? sku, { '@id': `Products(${row?.id})`, sku, price: Number(row?.price) });
    }
    expected.set(deletedC, { '@id': `Products(${deletedC})`, '@removed': { reason: 'deleted' } });
    expected.set(deletedF, { '@id': `Products(${deletedF})`, '@removed': { reason: 'deleted' } });
    expect([...entries.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, entry] of entries) {
      expect(entry).toMatchObject(expected.get(key) as object);
      if (!('@removed' in entry)) expect(Object.keys(entry).filter((name) => !name.startsWith('@')).sort()).toEqual(['price', 'sku']);
    }
    expect([...entries.values()].map((entry) => entry['sku'])).not.toContain('DL-G');
    // The same delta as a 4.0 client reads it.
    const old = await t.app.inject({ method: 'GET', url: link });
    expect(old.headers['odata-version']).toBe('4.0');
    const removed = old.json<{ value: DeltaEntry[] }>().value.filter((entry) => entry['@odata.context'] !== undefined);
    expect(removed.sort((a, b) => String(a['id']).localeCompare(String(b['id'])))).toEqual(
      [deletedC, deletedF].sort().map((id) => ({ '@odata.context': '#Products/$deletedEntity', id: `Products(${id})`, reason: 'deleted' })),
    );
    // The next delta link starts where this delta ended.
    const next = await t.app.inject({ method: 'GET', url: pathOf(body['@odata.deltaLink']) });
    expect(next.json<{ value: unknown[] }>().value).toEqual([]);
  });

  it('applies the filter of the first request to its deltas: rows leave the selection as removed, enter it as entities', async () => {
    await write("insert into products (sku, name, category_id, price) values ('FL-IN', 'in', 1, 500), ('FL-OUT', 'out', 1, 5), ('FL-STAYS', 'stays', 1, 600)");
    const link = await deltaLinkOf(`/odata/Products?$select=sku&$filter=${encodeURIComponent("price gt 100 and startswith(sku,'FL-')")}`);
    await write(
      "update products set price = 50 where sku = 'FL-IN'",
      "update products set price = 150 where sku = 'FL-OUT'",
      "insert into products (sku, name, category_id, price) values ('FL-NEW-CHEAP', 'n', 1, 1), ('FL-NEW', 'n', 1, 700)",
    );
    const entries = byKey((await t.app.inject({ method: 'GET', url: link, headers: V401 })).json<{ value: DeltaEntry[] }>().value);
    expect(entries.get(await idOf('FL-IN'))).toEqual({ '@id': `Products(${await idOf('FL-IN')})`, '@removed': { reason: 'changed' } });
    expect(entries.get(await idOf('FL-OUT'))).toMatchObject({ sku: 'FL-OUT' });
    expect(entries.get(await idOf('FL-NEW'))).toMatchObject({ sku: 'FL-NEW' });
    expect(entries.has(await idOf('FL-NEW-CHEAP'))).toBe(false);
    expect(entries.has(await idOf('FL-STAYS'))).toBe(false);
  });

  it('rejects with a 400 what a delta cannot follow: filters over navigation or with now(), $expand, $compute, $top, $skip', async () => {
    const cases: [string, string, RegExp][] = [
      [`$filter=${encodeURIComponent("category/name eq 'Tools'")}`, '$filter', /navigation/],
      [`$filter=${encodeURIComponent('created lt now()')}`, '$filter', /now\(\)/],
      ['$expand=category', '$expand', /change tracking/],
      ['$compute=price%20mul%202%20as%20double', '$compute', /change tracking/],
      ['$top=5', '$top', /change tracking/],
      ['$skip=5', '$skip', /change tracking/],
    ];
    for (const [query, target, message] of cases) {
      const response = await t.get(`Products?${query}`, TRACK);
      expect(response.statusCode, query).toBe(400);
      expect(response.json<{ error: { target: string; message: string } }>().error).toMatchObject({ target, message: expect.stringMatching(message) });
      // Without the preference the same request is served.
      expect((await t.get(`Products?${query}`)).statusCode, query).toBe(200);
    }
    // A lambda over the entity's own array property depends on the row alone.
    expect((await t.get(`Products?$filter=${encodeURIComponent("tags/any(t: t eq 'x')")}`, TRACK)).headers['preference-applied']).toBe('odata.track-changes');
    const link = await deltaLinkOf('/odata/Products?$select=sku');
    const ordered = await t.app.inject({ method: 'GET', url: `${link}&$orderby=sku` });
    expect(ordered.statusCode).toBe(400);
    expect(ordered.json<{ error: { target: string } }>().error.target).toBe('$orderby');
  });

  it('counts the changes with /$count and $count=true', async () => {
    await write("insert into products (sku, name, category_id, price) values ('CT-1', 'x', 1, 1), ('CT-2', 'x', 1, 1)");
    const link = await deltaLinkOf('/odata/Products?$select=sku');
    await write("update products set price = 2 where sku in ('CT-1', 'CT-2')", "insert into products (sku, name, category_id, price) values ('CT-3', 'x', 1, 1)", "delete from products where sku = 'CT-1'");
    const counted = await t.app.inject({ method: 'GET', url: link.replace('/odata/Products?', '/odata/Products/$count?') });
    expect(counted.statusCode).toBe(200);
    expect(counted.body).toBe('3');
    const page = await t.app.inject({ method: 'GET', url: `${link}&$count=true` });
    expect(page.json<{ '@odata.count': number; value: unknown[] }>()).toMatchObject({ '@odata.count': 3, value: expect.any(Array) });
    expect(page.json<{ value: unknown[] }>().value).toHaveLength(3);
  });

  it('pages a delta of 10,000 rows, and a change made while paging comes in the next delta', async () => {
    const link = await deltaLinkOf('/odata/Products?$select=sku');
    await write("insert into products (sku, name, category_id, price) select 'BULK-' || n, 'bulk', 1, n from generate_series(1, 10000) as n");
    const skus: unknown[] = [];
    let url = link;
    let pages = 0;
    let nextDelta = '';
    while (nextDelta === '') {
      const response = await t.app.inject({ method: 'GET', url, headers: { prefer: 'odata.maxpagesize=1000' } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['preference-applied']).toBe('odata.maxpagesize=1000');
      const body = response.json<{ value: DeltaEntry[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string }>();
      expect(body.value.length).toBeLessThanOrEqual(1000);
      skus.push(...body.value.map((entry) => entry['sku']));
      pages += 1;
      if (pages === 3) await write("update products set price = 0 where sku = 'BULK-1'", "insert into products (sku, name, category_id, price) values ('BULK-LATE', 'late', 1, 1)");
      if (body['@odata.nextLink'] !== undefined) url = pathOf(body['@odata.nextLink']);
      else nextDelta = pathOf(body['@odata.deltaLink'] as string);
    }
    expect(pages).toBe(10);
    expect(skus).toHaveLength(10_000);
    expect(new Set(skus)).toEqual(new Set(Array.from({ length: 10_000 }, (_, index) => `BULK-${index + 1}`)));
    const after = (await t.app.inject({ method: 'GET', url: nextDelta })).json<{ value: DeltaEntry[] }>().value;
    expect(after.map((entry) => entry['sku']).sort()).toEqual(['BULK-1', 'BULK-LATE']);
    await write("delete from products where sku like 'BULK-%'");
  });

  it('rejects a tampered token, a token of another set or selection, and a token used elsewhere than an entity set', async () => {
    const link = await deltaLinkOf('/odata/Products?$select=sku');
    const token = new URL(link, 'http://x').searchParams.get('$deltatoken') as string;
    const [body = '', mac = ''] = token.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as { s: string };
    const forged = Buffer.from(JSON.stringify({ ...payload, s: '1:1:' })).toString('base64url');
    const attempts = [
      `Products?$select=sku&$deltatoken=${forged}.${mac}`,
      `Products?$select=sku&$deltatoken=${body}.${mac.slice(0, -2)}AA`,
      `Products?$select=sku&$deltatoken=garbage`,
      `Products?$select=sku,name&$deltatoken=${token}`,
      `Products?$select=sku&$filter=price%20gt%201&$deltatoken=${token}`,
      `Suppliers?$select=sku&$deltatoken=${token}`,
      `Categories?$deltatoken=${token}`,
    ];
    for (const attempt of attempts) {
      const response = await t.get(attempt);
      expect(response.statusCode, attempt).toBe(400);
    }
    const rejected = await t.get(`Products?$select=sku&$deltatoken=${forged}.${mac}`);
    expect(rejected.json<{ error: { code: string; target: string; message: string } }>().error).toMatchObject({ code: 'OF105', target: '$deltatoken' });
    const [one] = await t.sql<{ id: string }>('select id::text as id from products limit 1');
    const entity = await t.get(`Products(${one?.id})?$deltatoken=${token}`);
    expect(entity.statusCode).toBe(400);
  });

  it('a reader whose row-level security hides discontinued products sees a product leave as removed, through the same grants', async () => {
    const reader = { 'x-api-key': DEMO_KEYS.find((entry) => entry.id === 'demo-reader')?.key ?? '' };
    await write("insert into products (sku, name, category_id, price) values ('RLS-1', 'r', 1, 1)");
    const link = await deltaLinkOf('/odata/Products?$select=sku', reader);
    await write("update products set discontinued = true where sku = 'RLS-1'");
    const delta = await t.app.inject({ method: 'GET', url: link, headers: { ...reader, ...V401 } });
    expect(delta.statusCode, delta.body).toBe(200);
    expect(delta.json<{ value: DeltaEntry[] }>().value).toEqual([{ '@id': `Products(${await idOf('RLS-1')})`, '@removed': { reason: 'changed' } }]);
  });

  it('the Dataverse root tracks changes too', async () => {
    const link = (await followToDeltaLink(t, '/dataverse/Products?$select=sku', TRACK)).deltaLink;
    expect(link.startsWith('/dataverse/Products?')).toBe(true);
    await write("insert into products (sku, name, category_id, price) values ('DV-1', 'd', 1, 1)");
    const entries = (await t.app.inject({ method: 'GET', url: link })).json<{ value: DeltaEntry[] }>().value;
    expect(entries.map((entry) => entry['sku'])).toEqual(['DV-1']);
  });

  describe('expired delta links answer 410 Gone', () => {
    it('when older than the retention', async () => {
      const link = await deltaLinkOf('/odata/Products?$select=sku');
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(Date.now() + 6 * DAY_MS);
        expect((await t.app.inject({ method: 'GET', url: link })).statusCode).toBe(200);
        vi.setSystemTime(Date.now() + 2 * DAY_MS);
        const gone = await t.app.inject({ method: 'GET', url: link });
        expect(gone.statusCode).toBe(410);
        expect(gone.json<{ error: { code: string; message: string; target: string } }>().error).toMatchObject({
          code: 'OF516',
          target: '$deltatoken',
          message: expect.stringMatching(/7-day retention.*Prefer: odata.track-changes/),
        });
      } finally {
        vi.useRealTimers();
      }
    });

    it('when the change log rows its window needs were pruned', async () => {
      await write("insert into products (sku, name, category_id, price) values ('PR-1', 'p', 1, 1)");
      const link = await deltaLinkOf('/odata/Products?$select=sku');
      await write("update products set price = 2 where sku = 'PR-1'");
      expect(await pruneChangeLog(t.database, new Date(Date.now() + DAY_MS))).toBeGreaterThan(0);
      const gone = await t.app.inject({ method: 'GET', url: link });
      expect(gone.statusCode).toBe(410);
      expect(gone.json<{ error: { message: string } }>().error.message).toMatch(/pruned/);
      expect((await t.app.inject({ method: 'GET', url: link.replace('/odata/Products?', '/odata/Products/$count?') })).statusCode).toBe(410);
      // A new delta link works again.
      expect((await t.app.inject({ method: 'GET', url: await deltaLinkOf('/odata/Products?$select=sku') })).statusCode).toBe(200);
    });

    it('when tracking was turned off since', async () => {
      const link = await deltaLinkOf('/odata/Products?$select=sku');
      await disableTracking(t.database, { schema: 'public', table: 'products' });
      const gone = await t.app.inject({ method: 'GET', url: link });
      expect(gone.statusCode).toBe(410);
      expect(gone.json<{ error: { message: string } }>().error.message).toMatch(/change tracking was off/);
      // Tracking on again does not bring back the changes made while it was off.
      await enableTracking(t.database, { schema: 'public', table: 'products', keyColumns: ['id'] });
      expect((await t.app.inject({ method: 'GET', url: link })).statusCode).toBe(410);
      expect((await t.app.inject({ method: 'GET', url: await deltaLinkOf('/odata/Products?$select=sku') })).statusCode).toBe(200);
    });
  });
});

describe.each(testBackends)('delta links of other keys on %s', (backend) => {
  let t: TestApp;
  let fresh: FastifyInstance;
  beforeAll(async () => {
    t = await buildTestApp(backend);
    await enableTracking(t.database, { schema: 'public', table: 'categories', keyColumns: ['id'] });
    await enableTracking(t.database, { schema: 'fixtures', table: 'order_lines', keyColumns: ['order_id', 'line_no'] });
    // The model is read at start: an app built now serves the newly tracked sets.
    fresh = await buildApp(loadConfig({ LOG_LEVEL: 'silent', DB_SCHEMAS: 'public,fixtures', MIGRATE_ON_START: 'false', SEED_ON_START: 'false' }), { database: t.database });
  });
  afterAll(async () => {
    await fresh?.close();
    await t?.close();
  });

  const write = async (...statements: readonly string[]): Promise<void> =>
    t.database.knex.transaction(async (trx) => {
      await trx.raw('set transaction read write');
      for (const statement of statements) await trx.raw(statement);
    });
  const follow = async (url: string, headers: Record<string, string> = {}) => {
    let body: { value: DeltaEntry[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string } = { value: [] };
    const entries: DeltaEntry[] = [];
    for (let next: string | undefined = url; next !== undefined; next = body['@odata.nextLink'] === undefined ? undefined : pathOf(body['@odata.nextLink'])) {
      const response = await fresh.inject({ method: 'GET', url: next, headers });
      expect(response.statusCode, response.body).toBe(200);
      body = response.json();
      entries.push(...body.value);
    }
    const deltaLink = body['@odata.deltaLink'];
    return { entries, deltaLink: deltaLink === undefined ? '' : pathOf(deltaLink) };
  };

  it('an integer key is a Guid at the Dataverse root, in entities and in removed entries alike', async () => {
    await write("insert into categories (name) values ('DL-Old'), ('DL-Kept')");
    const [old, kept] = await t.sql<{ id: number }>("select id from categories where name in ('DL-Old', 'DL-Kept') order by name desc");
    const { deltaLink } = await follow('/dataverse/Categories?$select=name', TRACK);
    await write(`delete from categories where id = ${Number(old?.id)}`, `update categories set name = 'DL-Kept!' where id = ${Number(kept?.id)}`);
    const guids = new Map(
      (await follow('/dataverse/Categories?$select=CategoryId,id')).entries.map((entry) => [Number(entry['id']), String(entry['CategoryId'])]),
    );
    const { entries } = await follow(deltaLink, V401);
    expect(entries).toHaveLength(2);
    expect(entries).toContainEqual(expect.objectContaining({ '@id': `Categories(${guids.get(Number(kept?.id))})`, name: 'DL-Kept!' }));
    const removed = entries.find((entry) => '@removed' in entry);
    expect(removed?.['@id']).toMatch(/^Categories\([0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[0-9a-f]{4}-0{4}[0-9a-f]{8}\)$/);
    expect(removed?.['@id']).toMatch(new RegExp(`${Number(old?.id).toString(16).padStart(8, '0')}\\)$`));
  });

  it('a composite key names its parts in removed entries and finds its rows by both', async () => {
    const { deltaLink } = await follow('/odata/OrderLines?$select=sku,quantity', TRACK);
    await write(
      "insert into fixtures.order_lines (order_id, line_no, sku, quantity) values (7001, 1, 'A', 1), (7001, 2, 'B', 2)",
      'delete from fixtures.order_lines where order_id = 7001 and line_no = 1',
    );
    const { entries: first, deltaLink: next } = await follow(deltaLink, V401);
    expect(first).toEqual([{ '@id': 'OrderLines(order_id=7001,line_no=2)', '@odata.etag': expect.stringMatching(/^W\/"\d+"$/), sku: 'B', quantity: 2 }]);
    await write('update fixtures.order_lines set quantity = 3 where order_id = 7001 and line_no = 2', 'delete from fixtures.order_lines where order_id = 7001 and line_no = 2');
    const { entries: second } = await follow(next);
    expect(second).toEqual([{ '@odata.context': '#OrderLines/$deletedEntity', id: 'OrderLines(order_id=7001,line_no=2)', reason: 'deleted' }]);
  });
});
