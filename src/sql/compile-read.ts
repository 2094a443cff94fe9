import { assertNever } from '../errors/assert-never.js';
import type { BoundExpr } from '../plan/bound-expr.js';
import type { CollectionQuery, CountQuery, EntityQuery, PropertyQuery, QueryPlan, TableRef } from '../plan/query-plan.js';
import { compileColumn, compileCondition, compileValue } from './compile-expression.js';
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
 * The rows of `source` (ordered) as JSON text in chunks, in order: each answer row's `value` is
 * the chunk's entities joined by commas. Rows are numbered in the order the ordered subquery
 * delivers them, as the page aggregate relied on before; the numbers order the entities within a
 * chunk and the chunks, whatever plan groups them.
 */
function chunks(source: string, perChunk: number): string {
  if (perChunk === 1) return `(select row_to_json(p)::text as value from (${source}) as p)`;
  const chunk = `(n - 1) / ${perChunk}`;
  return (
    `(select string_agg(j, ',' order by n) as value from ` +
    `(select row_to_json(p)::text as j, row_number() over () as n from (${source}) as p) as r group by ${chunk} order by ${chunk})`
  );
}

/**
 * One statement answers a collection page, as answer rows that Node streams: the page's entities
 * as JSON text built by Postgres, in chunks (`value`, in order; one row with `value` null when the
 * page is empty), and on every row the total (`count`), whether more rows follow (`more`, from one
 * extra row) and for keyset paging the sort values of the page's last row (`last`). A page that can
 * have no next page reads its ordered rows directly; otherwise the rows, with their sort values
 * beside them, are a CTE that the chunks, the probe and the last sort values read. The page facts
 * are one row that the chunks are left-joined to, so they come first and exactly once per chunk;
 * a page that fits in one chunk is a single aggregate beside them.
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
  const rows = `select ${columns}${sortKeys} from ${from(query.from)}${pageWhere}${order} limit ${fetch}::int8 offset ${offset}::int8`;
  const perChunk = rowsPerChunk(query);
  // A page that fits in one chunk is one aggregate: no numbering, no grouping.
  const oneChunk = query.limit <= perChunk;
  const answer = (facts: string, source: string): string =>
    oneChunk
      ? `select (select string_agg(row_to_json(p)::text, ',') from (${source}) as p) as value, ${facts}`
      : `select x.value, m.count, m.more, m.last from (select ${facts}) as m left join ${chunks(source, perChunk)} as x on true`;
  if (!query.probeNext) {
    if (oneChunk) return { text: `select string_agg(row_to_json(p)::text, ',') as value, ${count} as count, false as more, null::text as last from (${rows}) as p`, values: params.values };
    return { text: answer(`${count} as count, false as more, null::text as last`, rows), values: params.values };
  }
  const limit = param(params, String(query.limit));
  const names = query.select.map((projection) => quoteIdent(projection.name)).join(', ');
  const last = query.returnLastSortValues
    ? `(select json_build_array(${query.orderBy.map((_, index) => sortKeyName(index)).join(', ')})::text from page offset greatest(${limit}::int8 - 1, 0) limit 1)`
    : 'null::text';
  const facts = `${count} as count, (select count(*) from page) > ${limit}::int8 as more, ${last} as last`;
  return { text: `with page as (${rows}) ${answer(facts, `select ${names} from page limit ${limit}::int8`)}`, values: params.values };
}

function compileWhere(where: BoundExpr | null, params: Params): string {
  return whereClause(where === null ? null : compileCondition(where, params));
}

/**
 * One entity as JSON, or no row. Reached over single-valued navigation, one row always comes
 * back, saying also whether the entity it was reached from exists (204 versus 404).
 */
function compileEntity(query: EntityQuery): SqlStatement {
  const params = newParams();
  const columns = query.select.map((projection) => compileProjection(projection, params)).join(', ');
  const entity = `select row_to_json(p)::text as value from (select ${columns} from ${from(query.from)}${compileWhere(query.where, params)}) as p`;
  if (query.parent === null) return { text: entity, values: params.values };
  const parent = `exists (select 1 from ${from(query.parent.from)}${compileWhere(query.parent.where, params)})`;
  return { text: `select (${entity} limit 1) as value, ${parent} as parent`, values: params.values };
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
    default:
      return assertNever(query);
  }
}
