import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { openDatabase, type Database } from '../../../src/db/database.js';
import { demoCategories, demoSpecialNames, demoSuppliers, demoTags } from '../../../src/db/demo-data.js';
import { migrateLatest } from '../../../src/db/migrate.js';
import { seedDemo, type SeedCounts } from '../../../src/db/seed-demo.js';

const ROWS = 1000;

type Checksums = Record<'categories' | 'suppliers' | 'products', string>;

interface Seeded {
  readonly database: Database;
  readonly counts: SeedCounts;
  readonly progress: readonly (readonly [number, number])[];
}

async function seedFresh(rows: number): Promise<Seeded> {
  const database = openDatabase({ kind: 'embedded', dataDir: null });
  await migrateLatest(database.knex);
  const progress: [number, number][] = [];
  const counts = await seedDemo(database.knex, { rows, onProgress: (done, total) => progress.push([done, total]) });
  return { database, counts, progress };
}

async function one<T>(knex: Knex, sql: string, bindings: readonly (string | number)[] = []): Promise<T> {
  const result = (await knex.raw(sql, [...bindings])) as { rows: T[] };
  const [row] = result.rows;
  if (row === undefined) throw new Error(`no row from: ${sql}`);
  return row;
}

/** md5 of every row's text, in key order, with the output settings pinned. */
async function checksums(knex: Knex): Promise<Checksums> {
  return knex.transaction(async (trx) => {
    await trx.raw(
      "select set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true), set_config('extra_float_digits', '1', true)",
    );
    const sum = async (table: string, key: string): Promise<string> =>
      (await one<{ sum: string }>(trx, `select md5(string_agg(t::text, E'\\n' order by t.${key})) as sum from public.${table} as t`)).sum;
    return {
      categories: await sum('categories', 'id'),
      suppliers: await sum('suppliers', 'id'),
      products: await sum('products', 'sku'),
    };
  });
}

