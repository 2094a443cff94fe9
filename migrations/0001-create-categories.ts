import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table public.categories (
      id integer generated always as identity primary key,
      name varchar(80) not null unique,
      description text null
    )
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table public.categories');
}
