import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

interface Page {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: Record<string, unknown>[];
}

describe.each(testBackends)('collections on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend, { DEFAULT_PAGE_SIZE: '100', MAX_PAGE_SIZE: '500' });
  });
  afterAll(async () => t?.close());

  it('answers the newcomer query with the right rows and count', async () => {
    const response = await t.get(
      "Products?$select=name,price&$filter=price%20gt%2010%20and%20contains(name,'a')&$orderby=price%20desc&$top=3&$count=true",
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json;odata.metadata=minimal');
    expect(response.headers['odata-version']).toBe('4.0');
    expect(response.body).not.toContain('\n');
    const body = response.json<Page>();
    expect(Object.keys(body)[0]).toBe('@odata.context');
    expect(body['@odata.context']).toBe('http://localhost:80/odata/$metadata#Products(name,price)');
    const expected = await t.sql<{ etag: string; name: string; price: string }>(
      "select 'W/\"' || xmin::text || '\"' as etag, name, price::text from products where price > 10 and name like '%a%' order by products.price desc, products.id limit 3",
    );
    expect(body.value).toEqual(expected.map((row) => ({ '@odata.etag': row.etag, name: row.name, price: Number(row.price) })));
    const [{ count }] = (await t.sql<{ count: string }>("select count(*)::text as count from products where price > 10 and name like '%a%'")) as [
      { count: string },
    ];
    expect(body['@odata.count']).toBe(Number(count));
    expect(body['@odata.nextLink']).toBeUndefined();
  });

  it('streams a large page in parts and sends a small one whole, the same JSON either way', async () => {
    const large = await t.get('Products?$count=true', { prefer: 'odata.maxpagesize=500' });
    expect(large.statusCode).toBe(200);
    expect(large.headers['transfer-encoding']).toBe('chunked');
    expect(large.headers['content-type']).toBe('application/json;odata.metadata=minimal');
    expect(large.body.length).toBeGreaterThan(64 * 1024);
    const page = large.json<Page>();
    const total = Number((await t.sql<{ n: string }>('select count(*) as n from public.products'))[0]?.n);
    expect(total).toBeGreaterThan(500);
    expect(Object.keys(page)).toEqual(['@odata.context', '@odata.count', 'value', '@odata.nextLink']);
    expect(page['@odata.count']).toBe(total);
    const ids = await t.sql<{ id: string }>('select id::text as id from public.products order by id limit 500');
    expect(page.value.map((row) => row['id'])).toEqual(ids.map((row) => row.id));
    const small = await t.get('Products?$top=2');
    expect(small.headers['transfer-encoding']).toBeUndefined();
    expect(Number(small.headers['content-length'])).toBe(Buffer.byteLength(small.body));
    expect(small.json<Page>().value).toEqual(page.value.slice(0, 2));
  });

  it('returns every property of the entity type without $select', async () => {
    const body = (await t.get('Products?$top=1')).json<Page>();
    expect(Object.keys(body.value[0] ?? {})).toEqual([
      '@odata.etag', 'id', 'sku', 'name', 'description', 'category_id', 'supplier_id', 'price', 'cost', 'quantity', 'discontinued',
      'release_date', 'created', 'modified', 'tags', 'weight_kg',
    ]);
    expect(body['@odata.context']).toMatch(/\$metadata#Products$/);
  });

  it('orders by the key when nothing else is asked, and honours $skip and $top', async () => {
    const all = await t.sql<{ id: string }>('select id::text from products order by id limit 7');
    const body = (await t.get('Products?$select=id&$skip=2&$top=5')).json<Page>();
    expect(body.value.map((row) => row['id'])).toEqual(all.slice(2, 7).map((row) => row.id));
  });

  it('sorts nulls first ascending and last descending, as OData says', async () => {
    const asc = (await t.get('Products?$select=cost&$orderby=cost&$top=1')).json<Page>();
    expect(asc.value[0]?.['cost']).toBeNull();
    const desc = (await t.get('Products?$select=cost&$orderby=cost%20desc&$top=1')).json<Page>();
    expect(desc.value[0]?.['cost']).not.toBeNull();
  });

  it('pages with @odata.nextLink that keeps every option and ends on the last page', async () => {
    const seen: unknown[] = [];
    let url: string | undefined = 'Products?$select=sku&$filter=price%20lt%20100&$orderby=sku&$count=true';
    let pages = 0;
    let count: number | undefined;
    while (url !== undefined) {
      const response = await t.get(url);
      expect(response.statusCode).toBe(200);
      const body = response.json<Page>();
      count = body['@odata.count'];
      seen.push(...body.value.map((row) => row['sku']));
      pages += 1;
      url = body['@odata.nextLink']?.replace('http://localhost:80/odata/', '');
      if (url !== undefined) expect(url).toContain('$filter=price%20lt%20100');
    }
    const expected = await t.sql<{ sku: string }>('select sku from products where price < 100 order by sku');
    expect(seen).toEqual(expected.map((row) => row.sku));
    expect(count).toBe(expected.length);
    expect(pages).toBe(Math.ceil(expected.length / 100));
  });

  it('pages a $top larger than the page size until $top rows came back', async () => {
    const first = (await t.get('Products?$select=id&$top=150')).json<Page>();
    expect(first.value).toHaveLength(100);
    expect(first['@odata.nextLink']).toMatch(/\$skiptoken=[\w.-]+&\$top=50$/);
    const second = (await t.get(first['@odata.nextLink']!.replace('http://localhost:80/odata/', ''))).json<Page>();
    expect(second.value).toHaveLength(50);
    expect(second['@odata.nextLink']).toBeUndefined();
  });

  it('honours Prefer: odata.maxpagesize and says so, within the configured maximum', async () => {
    const small = await t.get('Products?$select=id', { prefer: 'odata.maxpagesize=7, odata.include-annotations="*"' });
    expect(small.json<Page>().value).toHaveLength(7);
    expect(small.headers['preference-applied']).toBe('odata.maxpagesize=7');
    const big = await t.get('Products?$select=id', { prefer: 'odata.maxpagesize=100000' });
    expect(big.json<Page>().value).toHaveLength(500);
    expect(big.headers['preference-applied']).toBe('odata.maxpagesize=500');
  });

  it('accepts the legacy $inlinecount=allpages and options without $ in any case', async () => {
    const legacy = (await t.get('Products?$inlinecount=allpages&$top=0')).json<Page>();
    const total = Number((await t.sql<{ n: string }>('select count(*)::text as n from products'))[0]?.n);
    expect(legacy['@odata.count']).toBe(total);
    expect(legacy.value).toEqual([]);
    const bare = (await t.get('Products?TOP=2&select=sku&Count=true')).json<Page>();
    expect(bare.value).toHaveLength(2);
    expect(Object.keys(bare.value[0] ?? {})).toEqual(['@odata.etag', 'sku']);
    expect(bare['@odata.count']).toBe(total);
  });

  it('counts with /$count, with and without $filter', async () => {
    const response = await t.get('Products/$count?$filter=discontinued%20eq%20true');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const expected = (await t.sql<{ n: string }>('select count(*)::text as n from products where discontinued'))[0]?.n;
    expect(response.body).toBe(expected);
  });

  it('reads views and tables without a primary key', async () => {
    const view = (await t.get('ExpensiveProducts?$orderby=price%20desc,sku&$top=2')).json<Page>();
    const expected = await t.sql<{ sku: string }>('select sku from products where price > 1000 order by price desc, sku limit 2');
    expect(view.value.map((row) => row['sku'])).toEqual(expected.map((row) => row.sku));
    const keyless = (await t.get('Readings?$orderby=sensor,taken_at')).json<Page>();
    expect(keyless.value).toHaveLength(3);
  });
});