describe('seedDemo', { timeout: 60_000 }, () => {
  let seeded: Seeded;
  let knex: Knex;

  beforeAll(async () => {
    seeded = await seedFresh(ROWS);
    knex = seeded.database.knex;
  }, 60_000);

  afterAll(async () => {
    await seeded.database.close();
  });

  it('returns and stores the counts', async () => {
    expect(seeded.counts).toEqual({ categories: demoCategories.length, suppliers: demoSuppliers.length, products: ROWS });
    expect(await one(knex, 'select (select count(*)::int from categories) as c, (select count(*)::int from suppliers) as s, (select count(*)::int from products) as p')).toEqual({
      c: 12,
      s: 25,
      p: ROWS,
    });
  });

  it('reports progress up to the total', () => {
    expect(seeded.progress).toEqual([[ROWS, ROWS]]);
  });

  it('leaves NULL in a share of every nullable column, and values in the rest', async () => {
    const shares = await one<Record<string, number>>(
      knex,
      `select avg((description is null)::int)::float8 as description,
              avg((supplier_id is null)::int)::float8 as supplier_id,
              avg((cost is null)::int)::float8 as cost,
              avg((release_date is null)::int)::float8 as release_date,
              avg((weight_kg is null)::int)::float8 as weight_kg
       from products`,
    );
    for (const [column, share] of Object.entries(shares)) {
      expect(share, column).toBeGreaterThan(0.03);
      expect(share, column).toBeLessThan(0.4);
    }
    const lookups = await one<Record<string, number>>(
      knex,
      `select (select count(*)::int from suppliers where email is null) as email,
              (select count(*)::int from suppliers where country is null) as country,
              (select count(*)::int from suppliers where rating is null) as rating,
              (select count(*)::int from categories where description is null) as category_description`,
    );
    for (const [column, nulls] of Object.entries(lookups)) expect(nulls, column).toBeGreaterThan(0);
  });

  it('writes names with quotes, backslashes, LIKE wildcards and non-ASCII letters', async () => {
    const found = await knex.raw<{ rows: { name: string }[] }>('select distinct name from products where name = any(?::text[])', [
      [...demoSpecialNames],
    ]);
    expect(found.rows.map((row) => row.name).sort()).toEqual([...demoSpecialNames].sort());
    expect(demoSpecialNames).toEqual(
      expect.arrayContaining(["O'Brien's Kettle", 'Crème brûlée torch', 'Smörgåsbord tray', 'Ångström ruler', '日本茶 set']),
    );
    const kinds = await one<Record<string, boolean>>(
      knex,
      `select bool_or(strpos(name, '''') > 0) as single_quote, bool_or(strpos(name, '"') > 0) as double_quote,
              bool_or(name ~ '[^\\x01-\\x7f]') as non_ascii
       from products`,
    );
    expect(kinds).toEqual({ single_quote: true, double_quote: true, non_ascii: true });
  });

  it('makes SKUs unique and sequential and ids derived from the row number', async () => {
    expect(await one(knex, "select count(distinct sku)::int as n, min(sku) as first, max(sku) as last from products where sku ~ '^SKU-[0-9]{6}$'")).toEqual({
      n: ROWS,
      first: 'SKU-000001',
      last: 'SKU-001000',
    });
    expect(await one(knex, "select count(*)::int as n from products where id = md5('product-' || substr(sku, 5)::int)::uuid")).toEqual({ n: ROWS });
  });

  it('prices between 0.50 and 2,000.00, some exactly 10.00, below and above', async () => {
    const prices = await one<Record<string, string | number>>(
      knex,
      `select min(price)::text as min, max(price)::text as max, count(*) filter (where price = 10)::int as ten,
              count(*) filter (where price < 10)::int as below, count(*) filter (where price > 10)::int as above,
              count(*) filter (where scale(price) <> 2 or scale(cost) <> 4)::int as bad_scale,
              count(*) filter (where cost::text !~ '0$')::int as four_decimals
       from products`,
    );
    expect(Number(prices['min'])).toBeGreaterThanOrEqual(0.5);
    expect(Number(prices['max'])).toBeLessThanOrEqual(2000);
    expect(prices).toMatchObject({ bad_scale: 0 });
    for (const key of ['ten', 'below', 'above', 'four_decimals']) expect(prices[key], key).toBeGreaterThan(0);
    const pricedWithA = await one<{ n: number }>(
      knex,
      "select count(*)::int as n from products where name like '%a%' and price > 10 and sku <= 'SKU-001000'",
    );
    expect(pricedWithA.n).toBeGreaterThan(0);
  });

  it('spreads products over all categories and most suppliers, discontinues about 10%', async () => {
    const spread = await one<Record<string, number>>(
      knex,
      `select count(distinct category_id)::int as categories, count(distinct supplier_id)::int as suppliers,
              avg(discontinued::int)::float8 as discontinued, count(*) filter (where quantity = 0)::int as out_of_stock
       from products`,
    );
    expect(spread['categories']).toBe(demoCategories.length);
    expect(spread['suppliers']).toBeGreaterThanOrEqual(20);
    expect(spread['discontinued']).toBeGreaterThan(0.05);
    expect(spread['discontinued']).toBeLessThan(0.15);
    expect(spread['out_of_stock']).toBeGreaterThan(0);
  });

  it('keeps modified at or after created, within fixed years', async () => {
    expect(
      await one(
        knex,
        `select count(*) filter (where modified < created)::int as backwards,
                count(*) filter (where modified = created)::int > 0 as some_unmodified,
                min(created) >= timestamptz '2019-01-01 00:00:00+00' and max(modified) < timestamptz '2026-01-01 00:00:00+00' as in_range
         from products`,
      ),
    ).toEqual({ backwards: 0, some_unmodified: true, in_range: true });
  });

  it('tags products with 0 to 3 distinct tags from the fixed list', async () => {
    const tags = await one<Record<string, unknown>>(
      knex,
      `select array_agg(distinct cardinality(tags) order by cardinality(tags)) as sizes,
              count(*) filter (where (select count(distinct tag) from unnest(tags) as tag) <> cardinality(tags))::int as duplicates,
              (select array_agg(distinct tag order by tag) from products, unnest(tags) as tag) as used
       from products`,
    );
    expect(tags).toEqual({ sizes: [0, 1, 2, 3], duplicates: 0, used: [...demoTags].sort() });
  });

  it('keeps the category identity past the seeded ids', async () => {
    const trx = await knex.transaction();
    try {
      expect(await one(trx, "insert into categories (name) values ('After seed') returning id")).toEqual({ id: demoCategories.length + 1 });
    } finally {
      await trx.rollback();
    }
  });

  it('seeds nothing the second time', async () => {
    const progress: number[] = [];
    expect(await seedDemo(knex, { rows: ROWS, onProgress: (done) => progress.push(done) })).toEqual({
      categories: 0,
      suppliers: 0,
      products: 0,
    });
    expect(progress).toEqual([]);
    expect(await one(knex, 'select count(*)::int as n from products')).toEqual({ n: ROWS });
  });

  it('writes identical data into a second database', async () => {
    const other = await seedFresh(ROWS);
    try {
      const expected = await checksums(knex);
      expect(await checksums(other.database.knex)).toEqual(expected);
      // Pinned so that a change of engine, version or machine that alters the data fails here;
      // change these only together with src/db/demo-data.ts or the seed SQL.
      expect(expected).toEqual({
        categories: '1bf6bd51ba59d170ca38c89658c02f52',
        suppliers: 'e34fdaf33ac39fcb1f07d72911fa55a8',
        products: 'd2e616629d3d6c0ad3aec1be3b9fee41',
      });
    } finally {
      await other.database.close();
    }
  });
});

describe('seedDemo in batches', { timeout: 60_000 }, () => {
  it('inserts a row count that is not a multiple of the batch size, reporting each batch', async () => {
    const { database, counts, progress } = await seedFresh(12_345);
    try {
      expect(counts.products).toBe(12_345);
      expect(progress).toEqual([
        [5000, 12_345],
        [10_000, 12_345],
        [12_345, 12_345],
      ]);
      expect(await one(database.knex, 'select count(*)::int as n, max(sku) as last from products')).toEqual({ n: 12_345, last: 'SKU-012345' });
    } finally {
      await database.close();
    }
  });

  it('seeds only the fixed lists when asked for no products', async () => {
    const { database, counts, progress } = await seedFresh(0);
    try {
      expect(counts).toEqual({ categories: 12, suppliers: 25, products: 0 });
      expect(progress).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
