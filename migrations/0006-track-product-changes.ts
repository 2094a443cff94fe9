import type { Knex } from 'knex';
import { compileChangeLog, compileDisableTracking, compileEnableTracking } from '../src/sql/compile-change-tracking.js';

/** The demo records every change to its products (`odata-facade track-changes enable Products` does the same). */
const products = { schema: 'public', table: 'products', keyColumns: ['id'] };

export async function up(knex: Knex): Promise<void> {
  for (const statement of [...compileChangeLog(), ...compileEnableTracking(products)]) await knex.raw(statement);
}

export async function down(knex: Knex): Promise<void> {
  for (const statement of compileDisableTracking(products)) await knex.raw(statement);
}
