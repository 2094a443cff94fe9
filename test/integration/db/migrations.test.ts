import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/db/database.js';
import { migrateLatest, migrateRollbackAll } from '../../../src/db/migrate.js';

const ALL = ['0001-create-categories', '0002-create-suppliers', '0003-create-products', '0004-create-demo-roles', '0005-create-audit-log', '0006-track-product-changes', '0007-delta-windows'];
const DEMO_TABLES = ['categories', 'products', 'suppliers'];

interface ColumnRow {
  table_name: string;
  column_name: string;
  type: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  is_identity: 'YES' | 'NO';
  identity_generation: string | null;
}

async function rows<T>(database: Database, sql: string, bindings: readonly string[] = []): Promise<T[]> {
  return ((await database.knex.raw(sql, [...bindings])) as { rows: T[] }).rows;
}

async function publicTables(database: Database): Promise<string[]> {
  const found = await rows<{ table_name: string }>(
    database,
    "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
  );
  return found.map((row) => row.table_name);
}

async function columns(database: Database, table: string): Promise<Record<string, Omit<ColumnRow, 'table_name' | 'column_name'>>> {
  const found = await rows<ColumnRow>(
    database,
    `select c.table_name, c.column_name, format_type(a.atttypid, a.atttypmod) as type, c.is_nullable,
            c.column_default, c.is_identity, c.identity_generation
     from information_schema.columns as c
     join pg_attribute as a on a.attrelid = format('public.%I', c.table_name)::regclass and a.attname = c.column_name
     where c.table_schema = 'public' and c.table_name = ?
     order by c.ordinal_position`,
    [table],
  );
  return Object.fromEntries(found.map(({ table_name: _t, column_name, ...rest }) => [column_name, rest]));
}

async function constraints(database: Database): Promise<string[]> {
  const found = await rows<{ definition: string }>(
    database,
    `select conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) as definition
     from pg_constraint
     where connamespace = 'public'::regnamespace and contype in ('p', 'u', 'f')
     order by 1`,
  );
  return found.map((row) => row.definition);
}

