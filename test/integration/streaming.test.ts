import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

interface Page {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: Record<string, unknown>[];
}

interface Received {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly text: string;
  readonly chunks: number;
}

interface RequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** The client goes away as soon as bytes arrive. */
  readonly stopAfterFirstChunk?: boolean;
}

/** A request over a real socket. */
function fetchRaw(url: string, { method = 'GET', headers = {}, stopAfterFirstChunk = false }: RequestOptions = {}): Promise<Received> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      let chunks = 0;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        chunks += 1;
        if (stopAfterFirstChunk) {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, chunks });
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, chunks }));
    });
    req.on('error', (error) => (stopAfterFirstChunk ? undefined : reject(error)));
    req.end();
  });
}

/** Connections of the app's pool in use right now. */
function connectionsInUse(t: TestApp): number {
  return (t.database.knex.client as unknown as { pool: { numUsed(): number } }).pool.numUsed();
}

async function untilIdle(t: TestApp): Promise<void> {
  for (let waited = 0; connectionsInUse(t) > 0; waited += 10) {
    if (waited > 5_000) throw new Error(`${connectionsInUse(t)} connection(s) still in use after 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(testBackends)('pages streamed from the database on %s', (backend) => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await buildTestApp(backend, { DEFAULT_PAGE_SIZE: '1000', MAX_PAGE_SIZE: '1000' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/odata`;
  });
  afterAll(async () => t?.close());

  it('sends 1,000 rows with every column whole and in order over a socket, chunk after chunk', async () => {
    const received = await fetchRaw(`${base}/Products?$count=true`);
    expect(received.status).toBe(200);
    expect(received.headers['transfer-encoding']).toBe('chunked');
    const page = JSON.parse(received.text) as Page;
    expect(Object.keys(page)).toEqual(['@odata.context', '@odata.count', 'value']);
    const ids = await t.sql<{ id: string }>('select id::text as id from public.products order by id');
    expect(ids).toHaveLength(1000);
    expect(page['@odata.count']).toBe(1000);
    expect(page.value.map((row) => row['id'])).toEqual(ids.map((row) => row.id));
    // every entity is whole: the rows at the chunk seams equal the same rows read alone
    for (const index of [0, 99, 100, 101, 499, 500, 999]) {
      const alone = (await t.get(`Products?$skip=${index}&$top=1`)).json<Page>();
      expect(page.value[index]).toEqual(alone.value[0]);
    }
    expect(connectionsInUse(t)).toBe(0);
  });

  it('ends with the next link after a streamed page', async () => {
    const received = await fetchRaw(`${base}/Products?$select=id,name&$orderby=name&$top=900`, { headers: { prefer: 'odata.maxpagesize=700' } });
    expect(received.headers['preference-applied']).toBe('odata.maxpagesize=700');
    const page = JSON.parse(received.text) as Page;
    expect(Object.keys(page)).toEqual(['@odata.context', 'value', '@odata.nextLink']);
    expect(page.value).toHaveLength(700);
    const names = await t.sql<{ name: string }>('select name from public.products order by name, id limit 700');
    expect(page.value.map((row) => row['name'])).toEqual(names.map((row) => row.name));
    expect(page['@odata.nextLink']).toMatch(/\$skiptoken=.+&\$top=200$/);
  });

  it('pages rows with an expanded collection, a chunk each, the next link after the last', async () => {
    const categories = await t.sql<{ id: number }>('select id from public.categories order by id');
    expect(categories.length).toBeGreaterThan(3);
    const seen: unknown[] = [];
    let url: string | undefined = `${base}/Categories?$expand=products($select=id;$count=true)&$select=id`;
    for (let pages = 0; url !== undefined && pages < 100; pages++) {
      const page = JSON.parse((await fetchRaw(url, { headers: { prefer: 'odata.maxpagesize=3' } })).text) as Page;
      expect(page.value.length).toBeLessThanOrEqual(3);
      for (const row of page.value) {
        seen.push(row['id']);
        expect((row['products'] as unknown[]).length).toBe(row['products@odata.count']);
      }
      url = page['@odata.nextLink'];
      if (url !== undefined) expect(page.value).toHaveLength(3);
    }
    expect(seen).toEqual(categories.map((row) => row.id));
  });

  it('gives the connection back when the client goes away midway', async () => {
    for (let round = 0; round < 6; round++) {
      const received = await fetchRaw(`${base}/Products?$expand=category`, { stopAfterFirstChunk: true });
      expect(received.status).toBe(200);
    }
    await untilIdle(t);
    const after = await fetchRaw(`${base}/Products?$top=2&$select=id`);
    expect((JSON.parse(after.text) as Page).value).toHaveLength(2);
  });

  it('answers HEAD on a large page without a body and gives the connection back', async () => {
    const received = await fetchRaw(`${base}/Products`, { method: 'HEAD' });
    expect(received.status).toBe(200);
    expect(received.text).toBe('');
    await untilIdle(t);
  });

  it('sends an empty page as an empty array, with its count', async () => {
    const page = JSON.parse((await fetchRaw(`${base}/Products?$filter=price%20lt%200&$count=true`)).text) as Page;
    expect(page['@odata.count']).toBe(0);
    expect(page.value).toEqual([]);
    const skipped = JSON.parse((await fetchRaw(`${base}/Products?$skip=5000&$count=true`)).text) as Page;
    expect(skipped['@odata.count']).toBe(1000);
    expect(skipped.value).toEqual([]);
  });
});
