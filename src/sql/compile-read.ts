import { assertNever } from '../errors/assert-never.js';
import type { BoundExpr } from '../plan/bound-expr.js';
import type { CollectionQuery, CountQuery, EntityQuery, PropertyQuery, QueryPlan, TableRef } from '../plan/query-plan.js';
import { etagSql } from './compile-etag.js';
import { compileColumn, compileCondition, compileValue } from './compile-expression.js';
import { compileDelta } from './compile-delta.js';
import { compileKeysetAfter } from './compile-keyset.js';
import { orderClause } from './compile-order.js';
import { compileProjection, encodeValue } from './compile-projection.js';
import { newParams, param, qualifiedName, quoteIdent, type Params } from './sql-fragments.js';
import type { SqlStatement } from './sql-statement.js';

function from(table: TableRef): string {
  return `${qualifiedName(table.schema, table.name)} as ${quoteIdent(table.alias)}`;
}

function whereClause(condition: string | null): string {
  return condition === null ? '' : ` where ${condition}`;
}

/** The name of the `index`-th sort value next to a page row: not an OData identifier, so never a property's name. */
function sortKeyName(index: number): string {
  return quoteIdent(`@k${index}`);
}

/** Rows of a page per answer row: chunks of a few dozen KB that Node passes on without joining them. */
const ROWS_PER_CHUNK = 100;

/** A collection-valued `$expand` can make one row as large as a whole page: such rows come one per chunk. */
function rowsPerChunk(query: CollectionQuery): number {
  return query.select.some((projection) => (projection.kind === 'expand' || projection.kind === 'expandCount') && projection.expand.collection)
    ? 1
    : ROWS_PER_CHUNK;
}

/**
 * One statement answers a collection page, as answer rows that Node streams. Each row carries a
 * chunk of the page's entities as JSON text built by Postgres (`value`, the entities joined by
 * commas; null in a row that holds none), the total (`count`, on every row), and for a page read
 * with one extra row, whether more rows follow (`more`) and, for keyset paging, the sort values of
 * the page's last row (`last`), on the row that saw them. An empty page is one row without a
 * chunk.
 *
 * Rows are numbered in the order the ordered, limited subquery delivers them (as an aggregate over
 * an ordered subquery relies on); the numbers pick the page's rows from the extra one, its last
 * row, the chunks and the order within them. The JSON of a row is built after the limit, from the
 * projected columns only (a lateral select of them), beside its sort values. A page that fits in
 * one chunk is one aggregate; a larger one is grouped in chunks left-joined to the count, so that
 * even an empty page answers one row.
 */
function compileCollection(query: CollectionQuery): SqlStatement {
  const params = newParams();
  const filter = query.where === null ? null : compileCondition(query.where, params);
  const keyset = query.after === null ? null : compileKeysetAfter(query.orderBy, query.after, params);
  const pageWhere = whereClause([filter, keyset].filter((part) => part !== null).join(' and ') || null);
  const columns = query.select.map((projection) => compileProjection(projection, params)).join(', ');
  const sortKeys = query.returnLastSortValues
    ? query.orderBy.map((term, index) => `, ${compileValue(term.expr, params)} as ${sortKeyName(index)}`).join('')
    : '';
  const order = orderClause(query.orderBy, params);
  const fetch = param(params, String(query.probeNext ? query.limit + 1 : query.limit));
  const offset = param(params, String(query.skip));
  const count = query.count ? `(select count(*) from ${from(query.from)}${whereClause(filter)})::text` : 'null::text';
  // The statement's snapshot: the rows it reads are those this snapshot sees, so a delta from it misses nothing.
  const snapshot = query.snapshot ? ', pg_current_snapshot()::text as snapshot' : '';
  const rows = `select ${columns}${sortKeys} from ${from(query.from)}${pageWhere}${order} limit ${fetch}::int8 offset ${offset}::int8`;
  const perChunk = rowsPerChunk(query);
  const withCount = (chunks: string): string =>
    `select x.value, m.count, x.more, x.last${query.snapshot ? ', m.snapshot' : ''} from (select ${count} as count${snapshot}) as m left join (${chunks}) as x on true`;
  const chunk = `(n - 1) / ${perChunk}`;
  if (!query.probeNext) {
    if (query.limit <= perChunk) {
      return { text: `select string_agg(row_to_json(p)::text, ',') as value, ${count} as count, false as more, null::text as last${snapshot} from (${rows}) as p`, values: params.values };
    }
    const chunks =
      perChunk === 1
        ? `select row_to_json(p)::text as value, false as more, null::text as last from (${rows}) as p`
        : `select string_agg(j, ',' order by n) as value, false as more, null::text as last ` +
          `from (select row_to_json(p)::text as j, row_number() over () as n from (${rows}) as p) as r group by ${chunk} order by ${chunk}`;
    return { text: withCount(chunks), values: params.values };
  }
  const limit = `${param(params, String(query.limit))}::int8`;
  const projected = query.select.map((projection) => `q.${quoteIdent(projection.name)} as ${quoteIdent(projection.name)}`).join(', ');
  const lastKeys = query.returnLastSortValues ? `json_build_array(${query.orderBy.map((_, index) => `q.${sortKeyName(index)}`).join(', ')})::text` : 'null::text';
  const page = `(select row_to_json(p)::text as j, ${lastKeys} as k, row_number() over () as n from (${rows}) as q cross join lateral (select ${projected}) as p) as r`;
  if (query.limit <= perChunk) {
    const text = `select string_agg(j, ',') filter (where n <= ${limit}) as value, ${count} as count, count(*) > ${limit} as more, min(k) filter (where n = ${limit}) as last${snapshot} from ${page}`;
    return { text, values: params.values };
  }
  const chunks =
    perChunk === 1
      ? `select case when n <= ${limit} then j end as value, n > ${limit} as more, case when n = ${limit} then k end as last from ${page}`
      : `select string_agg(j, ',' order by n) filter (where n <= ${limit}) as value, bool_or(n > ${limit}) as more, min(k) filter (where n = ${limit}) as last ` +
        `from ${page} group by ${chunk} order by ${chunk}`;
  return { text: withCount(chunks), values: params.values };
}

