import type { Knex } from 'knex';
import {
  demoAdjectives,
  demoCategories,
  demoDescriptionPhrases,
  demoSpecialNames,
  demoSuppliers,
  demoTags,
} from './demo-data.js';

export interface SeedOptions {
  /** How many products to create (categories and suppliers are fixed lists). */
  readonly rows: number;
  /** Called after each batch of products, inside the seeding transaction. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SeedCounts {
  readonly categories: number;
  readonly suppliers: number;
  readonly products: number;
}

const BATCH_SIZE = 5000;
const MAX_ROWS = 2_147_483_647;

const INSERT_CATEGORIES = `
  insert into public.categories (id, name, description) overriding system value
  select c.id, c.name, c.description
  from unnest(?::int[], ?::text[], ?::text[]) as c(id, name, description)
  order by c.id
  on conflict do nothing
  returning id`;

const SYNC_CATEGORY_IDENTITY = `
  select setval(pg_get_serial_sequence('public.categories', 'id'), max(id))
  from public.categories
  having max(id) is not null`;

const INSERT_SUPPLIERS = `
  insert into public.suppliers (id, name, country, email, rating)
  select s.id, s.name, s.country, s.email, s.rating
  from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::smallint[]) as s(id, name, country, email, rating)
  order by s.id
  on conflict do nothing
  returning id`;

/**
 * One batch of products, generated in SQL from the row number n alone. Three md5 digests of n
 * give eleven 32-bit "dice" (s0…s10), materialized once per row because most columns read
 * several of them. Every column is integer or exact numeric arithmetic on the dice; the only
 * float steps (seconds times an interval, numeric to float8) see values far below 2^53 and are
 * exact. No random(), no now(), timestamps are UTC offsets from a fixed instant: the rows are
 * identical on every machine and engine.
 */
const INSERT_PRODUCTS = `
  with lists as (
    select ?::int[] as category_ids,
           ?::text[] as nouns,
           ?::int[] as noun_offsets,
           ?::int[] as noun_counts,
           ?::text[] as adjectives,
           ?::text[] as special_names,
           ?::text[] as supplier_ids,
           ?::text[] as tags,
           ?::text[] as phrases
  ),
  hashes as materialized (
    select g.n, md5('seed-a-' || g.n) || md5('seed-b-' || g.n) || md5('seed-c-' || g.n) as h
    from generate_series(?::int, ?::int) as g(n)
  ),
  dice as materialized (
    select n,
           ('x' || substr(h, 1, 8))::bit(32)::bigint as s0,
           ('x' || substr(h, 9, 8))::bit(32)::bigint as s1,
           ('x' || substr(h, 17, 8))::bit(32)::bigint as s2,
           ('x' || substr(h, 25, 8))::bit(32)::bigint as s3,
           ('x' || substr(h, 33, 8))::bit(32)::bigint as s4,
           ('x' || substr(h, 41, 8))::bit(32)::bigint as s5,
           ('x' || substr(h, 49, 8))::bit(32)::bigint as s6,
           ('x' || substr(h, 57, 8))::bit(32)::bigint as s7,
           ('x' || substr(h, 65, 8))::bit(32)::bigint as s8,
           ('x' || substr(h, 73, 8))::bit(32)::bigint as s9,
           ('x' || substr(h, 81, 8))::bit(32)::bigint as s10
    from hashes
  ),
  shaped as (
    select dice.*,
           (s0 % cardinality(l.category_ids))::int + 1 as category_pos,
           case
             when s2 % 100 < 10 then 1000
             when s2 % 100 < 45 then 50 + (s2 / 100) % 950
             when s2 % 100 < 90 then 1001 + (s2 / 100) % 18999
             else 20000 + (s2 / 100) % 180001
           end as price_cents,
           timestamptz '2019-01-01 00:00:00+00' + (s6 % 189216000) * interval '1 second' as created
    from dice cross join lists as l
  ),
  named as (
    select shaped.*,
           case
             when n % 29 = 3 then l.special_names[(n / 29) % cardinality(l.special_names) + 1]
             else l.adjectives[(s0 / 256) % cardinality(l.adjectives) + 1] || ' '
               || l.nouns[l.noun_offsets[category_pos] + (s0 / 16) % l.noun_counts[category_pos] + 1]
           end as name
    from shaped cross join lists as l
  )
  insert into public.products (
    id, sku, name, description, category_id, supplier_id, price, cost, quantity, discontinued,
    release_date, created, modified, tags, weight_kg
  )
  select md5('product-' || n)::uuid,
         'SKU-' || lpad(n::text, greatest(6, length(n::text)), '0'),
         name,
         case when s10 % 100 < 25 then null
              else name || ' — ' || l.phrases[(s10 / 100) % cardinality(l.phrases) + 1] end,
         l.category_ids[category_pos],
         case when s1 % 100 < 8 then null
              else l.supplier_ids[(s1 / 100) % cardinality(l.supplier_ids) + 1] end,
         (price_cents::numeric / 100)::numeric(12, 2),
         case when s3 % 100 < 15 then null
              else (price_cents * (4000 + (s3 / 100) % 4001)::numeric / 1000000)::numeric(12, 4) end,
         case when s4 % 20 = 0 then 0 else ((s4 / 20) % 500 + 1)::int end,
         (s4 / 10000) % 10 = 0,
         case when s5 % 100 < 12 then null
              else date '2015-01-01' + ((s5 / 100) % 3650)::int end,
         created,
         case when s7 % 10 < 3 then created
              else created + ((s7 / 10) % 15552000) * interval '1 second' end,
         (array[
           l.tags[(s8 / 4) % cardinality(l.tags) + 1],
           l.tags[((s8 / 4) % cardinality(l.tags) + (1 + (s8 / 400) % 3)) % cardinality(l.tags) + 1],
           l.tags[((s8 / 4) % cardinality(l.tags) + 2 * (1 + (s8 / 400) % 3)) % cardinality(l.tags) + 1]
         ])[1:(s8 % 4)::int],
         case when s9 % 100 < 20 then null
              else (((s9 / 100) % 25000 + 50)::numeric / 1000)::double precision end
  from named cross join lists as l
  order by n`;

/**
 * knex's binding type has no arrays with NULL elements, though both drivers send them as SQL
 * arrays holding NULL; this is the one place that says so.
 */
function nullableArray(values: readonly (string | number | null)[]): Knex.Value {
  return [...values] as Knex.Value;
}

function nounOffsets(): number[] {
  return demoCategories.map((_, index) =>
    demoCategories.slice(0, index).reduce((sum, category) => sum + category.nouns.length, 0),
  );
}

function productListBindings(): Knex.Value[] {
  return [
    demoCategories.map((category) => category.id),
    demoCategories.flatMap((category) => category.nouns),
    nounOffsets(),
    demoCategories.map((category) => category.nouns.length),
    [...demoAdjectives],
    [...demoSpecialNames],
    demoSuppliers.map((supplier) => supplier.id),
    [...demoTags],
    [...demoDescriptionPhrases],
  ];
}

function checkRows(rows: number): void {
  if (!Number.isInteger(rows) || rows < 0 || rows > MAX_ROWS) {
    throw new RangeError(`rows must be an integer from 0 to ${MAX_ROWS}, got ${rows}`);
  }
}

async function insertCategories(trx: Knex.Transaction): Promise<number> {
  const result = await trx.raw<{ rows: unknown[] }>(INSERT_CATEGORIES, [
    demoCategories.map((category) => category.id),
    demoCategories.map((category) => category.name),
    nullableArray(demoCategories.map((category) => category.description)),
  ]);
  await trx.raw(SYNC_CATEGORY_IDENTITY);
  return result.rows.length;
}

async function insertSuppliers(trx: Knex.Transaction): Promise<number> {
  const result = await trx.raw<{ rows: unknown[] }>(INSERT_SUPPLIERS, [
    demoSuppliers.map((supplier) => supplier.id),
    demoSuppliers.map((supplier) => supplier.name),
    nullableArray(demoSuppliers.map((supplier) => supplier.country)),
    nullableArray(demoSuppliers.map((supplier) => supplier.email)),
    nullableArray(demoSuppliers.map((supplier) => supplier.rating)),
  ]);
  return result.rows.length;
}

async function insertProducts(trx: Knex.Transaction, options: SeedOptions): Promise<number> {
  const lists = productListBindings();
  for (let first = 1; first <= options.rows; first += BATCH_SIZE) {
    const last = Math.min(first + BATCH_SIZE - 1, options.rows);
    await trx.raw(INSERT_PRODUCTS, [...lists, first, last]);
    options.onProgress?.(last, options.rows);
  }
  return options.rows;
}

/**
 * Fills an empty demo database (see migrations/) with the fixed categories and suppliers and
 * `rows` generated products, in one transaction. Does nothing and returns zeros when `products`
 * already holds rows, so it is safe to call on every start.
 */
export async function seedDemo(knex: Knex, options: SeedOptions): Promise<SeedCounts> {
  checkRows(options.rows);
  return knex.transaction(async (trx) => {
    await trx.raw('lock table public.products in share row exclusive mode');
    const existing = await trx.raw<{ rows: { seeded: boolean }[] }>(
      'select exists (select 1 from public.products) as seeded',
    );
    if (existing.rows[0]?.seeded === true) return { categories: 0, suppliers: 0, products: 0 };
    const categories = await insertCategories(trx);
    const suppliers = await insertSuppliers(trx);
    const products = await insertProducts(trx, options);
    return { categories, suppliers, products };
  });
}
