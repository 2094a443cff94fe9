import { GUID_SCHEMA, tableTag } from './compile-guid-column.js';
import { newParams, param, qualifiedName, quoteIdent, quoteLiteral } from './sql-fragments.js';
import type { SqlStatement } from './sql-statement.js';

/** The table that records every insert, update and delete of the tracked tables, in the service's schema. */
export const CHANGE_LOG_TABLE = 'change_log';
/** The trigger that appends a tracked table's changes to the log; its presence is what "tracked" means. */
export const TRACKING_TRIGGER = 'odata_change_log';
/**
 * Per tracked table, since which transaction its changes are recorded (`since`) and the newest
 * transaction whose log rows were pruned (`pruned_through`): a delta token is good only while
 * both lie inside the snapshot it starts from. Holds no data of the tables; anyone may read it.
 */
export const TRACKED_TABLE = 'tracked_table';
/** The function that answers a page of a table's changes in a window of snapshots. */
export const CHANGES_FUNCTION = 'changes_between';

/** A table whose changes are recorded: its primary-key columns in order. */
export interface TrackedTable {
  readonly schema: string;
  readonly table: string;
  readonly keyColumns: readonly string[];
}

const changeLog = qualifiedName(GUID_SCHEMA, CHANGE_LOG_TABLE);
const trackedTable = qualifiedName(GUID_SCHEMA, TRACKED_TABLE);
const changesFunction = qualifiedName(GUID_SCHEMA, CHANGES_FUNCTION);

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
 * A page of a table's changes in a window of snapshots: written by a transaction `p_since` did not
 * see and `p_until` (else the calling statement) does. Each changed key once, at its last change
 * in the window (the key index finds later ones), in the order of (transaction, log number), which
 * the transaction index delivers, after the position `p_after_*` when given, at most `p_limit`
 * (null: all), with the key's first operation in the window. A key's changes are serialized by its
 * row's lock, so its log numbers follow their commits: its changes in the window come right after
 * its last change that `p_since` saw. The query is planned for the values every call (EXECUTE),
 * since its best plan depends on how many changes the window holds; the lookups by key are
 * subqueries, run per change through the key index, never joins a stale estimate could misplan.
 */
function changesBody(): string {
  const inWindow = (alias: string) =>
    `${alias}.schema_name = $1 and ${alias}.table_name = $2 and not pg_visible_in_snapshot(${alias}.txid, $3) and ($4 is null or pg_visible_in_snapshot(${alias}.txid, $4))`;
  const sameKey = (alias: string) => `${alias}.schema_name = $1 and ${alias}.table_name = $2 and ${alias}.key = l.key`;
  const seen = `(select o.seq from ${changeLog} as o where ${sameKey('o')} and o.seq < l.seq and pg_visible_in_snapshot(o.txid, $3) order by o.seq desc limit 1)`;
  const query =
    `select l.key, l.op, (select f.op from ${changeLog} as f where ${sameKey('f')} and f.seq > coalesce(${seen}, 0) order by f.seq limit 1), l.txid, l.seq ` +
    `from ${changeLog} as l where ${inWindow('l')} and l.txid >= pg_snapshot_xmin($3) and ($5 is null or (l.txid, l.seq) > ($5, $6)) ` +
    `and (select n.seq from ${changeLog} as n where ${inWindow('n')} and n.key = l.key and n.seq > l.seq limit 1) is null ` +
    'order by l.txid, l.seq limit $7';
  return `begin
  if not coalesce(has_any_column_privilege(session_user, to_regclass(quote_ident(p_schema) || '.' || quote_ident(p_table)), 'SELECT'), false) then
    raise exception insufficient_privilege using message = 'permission denied for the changes of ' || quote_ident(p_schema) || '.' || quote_ident(p_table);
  end if;
  return query execute ${quoteLiteral(query)} using p_schema, p_table, p_since, p_until, p_after_txid, p_after_seq, p_limit;
end`;
}

/**
 * The change log, idempotent: one row per changed row (its table, its key as a JSON object, the
 * operation), numbered in insertion order (`seq`) and stamped with the writing transaction's id
 * (`txid`, so a reader can tell which changes a snapshot could not yet see) and time (`at`, for
 * pruning). Nobody but the owner holds a privilege on it: the trigger functions append with the
 * owner's rights, and `changes_between` reads a window of one table's changes with them, for a
 * session whose login role may read that table (the service's, whose callers' own rights then
 * decide which rows they see). Its indexes serve a window in order (led by the transaction) and
 * the changes of one key (led by the key), each usable for its own lookups only, whatever the
 * statistics of a log that just grew say; and pruning by time. Beside it, the tracked tables (`tracked_table`), which anyone may read.
 */
