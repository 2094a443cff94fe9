import type { Knex } from 'knex';
import { CHANGES_FUNCTION, TRACKED_TABLE, compileChangeLog, compileEnableTracking } from '../src/sql/compile-change-tracking.js';
import { GUID_SCHEMA } from '../src/sql/compile-guid-column.js';
import { qualifiedName } from '../src/sql/sql-fragments.js';

/**
 * Delta links read a table's changes between two snapshots: the change log gains the table of
 * tracked tables (since when each is tracked, how far it was pruned) and the function that answers
 * a window. Both statements lists are idempotent; the demo's products are registered as tracked.
 */
const products = { schema: 'public', table: 'products', keyColumns: ['id'] };

export async function up(knex: Knex): Promise<void> {
  for (const statement of [...compileChangeLog(), ...compileEnableTracking(products)]) await knex.raw(statement);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop function if exists ${qualifiedName(GUID_SCHEMA, CHANGES_FUNCTION)}(text, text, pg_snapshot, pg_snapshot)`);
  await knex.raw(`drop table if exists ${qualifiedName(GUID_SCHEMA, TRACKED_TABLE)}`);
}