function compileWhere(where: BoundExpr | null, params: Params): string {
  return whereClause(where === null ? null : compileCondition(where, params));
}

/**
 * One entity as JSON (`value`) with its ETag beside it (`etag`, null when its set has none), or no
 * row; the JSON is built from a lateral select of the projected members of the row. Reached over
 * single-valued navigation, one row always comes back, saying also whether the entity it was
 * reached from exists (204 versus 404).
 */
function compileEntity(query: EntityQuery): SqlStatement {
  const params = newParams();
  const columns = query.select.map((projection) => compileProjection(projection, params)).join(', ');
  const etag = query.etag === null ? 'null::text' : etagSql(query.etag, query.from.alias);
  const entity =
    `select row_to_json(p)::text as value, ${etag} as etag ` +
    `from ${from(query.from)} cross join lateral (select ${columns}) as p${compileWhere(query.where, params)}`;
  if (query.parent === null) return { text: entity, values: params.values };
  const parent = `exists (select 1 from ${from(query.parent.from)}${compileWhere(query.parent.where, params)})`;
  return { text: `select e.value, e.etag, r.parent from (select ${parent} as parent) as r left join (${entity} limit 1) as e on true`, values: params.values };
}

function compileProperty(query: PropertyQuery): SqlStatement {
  const params = newParams();
  const { column, encoding } = query.property;
  const sql = compileColumn(column);
  // A raw value is the value's own text; binary travels as base64 and leaves as bytes.
  const value = query.raw
    ? encoding === 'base64url'
      ? `encode(${sql}, 'base64')`
      : `to_json(${sql}) #>> '{}'`
    : `to_json(${encodeValue(sql, encoding)})::text`;
  return { text: `select ${value} as value from ${from(query.from)}${compileWhere(query.where, params)}`, values: params.values };
}

function compileCount(query: CountQuery): SqlStatement {
  const params = newParams();
  const where = whereClause(query.where === null ? null : compileCondition(query.where, params));
  return { text: `select count(*)::text as count from ${from(query.from)}${where}`, values: params.values };
}

/**
 * The planner's estimate of the rows a collection's `$filter`/`$search` select, without reading
 * them: `Plan Rows` of the plan's top node. For `$count=true` on a set that allows estimates.
 */
export function compileRowEstimate(query: CollectionQuery): SqlStatement {
  const params = newParams();
  const where = whereClause(query.where === null ? null : compileCondition(query.where, params));
  return { text: `explain (format json) select 1 from ${from(query.from)}${where}`, values: params.values };
}

/** Compiles a read plan to one statement. Pure: no I/O, no configuration. */
export function compileRead(query: QueryPlan): SqlStatement {
  switch (query.kind) {
    case 'collection':
      return compileCollection(query);
    case 'entity':
      return compileEntity(query);
    case 'property':
      return compileProperty(query);
    case 'count':
      return compileCount(query);
    case 'delta':
      return compileDelta(query);
    default:
      return assertNever(query);
  }
}
