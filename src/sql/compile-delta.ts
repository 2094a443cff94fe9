import type { DeltaQuery } from '../plan/query-plan.js';
import { CHANGES_FUNCTION, TRACKED_TABLE } from './compile-change-tracking.js';
import { compileCondition } from './compile-expression.js';
import { GUID_SCHEMA } from './compile-guid-column.js';
import { compileProjection } from './compile-projection.js';
import { newParams, param, qualifiedName, quoteIdent, type Params } from './sql-fragments.js';
import type { SqlStatement } from './sql-statement.js';

/** Changes of a delta page per answer row, as `compile-read.ts` chunks a collection page. */
const ROWS_PER_CHUNK = 100;

/**
 * Why the window cannot be answered, or null: the table was not tracked from before `since`
 * (`untracked`: tracking was off for a while, or never on), or log rows the window needs were
 * pruned (`pruned`). Read from the table of tracked tables, which anyone may read.
 */
function goneReason(schema: string, table: string, since: string): string {
  return (
    `(select case when w.since is null or not pg_visible_in_snapshot(w.since, ${since}) then 'untracked' ` +
    `when w.pruned_through >= pg_snapshot_xmin(${since}) then 'pruned' end ` +
    `from (select 1) as one left join ${qualifiedName(GUID_SCHEMA, TRACKED_TABLE)} as w on w.schema_name = ${schema} and w.table_name = ${table})`
  );
}

/** The JSON of a removed entity, in the form of the query's OData version. */
function removedEntity(query: DeltaQuery, params: Params): string {
  const reason = `case when c.last_op = 'D' then 'deleted' else 'changed' end`;
  const id = compileProjection(query.removedId, params);
  const members =
    query.removedForm === '4.01'
      ? `${id}, (select row_to_json(r) from (select ${reason} as reason) as r) as "@removed"`
      : `${compileProjection({ kind: 'constant', name: '@odata.context', value: `#${query.removedId.entitySet}/$deletedEntity` }, params)}, ${id}, ${reason} as reason`;
  return `(select row_to_json(x)::text from (select ${members}) as x)`;
}

/**
 * The changes of a tracked table in a window of snapshots, in one statement, read with the
 * caller's rights. `changes_between` answers each changed key once (of the tables the caller may read) with its
 * first and last operation in the window; the key is read back into its columns' own types, which
 * finds the row by its key index. The row's current values, when it exists, is visible to the
 * caller and matches the selection, make the entity; else it is removed, unless it did not exist
 * when the window opened (its first change inserted it). Beside the rows: the count (`count`),
 * whether more follow (`more`), the last log number of the page (`last`), the statement's
 * snapshot (`snapshot`, which closes a window opened without an end) and why the window cannot
 * be answered (`gone`, null when it can). The page's answer rows are chunks, as a collection's.
 */
export function compileDelta(query: DeltaQuery): SqlStatement {
  const params = newParams();
  const table = query.from;
  const schemaName = param(params, table.schema);
  const tableName = param(params, table.name);
  const since = `${param(params, query.since)}::pg_snapshot`;
  const until = query.until === null ? 'null::pg_snapshot' : `${param(params, query.until)}::pg_snapshot`;
  const keyAlias = quoteIdent(query.keyAlias);
  const tableAlias = quoteIdent(table.alias);
  const keyRow = query.key
    .map((part) => `(c.key ->> ${param(params, part.column)})::${qualifiedName(part.pgType.schema, part.pgType.name)} as ${quoteIdent(part.column)}`)
    .join(', ');
  const match = query.key.map((part) => `${tableAlias}.${quoteIdent(part.column)} = ${keyAlias}.${quoteIdent(part.column)}`).join(' and ');
  const filter = query.where === null ? '' : ` and ${compileCondition(query.where, params)}`;
  const columns = query.select.map((projection) => compileProjection(projection, params)).join(', ');
  const entity = `select row_to_json(p)::text as j from ${qualifiedName(table.schema, table.name)} as ${tableAlias} cross join lateral (select ${columns}) as p where ${match}${filter}`;
  const changes =
    `select c.last_seq as s, coalesce(e.j, ${removedEntity(query, params)}) as j ` +
    `from ${qualifiedName(GUID_SCHEMA, CHANGES_FUNCTION)}(${schemaName}, ${tableName}, ${since}, ${until}) as c ` +
    `cross join lateral (select ${keyRow}) as ${keyAlias} left join lateral (${entity}) as e on true ` +
    `where e.j is not null or c.first_op <> 'I'`;
  const count = query.count ? '(select count(*) from d)::text' : 'null::text';
  const header = `select ${count} as count, pg_current_snapshot()::text as snapshot, ${goneReason(schemaName, tableName, since)} as gone`;
  if (query.page === null) return { text: `with d as (${changes}) ${header}`, values: params.values };
  const after = query.page.after === null ? '' : ` where s > ${param(params, query.page.after)}::int8`;
  const limit = `${param(params, String(query.page.limit))}::int8`;
  const page = `select s, j, row_number() over (order by s) as n from (select s, j from d${after} order by s limit ${limit} + 1) as x`;
  const chunk = `(n - 1) / ${ROWS_PER_CHUNK}`;
  const chunks =
    `select string_agg(j, ',' order by n) filter (where n <= ${limit}) as value, bool_or(n > ${limit}) as more, ` +
    `(max(s) filter (where n <= ${limit}))::text as last from p group by ${chunk} order by ${chunk}`;
  return {
    text: `with d as (${changes}), p as (${page}) select x.value, m.count, x.more, x.last, m.snapshot, m.gone from (${header}) as m left join (${chunks}) as x on true`,
    values: params.values,
  };
}
