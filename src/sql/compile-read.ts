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

/** The rows of `p` as one compact JSON array (`json_agg` would put a line break between rows). */
const JSON_ARRAY = `coalesce('[' || string_agg(row_to_json(p)::text, ',') || ']', '[]')`;

/**
 * One statement answers a collection page: the page rows as a JSON array built by Postgres
 * (`value`), whether more rows follow (`more`, from one extra row), the total (`count`), and for
 * keyset paging the sort values of the page's last row (`last`). A page that can have no next
 * page is one aggregate over the ordered rows; otherwise the rows, with their sort values beside
 * them, are a CTE that the aggregate, the probe and the last sort values read.
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
  if (!query.probeNext) {
    return { text: `select ${JSON_ARRAY} as value, false as more, ${count} as count, null::text as last from (${rows}) as p`, values: params.values };
  }
  const limit = param(params, String(query.limit));
  const names = query.select.map((projection) => quoteIdent(projection.name)).join(', ');
  const last = query.returnLastSortValues
    ? `(select json_build_array(${query.orderBy.map((_, index) => sortKeyName(index)).join(', ')})::text from page offset greatest(${limit}::int8 - 1, 0) limit 1)`
    : 'null::text';
  const text =
    `with page as (${rows}) ` +
    `select (select ${JSON_ARRAY} from (select ${names} from page limit ${limit}::int8) as p) as value, ` +
    `(select count(*) from page) > ${limit}::int8 as more, ${count} as count, ${last} as last`;
  return { text, values: params.values };
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