describe('demo migrations', () => {
  let database: Database;

  beforeAll(() => {
    database = openDatabase({ kind: 'embedded', dataDir: null });
  });

  afterAll(async () => {
    await database.close();
  });

  it('apply in order and report what ran, then nothing on a second run', async () => {
    expect(await migrateLatest(database.knex)).toEqual(ALL);
    expect(await migrateLatest(database.knex)).toEqual([]);
    expect(await publicTables(database)).toEqual(DEMO_TABLES);
  });

  it('keep knex bookkeeping out of the public schema', async () => {
    const found = await rows<{ schema: string; name: string }>(
      database,
      "select table_schema as schema, table_name as name from information_schema.tables where table_name like 'knex%' order by 2",
    );
    expect(found).toEqual([
      { schema: 'odata_facade', name: 'knex_migrations' },
      { schema: 'odata_facade', name: 'knex_migrations_lock' },
    ]);
  });

  it('create categories with an always-generated identity key', async () => {
    expect(await columns(database, 'categories')).toEqual({
      id: { type: 'integer', is_nullable: 'NO', column_default: null, is_identity: 'YES', identity_generation: 'ALWAYS' },
      name: { type: 'character varying(80)', is_nullable: 'NO', column_default: null, is_identity: 'NO', identity_generation: null },
      description: { type: 'text', is_nullable: 'YES', column_default: null, is_identity: 'NO', identity_generation: null },
    });
  });

  it('create suppliers with a text key', async () => {
    const found = await columns(database, 'suppliers');
    expect(Object.fromEntries(Object.entries(found).map(([name, c]) => [name, [c.type, c.is_nullable]]))).toEqual({
      id: ['text', 'NO'],
      name: ['character varying(120)', 'NO'],
      country: ['character(2)', 'YES'],
      email: ['character varying(254)', 'YES'],
      rating: ['smallint', 'YES'],
    });
  });

  it('create products with the documented columns, types and defaults', async () => {
    const found = await columns(database, 'products');
    expect(Object.fromEntries(Object.entries(found).map(([name, c]) => [name, [c.type, c.is_nullable, c.column_default]]))).toEqual({
      id: ['uuid', 'NO', 'gen_random_uuid()'],
      sku: ['character varying(32)', 'NO', null],
      name: ['character varying(200)', 'NO', null],
      description: ['text', 'YES', null],
      category_id: ['integer', 'NO', null],
      supplier_id: ['text', 'YES', null],
      price: ['numeric(12,2)', 'NO', null],
      cost: ['numeric(12,4)', 'YES', null],
      quantity: ['integer', 'NO', '0'],
      discontinued: ['boolean', 'NO', 'false'],
      release_date: ['date', 'YES', null],
      created: ['timestamp with time zone', 'NO', 'now()'],
      modified: ['timestamp with time zone', 'NO', 'now()'],
      tags: ['text[]', 'NO', "'{}'::text[]"],
      weight_kg: ['double precision', 'YES', null],
    });
  });

  it('create the keys, unique constraints and foreign keys', async () => {
    expect(await constraints(database)).toEqual([
      'categories PRIMARY KEY (id)',
      'categories UNIQUE (name)',
      'products FOREIGN KEY (category_id) REFERENCES categories(id)',
      'products FOREIGN KEY (supplier_id) REFERENCES suppliers(id)',
      'products PRIMARY KEY (id)',
      'products UNIQUE (sku)',
      'suppliers PRIMARY KEY (id)',
    ]);
  });

  it('index the product foreign keys and price', async () => {
    const found = await rows<{ indexdef: string }>(
      database,
      "select indexdef from pg_indexes where schemaname = 'public' and indexname like 'products\\_%\\_idx' order by indexname",
    );
    expect(found.map((row) => row.indexdef)).toEqual([
      'CREATE INDEX products_category_id_idx ON public.products USING btree (category_id)',
      'CREATE INDEX products_price_idx ON public.products USING btree (price)',
      'CREATE INDEX products_supplier_id_idx ON public.products USING btree (supplier_id)',
    ]);
  });

  it('fill the defaults of a minimal product', async () => {
    const trx = await database.knex.transaction();
    try {
      const category = await trx.raw("insert into categories (name) values ('Defaults') returning id");
      const product = await trx.raw(
        "insert into products (sku, name, category_id, price) values ('D-1', 'Defaults', ?, 1.5) returning *",
        [category.rows[0].id],
      );
      expect(product.rows[0]).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        description: null,
        supplier_id: null,
        quantity: 0,
        discontinued: false,
        tags: [],
        created: expect.any(Date),
        modified: expect.any(Date),
      });
    } finally {
      await trx.rollback();
    }
  });

  it('record every change to products in the change log', async () => {
    const trx = await database.knex.transaction();
    try {
      const [category] = (await trx.raw("insert into categories (name) values ('Tracked') returning id")).rows;
      const [product] = (await trx.raw("insert into products (sku, name, category_id, price) values ('T-1', 'Tracked', ?, 1) returning id", [category.id])).rows;
      await trx.raw("update products set name = 'Tracked, renamed' where id = ?", [product.id]);
      await trx.raw('delete from products where id = ?', [product.id]);
      const logged = (await trx.raw("select table_name, key, op from odata_facade.change_log where key ->> 'id' = ? order by seq", [product.id])).rows;
      expect(logged).toEqual(['I', 'U', 'D'].map((op) => ({ table_name: 'products', key: { id: product.id }, op })));
    } finally {
      await trx.rollback();
    }
  });

  it('roll back all, leaving no demo table, and migrate again', async () => {
    await migrateRollbackAll(database.knex);
    expect(await publicTables(database)).toEqual([]);
    expect(await constraints(database)).toEqual([]);
    expect(await migrateLatest(database.knex)).toEqual(ALL);
    expect(await publicTables(database)).toEqual(DEMO_TABLES);
  });
});
