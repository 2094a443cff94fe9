import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table public.products (
      id uuid primary key default gen_random_uuid(),
      sku varchar(32) not null unique,
      name varchar(200) not null,
      description text null,
      category_id integer not null references public.categories (id),
      supplier_id text null references public.suppliers (id),
      price numeric(12, 2) not null,
      cost numeric(12, 4) null,
      quantity integer not null default 0,
      discontinued boolean not null default false,
      release_date date null,
      created timestamptz not null default now(),
      modified timestamptz not null default now(),
      tags text[] not null default '{}',
      weight_kg double precision null
    )
  `);
  await knex.raw('create index products_category_id_idx on public.products (category_id)');
  await knex.raw('create index products_supplier_id_idx on public.products (supplier_id)');
  await knex.raw('create index products_price_idx on public.products (price)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table public.products');
}
