import type { Knex } from 'knex';

/** The demo's roles: Postgres decides what each may see and change (README "Authentication"). */
const ROLES = ['catalog_reader', 'catalog_writer', 'catalog_admin'] as const;

/** The columns of products a reader may read: all but `cost`, and `xmin`, which the ETags are made of. */
const READER_PRODUCT_COLUMNS = [
  'xmin',
  'id',
  'sku',
  'name',
  'description',
  'category_id',
  'supplier_id',
  'price',
  'quantity',
  'discontinued',
  'release_date',
  'created',
  'modified',
  'tags',
  'weight_kg',
];

export async function up(knex: Knex): Promise<void> {
  // Roles belong to the whole server: made once, kept when another database of the server has them.
  for (const role of ROLES) {
    await knex.raw(`do $$ begin if not exists (select from pg_roles where rolname = '${role}') then create role ${role} nologin; end if; end $$`);
  }
  // The service's own user switches to them for each request (SET LOCAL ROLE needs membership).
  await knex.raw(`grant ${ROLES.join(', ')} to current_user`);
  await knex.raw(`grant usage on schema public to ${ROLES.join(', ')}`);
  await knex.raw('grant select on public.categories, public.suppliers to catalog_reader');
  await knex.raw(`grant select (${READER_PRODUCT_COLUMNS.join(', ')}) on public.products to catalog_reader`);
  await knex.raw('grant select, insert, update, delete on public.categories, public.suppliers, public.products to catalog_writer, catalog_admin');
  // Readers see only the products still sold; writers and admins see every row. The table's owner
  // (the service's own user, for anonymous demo callers) is not subject to these policies.
  await knex.raw('alter table public.products enable row level security');
  await knex.raw('create policy products_still_sold on public.products for select to catalog_reader using (not discontinued)');
  await knex.raw('create policy products_all on public.products to catalog_writer, catalog_admin using (true) with check (true)');
}

/** The roles stay: other databases of the server may use them. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop policy products_all on public.products');
  await knex.raw('drop policy products_still_sold on public.products');
  await knex.raw('alter table public.products disable row level security');
  await knex.raw(`revoke all on public.categories, public.suppliers, public.products from ${ROLES.join(', ')}`);
  await knex.raw(`revoke usage on schema public from ${ROLES.join(', ')}`);
}
