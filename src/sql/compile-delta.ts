import type { DeltaQuery } from '../plan/query-plan.js';
import { CHANGES_FUNCTION, TRACKED_TABLE } from './compile-change-tracking.js';
import { compileCondition } from './compile-expression.js';
import { GUID_SCHEMA } from './compile-guid-column.js';
import { compileProjection } from './compile-projection.js';
import { newParams, param, qualifiedName, quoteIdent, type Params } from './sql-fragments.js';
import type { SqlStatement } from './sql-statement.js';

/** Changes of a delta page per answer row, as `compile-read.ts` chunks a collection page. */
const ROWS_PER_CHUNK = 100;

/** The parameters every part of the statement shares: the table and the window's snapshots. */
interface Window {
  readonly schema: string;
  readonly table: string;
  readonly since: string;
  readonly until: string;
}

/**
 * Why the window cannot be answered, or null: the table was not tracked from before `since`
 * (`untracked`: tracking was off for a while, or never on), or log rows the window needs were
 * pruned (`pruned`). Read from the table of tracked tables, which anyone may read.
 */
function goneReason(window: Window): string {
  return (
    `(select case when w.since is null or not pg_visible_in_snapshot(w.since, ${window.since}) then 'untracked' ` +
    `when w.pruned_through >= pg_snapshot_xmin(${window.since}) then 'pruned' end ` +
    `from (select 1) as one left join ${qualifiedName(GUID_SCHEMA, TRACKED_TABLE)} as w on w.schema_name = ${window.schema} and w.table_name = ${window.table})`
  );
}

/** The JSON of a removed entity, in the form of the query's OData version; `l` is its last change. */
function removedEntity(query: DeltaQuery, params: Params): string {
  const reason = `case when l.op = 'D' then 'deleted' else 'changed' end`;
  const id = compileProjection(query.removedId, params);
  const members =
    query.removedForm === '4.01'
      ? `${id}, (select row_to_json(r) from (select ${reason} as reason) as r) as "@removed"`
      : `${compileProjection({ kind: 'constant', name: '@odata.context', value: `#${query.removedId.entitySet}/$deletedEntity` }, params)}, ${id}, ${reason} as reason`;
  return `(select row_to_json(x)::text from (select ${members}) as x)`;
}

/**
 * What each change of the window sends, numbered in order (`n`). `changes_between` answers the
 * changes (one per key, at its last change, in a fixed order, after `after`, at most one more than
 * a page), reading the log with its owner's rights; everything else is read with the caller's. The
 * key is read back into its columns' own types, which finds the row by the table's key index. The
 * row's current values, when it exists, is visible to the caller and matches the selection, make
 * the entity; else it is removed, unless it did not exist when the window opened (its first change
 * in the window inserted it): then it is not sent (`keep` false).
 */
function entries(query: DeltaQuery, window: Window, params: Params, after: string | null, limit: string): string {
  const table = query.from;
  const keyAlias = quoteIdent(query.keyAlias);
  const tableAlias = quoteIdent(table.alias);
  const [afterTxid, afterSeq] = after === null ? [] : after.split(':');
  const position = afterTxid === undefined ? 'null::xid8, null::int8' : `${param(params, afterTxid)}::xid8, ${param(params, afterSeq)}::int8`;
  const changes = `${qualifiedName(GUID_SCHEMA, CHANGES_FUNCTION)}(${window.schema}, ${window.table}, ${window.since}, ${window.until}, ${position}, ${limit})`;
  const keyRow = query.key
    .map((part) => `(l.key ->> ${param(params, part.column)})::${qualifiedName(part.pgType.schema, part.pgType.name)} as ${quoteIdent(part.column)}`)
    .join(', ');
  const match = query.key.map((part) => `${tableAlias}.${quoteIdent(part.column)} = ${keyAlias}.${quoteIdent(part.column)}`).join(' and ');
  const filter = query.where === null ? '' : ` and ${compileCondition(query.where, params)}`;
  const columns = query.select.map((projection) => compileProjection(projection, params)).join(', ');
  const entity = `select row_to_json(p)::text as j from ${qualifiedName(table.schema, table.name)} as ${tableAlias} cross join lateral (select ${columns}) as p where ${match}${filter}`;
  return (
    `select l.txid, l.seq, row_number() over (order by l.txid, l.seq) as n, coalesce(e.j, ${removedEntity(query, params)}) as j, ` +
    `(e.j is not null or l.first_op <> 'I') as keep ` +
    `from ${changes} as l cross join lateral (select ${keyRow}) as ${keyAlias} left join lateral (${entity}) as e on true`
  );
}

/**
 * A delta page (or, for `/$count`, the number of changes) in one statement. Beside the page's
 * chunks of entities: the count (`count`), whether more follow (`more`), the position of the
 * page's last change (`last`, `txid:seq`), the statement's snapshot (`snapshot`, which closes a
 * window opened without an end) and why the window cannot be answered (`gone`, null when it can).
 * A page ends after its `limit` changes, so it sends fewer entities when some are not sent.
 */
export function compileDelta(query: DeltaQuery): SqlStatement {
  const params = newParams();
  const since = `${param(params, query.since)}::pg_snapshot`;
  const window: Window = {
    schema: param(params, query.from.schema),
    table: param(params, query.from.name),
    since,
    until: query.until === null ? 'pg_current_snapshot()' : `${param(params, query.until)}::pg_snapshot`,
  };
  const count =
    query.count || query.page === null ? `(select count(*) from (${entries(query, window, params, null, 'null::int8')}) as a where a.keep)::text` : 'null::text';
  const header = `select ${count} as count, pg_current_snapshot()::text as snapshot, ${goneReason(window)} as gone`;
  if (query.page === null) return { text: header, values: params.values, planEachTime: true };
  const limit = `${param(params, String(query.page.limit))}::int8`;
  const page = entries(query, window, params, query.page.after, `${limit} + 1`);
  const chunk = `(n - 1) / ${ROWS_PER_CHUNK}`;
  const chunks =
    `select string_agg(j, ',' order by n) filter (where n <= ${limit} and keep) as value, bool_or(n > ${limit}) as more, ` +
    `min(txid::text || ':' || seq::text) filter (where n = ${limit}) as last from p group by ${chunk} order by ${chunk}`;
  return {
    text: `with p as (${page}) select x.value, m.count, x.more, x.last, m.snapshot, m.gone from (${header}) as m left join (${chunks}) as x on true`,
    values: params.values,
    planEachTime: true,
  };
}
