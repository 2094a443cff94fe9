import type { Knex } from 'knex';
import { CHANGE_LOG_TABLE, CHANGES_FUNCTION, TRACKED_TABLE, compileChangeLog, compileEnableTracking } from '../src/sql/compile-change-tracking.js';
import { GUID_SCHEMA } from '../src/sql/compile-guid-column.js';
import { qualifiedName } from '../src/sql/sql-fragments.js';

/**
 * Delta links read a table's changes between two snapshots: the change log gains the table of
 * tracked tables (since when each is tracked, how far it was pruned), indexes for a window in
 * order and for the changes of one key, and the function that answers a page of a window. Both
 * statement lists are idempotent; the demo's products are registered as tracked.
 */
const products = { schema: 'public', table: 'products', keyColumns: ['id'] };

export async function up(knex: Knex): Promise<void> {
  for (const statement of [...compileChangeLog(), ...compileEnableTracking(products)]) await knex.raw(statement);
}

export async function down(knex: Knex): Promise<void> {
  const changeLog = qualifiedName(GUID_SCHEMA, CHANGE_LOG_TABLE);
  await knex.raw(`drop function if exists ${qualifiedName(GUID_SCHEMA, CHANGES_FUNCTION)}(text, text, pg_snapshot, pg_snapshot, xid8, bigint, bigint)`);
  await knex.raw(`drop table if exists ${qualifiedName(GUID_SCHEMA, TRACKED_TABLE)}`);
  await knex.raw(`drop index if exists ${qualifiedName(GUID_SCHEMA, 'change_log_key')}`);
  await knex.raw(`create index if not exists change_log_table_txid on ${changeLog} (schema_name, table_name, txid)`);
  await knex.raw(`drop index if exists ${qualifiedName(GUID_SCHEMA, 'change_log_txid')}`);
}
