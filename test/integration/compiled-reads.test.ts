import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

interface Page {
  readonly '@odata.nextLink'?: string;
  readonly value: readonly Record<string, unknown>[];
}

const stages = (timing: unknown): string[] => String(timing).split(', ').map((entry) => entry.split(';')[0] ?? '');

describe.each(testBackends)('reads kept compiled on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => t?.close());

  it('keeps a compiled read, not its answer: rows written since are in the next answer', async () => {
    const path = "Readings?$filter=sensor%20eq%20'compiled-reads'&$select=value&$orderby=value";
    const before = await t.get(path);
    expect(stages(before.headers['server-timing'])).toEqual(['auth', 'parse', 'plan', 'sql', 'db', 'response']);
    expect(before.json<Page>().value).toEqual([]);
    await t.database.knex.transaction(async (trx) => {
      await trx.raw('set transaction read write');
      await trx.raw("insert into fixtures.readings (sensor, taken_at, value) values ('compiled-reads', now(), 2), ('compiled-reads', now(), 1)");
    });
    const after = await t.get(path);
    expect(stages(after.headers['server-timing'])).toEqual(['auth', 'db', 'response']);
    const written = await t.sql<{ etag: string; value: number }>(
      "select 'W/\"' || xmin::text || '\"' as etag, value from fixtures.readings where sensor = 'compiled-reads' order by value",
    );
    expect(written.map((row) => row.value)).toEqual([1, 2]);
    expect(after.json<Page>().value).toEqual(written.map((row) => ({ '@odata.etag': row.etag, value: row.value })));
  });

  it('compiles a read apart for another Accept or Prefer, and answers each as asked', async () => {
    const path = 'Products?$select=sku&$orderby=sku&$top=3';
    const minimal = (await t.get(path)).json<Page>();
    expect(minimal.value[0]).not.toHaveProperty('@odata.id');
    const full = await t.get(path, { accept: 'application/json;odata.metadata=full' });
    expect(stages(full.headers['server-timing'])).toContain('parse');
    expect(full.json<Page>().value[0]).toHaveProperty('@odata.id');
    const paged = await t.get(path, { prefer: 'odata.maxpagesize=2' });
    expect(stages(paged.headers['server-timing'])).toContain('parse');
    expect(paged.headers['preference-applied']).toBe('odata.maxpagesize=2');
    expect(paged.json<Page>().value).toHaveLength(2);
    // each again, now compiled, answers the same
    for (const [headers, expected] of [
      [{}, minimal],
      [{ accept: 'application/json;odata.metadata=full' }, full.json<Page>()],
      [{ prefer: 'odata.maxpagesize=2' }, paged.json<Page>()],
    ] as const) {
      const again = await t.get(path, headers);
      expect(stages(again.headers['server-timing'])).toEqual(['auth', 'db', 'response']);
      expect(again.json<Page>()).toEqual(expected);
    }
  });

  it('follows a next link compiled before with the rows after its token', async () => {
    const first = (await t.get('Products?$select=sku&$orderby=sku', { prefer: 'odata.maxpagesize=5' })).json<Page>();
    const next = first['@odata.nextLink'] ?? '';
    const relative = next.slice(next.indexOf('/odata/') + '/odata/'.length);
    const second = (await t.get(relative, { prefer: 'odata.maxpagesize=5' })).json<Page>();
    const again = await t.get(relative, { prefer: 'odata.maxpagesize=5' });
    expect(stages(again.headers['server-timing'])).toEqual(['auth', 'db', 'response']);
    expect(again.json<Page>()).toEqual(second);
    const skus = await t.sql<{ sku: string }>('select sku from public.products order by sku limit 10');
    expect([...first.value, ...second.value].map((row) => row['sku'])).toEqual(skus.map((row) => row.sku));
  });

  it('keeps nothing that failed to compile', async () => {
    for (let round = 0; round < 2; round++) {
      const response = await t.get('Products?$filter=nosuch%20eq%201');
      expect(response.statusCode).toBe(400);
    }
    const unknown = await t.get('Products?$select=sku&$filter=price%20gt%201&$top=1');
    expect(stages(unknown.headers['server-timing'])).toContain('parse');
  });
});

describe('COMPILED_READ_CACHE_SIZE=0', () => {
  it('compiles every read again', async () => {
    const t = await buildTestApp('pglite', { COMPILED_READ_CACHE_SIZE: '0' });
    try {
      for (let round = 0; round < 2; round++) {
        const response = await t.get('Products?$top=1&$select=sku');
        expect(stages(response.headers['server-timing'])).toEqual(['auth', 'parse', 'plan', 'sql', 'db', 'response']);
      }
    } finally {
      await t.close();
    }
  });
});
