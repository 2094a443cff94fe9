import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table public.suppliers (
      id text primary key,
      name varchar(120) not null,
      country char(2) null,
      email varchar(254) null,
      rating smallint null
    )
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table public.suppliers');
}
