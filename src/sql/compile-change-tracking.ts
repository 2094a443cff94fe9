import { GUID_SCHEMA, tableTag } from './compile-guid-column.js';
import { newParams, param, qualifiedName, quoteIdent, quoteLiteral } from './sql-fragments.js';
import type { SqlStatement } from './sql-statement.js';

/** The table that records every insert, update and delete of the tracked tables, in the service's schema. */
export const CHANGE_LOG_TABLE = 'change_log';
/** The trigger that appends a tracked table's changes to the log; its presence is what "tracked" means. */
export const TRACKING_TRIGGER = 'odata_change_log';

/** A table whose changes are recorded: its primary-key columns in order. */
export interface TrackedTable {
  readonly schema: string;
  readonly table: string;
  readonly keyColumns: readonly string[];
}

const changeLog = qualifiedName(GUID_SCHEMA, CHANGE_LOG_TABLE);

/** The table's trigger function in the service's schema: deterministic, within 63 bytes whatever the table's name. */
function triggerFunction(target: Pick<TrackedTable, 'schema' | 'table'>): string {
  return qualifiedName(GUID_SCHEMA, `change_log_${tableTag(target)}`);
}

/** A function body between dollar quotes whose tag the body does not hold (a column may be named `a$$b`). */
function dollarQuoted(body: string): string {
  let tag = '$$';
  for (let n = 0; body.includes(tag); n += 1) tag = `$odata${n}$`;
  return `${tag}\n${body}\n${tag}`;
}

/** `jsonb_build_object('col', row."col", …)`: the key of the row `row` (`new` or `old`); names are string constants, values the row's own. */
function keyObject(row: 'new' | 'old', keyColumns: readonly string[]): string {
  return `jsonb_build_object(${keyColumns.map((column) => `${quoteLiteral(column)}, ${row}.${quoteIdent(column)}`).join(', ')})`;
}

function keyRow(row: 'new' | 'old', keyColumns: readonly string[]): string {
  return `row(${keyColumns.map((column) => `${row}.${quoteIdent(column)}`).join(', ')})`;
}

/**
 * The change log, idempotent: one row per changed row (its table, its key as a JSON object, the
 * operation), numbered in insertion order (`seq`) and stamped with the writing transaction's id
 * (`txid`, so a reader can tell which changes a snapshot could not yet see) and time (`at`, for
 * pruning). Nobody but the owner holds a privilege on it: the trigger functions append with the
 * owner's rights.
 */
export function compileChangeLog(): readonly string[] {
  return [
    `create schema if not exists ${quoteIdent(GUID_SCHEMA)}`,
    `create table if not exists ${changeLog} (
  seq bigint generated always as identity primary key,
  schema_name text not null,
  table_name text not null,
  key jsonb not null,
  op text not null check (op in ('I', 'U', 'D')),
  txid xid8 not null default pg_current_xact_id(),
  at timestamptz not null default now()
)`,
    `create index if not exists ${quoteIdent('change_log_table_txid')} on ${changeLog} (schema_name, table_name, txid)`,
    `create index if not exists ${quoteIdent('change_log_at')} on ${changeLog} (at)`,
    `revoke all on table ${changeLog} from public`,
  ];
}

/**
 * The trigger function and the row trigger that record the table's changes in the log (which
 * `compileChangeLog` creates), idempotent. The function runs with its owner's rights (SECURITY
 * DEFINER, a fixed search path) so a writer without any grant on the log is recorded too. An
 * update that changes the key is recorded as the old key's delete and the new key's insert. The
 * table itself is not altered: this works on tables the service does not own the data of.
 */
export function compileEnableTracking(target: TrackedTable): readonly string[] {
  if (target.keyColumns.length === 0) throw new Error('A tracked table needs a primary key');
  const table = qualifiedName(target.schema, target.table);
  const fn = triggerFunction(target);
  const append = (row: 'new' | 'old', op: 'I' | 'U' | 'D') =>
    `insert into ${changeLog} (schema_name, table_name, key, op) values (tg_table_schema, tg_table_name, ${keyObject(row, target.keyColumns)}, '${op}');`;
  const body = `begin
  if tg_op = 'INSERT' then
    ${append('new', 'I')}
  elsif tg_op = 'DELETE' then
    ${append('old', 'D')}
  elsif ${keyRow('old', target.keyColumns)} is distinct from ${keyRow('new', target.keyColumns)} then
    ${append('old', 'D')}
    ${append('new', 'I')}
  else
    ${append('new', 'U')}
  end if;
  return null;
end`;
  return [
    `create or replace function ${fn}() returns trigger language plpgsql security definer set search_path = pg_catalog, pg_temp as ${dollarQuoted(body)}`,
    `revoke all on function ${fn}() from public`,
    `drop trigger if exists ${quoteIdent(TRACKING_TRIGGER)} on ${table}`,
    `create trigger ${quoteIdent(TRACKING_TRIGGER)} after insert or update or delete on ${table} for each row execute function ${fn}()`,
  ];
}

/** Stops recording the table's changes: drops its trigger and trigger function. The log keeps its rows until pruned. */
export function compileDisableTracking(target: Pick<TrackedTable, 'schema' | 'table'>): readonly string[] {
  return [`drop trigger if exists ${quoteIdent(TRACKING_TRIGGER)} on ${qualifiedName(target.schema, target.table)}`, `drop function if exists ${triggerFunction(target)}()`];
}

/** Whether the change log exists (`present`): before it does, nothing is tracked and nothing is to prune. */
export function compileChangeLogPresent(): SqlStatement {
  return { text: 'select to_regclass($1) is not null as present', values: [changeLog] };
}

/**
 * Per table that has the trigger or rows in the log: whether it is tracked, how many log rows it
 * has (`rows`) and the oldest and newest of their times.
 */
export function compileTrackingStatus(): SqlStatement {
  const params = newParams();
  const text =
    'with tracked as (select n.nspname::text as schema_name, c.relname::text as table_name from pg_catalog.pg_trigger as t ' +
    'join pg_catalog.pg_class as c on c.oid = t.tgrelid join pg_catalog.pg_namespace as n on n.oid = c.relnamespace ' +
    `where t.tgname = ${param(params, TRACKING_TRIGGER)}), ` +
    `logged as (select schema_name, table_name, count(*) as rows, min(at) as oldest, max(at) as newest from ${changeLog} group by schema_name, table_name) ` +
    'select schema_name, table_name, tracked.schema_name is not null as tracked, coalesce(logged.rows, 0)::int8 as rows, logged.oldest, logged.newest ' +
    'from tracked full join logged using (schema_name, table_name) order by schema_name, table_name';
  return { text, values: params.values };
}

/** Deletes the log rows recorded before `olderThan`; answers how many (`deleted`). */
export function compilePruneChangeLog(olderThan: Date): SqlStatement {
  const params = newParams();
  const text = `with deleted as (delete from ${changeLog} where at < ${param(params, olderThan.toISOString())}::timestamptz returning 1) select count(*)::int8 as deleted from deleted`;
  return { text, values: params.values };
}