export function compileChangeLog(): readonly string[] {
  return [
    `create schema if not exists ${quoteIdent(GUID_SCHEMA)}`,
    `grant usage on schema ${quoteIdent(GUID_SCHEMA)} to public`,
    `create table if not exists ${changeLog} (
  seq bigint generated always as identity primary key,
  schema_name text not null,
  table_name text not null,
  key jsonb not null,
  op text not null check (op in ('I', 'U', 'D')),
  txid xid8 not null default pg_current_xact_id(),
  at timestamptz not null default now()
)`,
    `create index if not exists ${quoteIdent('change_log_txid')} on ${changeLog} (txid, schema_name, table_name, seq)`,
    `drop index if exists ${qualifiedName(GUID_SCHEMA, 'change_log_table_txid')}`,
    `create index if not exists ${quoteIdent('change_log_key')} on ${changeLog} (key, schema_name, table_name, seq)`,
    `create index if not exists ${quoteIdent('change_log_at')} on ${changeLog} (at)`,
    `revoke all on table ${changeLog} from public`,
    `create table if not exists ${trackedTable} (
  schema_name text not null,
  table_name text not null,
  since xid8 not null,
  pruned_through xid8,
  primary key (schema_name, table_name)
)`,
    `revoke all on table ${trackedTable} from public`,
    `grant select on table ${trackedTable} to public`,
    `create or replace function ${changesFunction}(p_schema text, p_table text, p_since pg_snapshot, p_until pg_snapshot, p_after_txid xid8, p_after_seq bigint, p_limit bigint)
returns table (key jsonb, op text, first_op text, txid xid8, seq bigint)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as ${dollarQuoted(changesBody())}`,
    `grant execute on function ${changesFunction}(text, text, pg_snapshot, pg_snapshot, xid8, bigint, bigint) to public`,
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
  const since = `insert into ${trackedTable} (schema_name, table_name, since) values (${quoteLiteral(target.schema)}, ${quoteLiteral(target.table)}, pg_current_xact_id()) on conflict (schema_name, table_name) do nothing`;
  return [
    `create or replace function ${fn}() returns trigger language plpgsql security definer set search_path = pg_catalog, pg_temp as ${dollarQuoted(body)}`,
    `revoke all on function ${fn}() from public`,
    `drop trigger if exists ${quoteIdent(TRACKING_TRIGGER)} on ${table}`,
    `create trigger ${quoteIdent(TRACKING_TRIGGER)} after insert or update or delete on ${table} for each row execute function ${fn}()`,
    since,
  ];
}

/**
 * Stops recording the table's changes: drops its trigger and trigger function, and forgets since
 * when it was tracked, so that its delta tokens answer 410 (the changes from now on go unrecorded).
 * The log keeps its rows until pruned.
 */
export function compileDisableTracking(target: Pick<TrackedTable, 'schema' | 'table'>): readonly string[] {
  return [
    `drop trigger if exists ${quoteIdent(TRACKING_TRIGGER)} on ${qualifiedName(target.schema, target.table)}`,
    `drop function if exists ${triggerFunction(target)}()`,
    `do ${dollarQuoted(`begin
  if to_regclass(${quoteLiteral(trackedTable)}) is not null then
    delete from ${trackedTable} where schema_name = ${quoteLiteral(target.schema)} and table_name = ${quoteLiteral(target.table)};
  end if;
end`)}`,
  ];
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

/**
 * Deletes the log rows recorded before `olderThan` and notes, per table, the newest transaction
 * whose rows went (so that a token whose window needed them answers 410); answers how many rows
 * (`deleted`).
 */
export function compilePruneChangeLog(olderThan: Date): SqlStatement {
  const params = newParams();
  const text =
    `with deleted as (delete from ${changeLog} where at < ${param(params, olderThan.toISOString())}::timestamptz returning schema_name, table_name, txid), ` +
    `newest as (select schema_name, table_name, max(txid) as txid from deleted group by schema_name, table_name), ` +
    `noted as (update ${trackedTable} as t set pruned_through = greatest(t.pruned_through, newest.txid) from newest ` +
    'where t.schema_name = newest.schema_name and t.table_name = newest.table_name returning 1) ' +
    'select count(*)::int8 as deleted from deleted';
  return { text, values: params.values };
}
