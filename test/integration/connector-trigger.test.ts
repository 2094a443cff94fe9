import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEYS } from '../../src/auth/demo-keys.js';
import { pruneChangeLog } from '../../src/db/change-tracking.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { pathOf, readEntry } from '../support/delta-client.js';
import { testBackends } from '../support/test-database.js';

/**
 * The connector's polling trigger over delta links: the first call gives the state in Location
 * (202), a poll with no change is a 202, a poll after changes a 200 with them, and Location always
 * holds the next state; pages of a large delta come one poll after another without waiting.
 */
describe.each(testBackends)('the connector polling trigger on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend, { DEFAULT_PAGE_SIZE: '3', CONNECTOR_POLL_SECONDS: '90' });
  });
  afterAll(async () => t?.close());

  const write = async (...statements: readonly string[]): Promise<void> =>
    t.database.knex.transaction(async (trx) => {
      await trx.raw('set transaction read write');
      for (const statement of statements) await trx.raw(statement);
    });
  const poll = async (url: string) => {
    const response = await t.app.inject({ method: 'GET', url });
    return { response, location: pathOf(String(response.headers['location'])), retryAfter: response.headers['retry-after'] };
  };

  it('starts with a 202 and the state in Location, then answers each change once', async () => {
    const first = await poll(`/odata/$connector/changes/Products?$select=sku,price&$filter=${encodeURIComponent('price gt 100')}`);
    expect(first.response.statusCode).toBe(202);
    expect(first.response.body).toBe('');
    expect(first.retryAfter).toBe('90');
    const state = new URL(first.location, 'http://x');
    expect(state.pathname).toBe('/odata/$connector/changes/Products');
    expect(state.searchParams.get('$select')).toBe('sku,price');
    expect(state.searchParams.get('$filter')).toBe('price gt 100');
    expect(state.searchParams.get('$deltatoken')).toMatch(/^[\w-]+\.[\w-]+$/);

    const quiet = await poll(first.location);
    expect(quiet.response.statusCode).toBe(202);
    expect(quiet.retryAfter).toBe('90');

    await write(
      "insert into products (sku, name, category_id, price) values ('TR-1', 't', 1, 150), ('TR-CHEAP', 't', 1, 5)",
      "update products set price = 101 where id = (select id from products where price > 100 order by id limit 1)",
    );
    const changed = await poll(quiet.location);
    expect(changed.response.statusCode).toBe(200);
    expect(changed.response.headers['content-type']).toMatch(/^application\/json/);
    const value = changed.response.json<{ value: Record<string, unknown>[] }>().value;
    expect(value.map((entry) => entry['sku'])).toContain('TR-1');
    expect(value.map((entry) => entry['sku'])).not.toContain('TR-CHEAP');
    expect(value.every((entry) => typeof entry['@id'] === 'string')).toBe(true);
    expect(changed.retryAfter).toBe('90');

    await write("delete from products where sku = 'TR-1'");
    const deleted = await poll(changed.location);
    expect(deleted.response.json<{ value: Record<string, unknown>[] }>().value.map(readEntry)).toEqual([{ key: readEntry(value.find((entry) => entry['sku'] === 'TR-1') ?? {}).key, removed: 'deleted' }]);
    expect((await poll(deleted.location)).response.statusCode).toBe(202);
  });

  it('sends a large delta a page a poll, asking to come back at once while pages remain', async () => {
    const { location } = await poll('/odata/$connector/changes/Products?$select=sku');
    await write("insert into products (sku, name, category_id, price) select 'TRP-' || n, 't', 1, n from generate_series(1, 5) as n");
    const first = await poll(location);
    expect([first.response.statusCode, first.retryAfter, first.response.json<{ value: unknown[] }>().value.length]).toEqual([200, '0', 3]);
    const second = await poll(first.location);
    expect([second.response.statusCode, second.retryAfter, second.response.json<{ value: unknown[] }>().value.length]).toEqual([200, '90', 2]);
    const skus = [...first.response.json<{ value: { sku: string }[] }>().value, ...second.response.json<{ value: { sku: string }[] }>().value].map((entry) => entry.sku);
    expect(skus.sort()).toEqual(['TRP-1', 'TRP-2', 'TRP-3', 'TRP-4', 'TRP-5']);
    expect((await poll(second.location)).response.statusCode).toBe(202);
  });

  it('refuses a set that is not tracked (400), one that does not exist (404), and a selection a delta cannot follow (400)', async () => {
    const untracked = await t.app.inject({ method: 'GET', url: '/odata/$connector/changes/Categories' });
    expect(untracked.statusCode).toBe(400);
    expect(untracked.json<{ error: { message: string } }>().error.message).toMatch(/track-changes enable Categories/);
    expect((await t.app.inject({ method: 'GET', url: '/odata/$connector/changes/Nope' })).statusCode).toBe(404);
    const navigation = await t.app.inject({ method: 'GET', url: `/odata/$connector/changes/Products?$filter=${encodeURIComponent("category/name eq 'x'")}` });
    expect(navigation.statusCode).toBe(400);
    expect(navigation.json<{ error: { target: string } }>().error.target).toBe('$filter');
  });

  it('answers a column the caller may not read with a 403 on the first call, as a read would', async () => {
    const reader = { 'x-api-key': DEMO_KEYS.find((entry) => entry.id === 'demo-reader')?.key ?? '' };
    const hidden = await t.app.inject({ method: 'GET', url: '/odata/$connector/changes/Products?$select=sku,cost', headers: reader });
    expect(hidden.statusCode).toBe(403);
    expect(hidden.json<{ error: { target: string } }>().error.target).toBe('cost');
    expect((await t.app.inject({ method: 'GET', url: '/odata/$connector/changes/Products?$select=sku', headers: reader })).statusCode).toBe(202);
  });

  it('answers a tampered state with a 400 and one whose changes were pruned with a 410, as the delta link inside it', async () => {
    const { location } = await poll('/odata/$connector/changes/Products?$select=sku');
    const tampered = location.replace(/\$deltatoken=([\w-]+)\.([\w-]+)/, (_all, body: string) => `$deltatoken=${body}.AAAA`);
    expect((await t.app.inject({ method: 'GET', url: tampered })).statusCode).toBe(400);
    await write("update products set price = price + 1 where sku = 'TRP-1'");
    expect(await pruneChangeLog(t.database, new Date(Date.now() + 86_400_000))).toBeGreaterThan(0);
    const gone = await t.app.inject({ method: 'GET', url: location });
    expect(gone.statusCode).toBe(410);
    expect(gone.json<{ error: { code: string } }>().error.code).toBe('OF516');
  });
});
