import { assertNever } from '../errors/assert-never.js';
import type { BoundExpr, CallBoundExpr, CollectionSource, ColumnRef, Hop } from '../plan/bound-expr.js';
import { isIntegerGuidPrefix } from '../model/integer-guid.js';
import { isPrimitive } from '../plan/edm-types.js';
import { compileCompareSql } from './compile-compare.js';
import { param, pgTypeName, qualifiedName, quoteIdent, typedParam, type Params } from './sql-fragments.js';

/**
 * A column reference; a type without EDM counterpart is read as its output text (`format`), an
 * integer shown as a Guid as the Guid that encodes it, a date shown as an instant as its midnight UTC.
 */
export function compileColumn(column: ColumnRef): string {
  const sql = `${quoteIdent(column.alias)}.${quoteIdent(column.column)}`;
  if (column.asText) return column.collection ? `${sql}::text[]` : `format('%s', ${sql})`;
  if (column.representation?.kind === 'guidOfInteger') {
    // The prefix is 16 hex digits of the model (never request text), checked before it is written here.
    if (!isIntegerGuidPrefix(column.representation.prefix)) throw new Error('An integer Guid prefix must be 16 hex digits');
    return `('${column.representation.prefix}' || lpad(to_hex(${sql}::int8), 16, '0'))::uuid`;
  }
  if (column.representation?.kind === 'instantOfDate') return `(${sql}::timestamp at time zone 'UTC')`;
  return column.utcTimestamp ? `(${sql} at time zone 'UTC')` : sql;
}

/** Unicode White_Space, which OData's trim removes (btrim removes only spaces). */
const WHITESPACE = '[\\s\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';

/** A Double as the numeric its shortest exact text spells (a plain cast keeps only 15 digits). */
function exactNumeric(sql: string): string {
  return `((${sql})::float8::text)::numeric`;
}

/** Double division by zero is INF, -INF or NaN (IEEE 754), not an error. */
function ieeeDivision(l: string, r: string): string {
  return (
    `(case when ${r} <> 0 then ${l} / ${r} when ${r} is null or ${l} is null then null ` +
    `when ${l} = 'NaN'::float8 or ${l} = 0 then 'NaN'::float8 when ${l} > 0 then 'Infinity'::float8 else '-Infinity'::float8 end)`
  );
}

function compileCall(expr: CallBoundExpr, params: Params): string {
  const args = expr.args.map((arg) => compileValue(arg, params));
  const [a = '', b = '', c] = args;
  switch (expr.name) {
    case 'contains':
      return `(strpos(${a}, ${b}) > 0)`;
    case 'startswith':
      return `starts_with(${a}, ${b})`;
    case 'endswith':
      return `(right(${a}, char_length(${b})) = ${b})`;
    case 'length':
      return `char_length(${a})`;
    case 'indexof':
      return `(strpos(${a}, ${b}) - 1)`;
    case 'substring':
      return c === undefined ? `substr(${a}, greatest(${b}, 0) + 1)` : `substr(${a}, greatest(${b}, 0) + 1, greatest(${c}, 0))`;
    case 'tolower':
      return `lower(${a})`;
    case 'toupper':
      return `upper(${a})`;
    case 'trim':
      return `regexp_replace(${a}, '^${WHITESPACE}+|${WHITESPACE}+$', '', 'g')`;
    case 'concat':
      return `(${a} || ${b})`;
    case 'year':
    case 'month':
    case 'day':
    case 'hour':
    case 'minute':
      return `extract(${expr.name} from ${a})::int4`;
    case 'second':
      return `floor(extract(second from ${a}))::int4`;
    case 'fractionalseconds':
      return `(extract(second from ${a}) - floor(extract(second from ${a})))`;
    case 'date':
      return `(${a})::date`;
    case 'time':
      return `(${a})::time`;
    case 'now':
      return 'now()';
    case 'round':
      // Postgres rounds a double half to even; OData rounds half away from zero, as numeric does.
      return isPrimitive(expr.type, 'Edm.Double', 'Edm.Single') ? `round(${exactNumeric(a)})::float8` : `round(${a})`;
    case 'floor':
      return `floor(${a})`;
    case 'ceiling':
      return `ceil(${a})`;
    case 'matchespattern':
      return `(${a} ~ ${b})`;
    case 'totalseconds':
      return `extract(epoch from ${a})`;
    case 'totaloffsetminutes':
      return `(extract(timezone from ${a}) / 60)::int4`;
    case 'mindatetime':
      return `'0001-01-01T00:00:00Z'::timestamptz`;
    case 'maxdatetime':
      return `'9999-12-31T23:59:59.999999Z'::timestamptz`;
    default:
      return assertNever(expr.name);
  }
}

function compileArithmetic(expr: BoundExpr & { kind: 'arithmetic' }, params: Params): string {
  const l = compileValue(expr.left, params);
  const r = compileValue(expr.right, params);
  switch (expr.op) {
    case 'add':
      return isPrimitive(expr.left.type, 'Edm.Date') ? `((${l})::timestamptz + ${r})` : `(${l} + ${r})`;
    case 'sub':
      return isPrimitive(expr.left.type, 'Edm.Date') ? `((${l})::timestamptz - ${r})` : `(${l} - ${r})`;
    case 'mul':
      return `(${l} * ${r})`;
    case 'div':
      return isPrimitive(expr.type, 'Edm.Double', 'Edm.Single') ? ieeeDivision(l, r) : `(${l} / ${r})`;
    case 'divby':
      return `((${l})::numeric / ${r})`;
    case 'mod':
      return isPrimitive(expr.type, 'Edm.Double', 'Edm.Single') ? `mod(${exactNumeric(l)}, ${exactNumeric(r)})::float8` : `mod(${l}, ${r})`;
    default:
      return assertNever(expr.op);
  }
}

function hopJoin(hop: Hop): string {
  return hop.pairs
    .map((pair) => `${quoteIdent(hop.alias)}.${quoteIdent(pair.innerColumn)} = ${quoteIdent(hop.outerAlias)}.${quoteIdent(pair.outerColumn)}`)
    .join(' and ');
}

function hopsClause(hops: readonly Hop[]): string {
  const from = hops.map((hop) => `${qualifiedName(hop.schema, hop.table)} as ${quoteIdent(hop.alias)}`).join(', ');
  return `from ${from} where ${hops.map(hopJoin).join(' and ')}`;
}

/** `from … where …` over the members of a collection: unnested array elements or related rows. */
function collectionClause(source: CollectionSource): string {
  return source.kind === 'array' ? `from unnest(${compileColumn(source.column)}) as ${quoteIdent(source.alias)}("v") where true` : hopsClause([source.hop]);
}

/**
 * `hassubset`: every member of b is in a (`@>`). `hassubsequence`: b's members appear in a in
 * order, not necessarily adjacent: a greedy walk that takes, for each member of b, its first
 * position in a after the previous one.
 */
function compileCollectionCall(expr: BoundExpr & { kind: 'collectionCall' }, params: Params): string {
  const a = compileValue(expr.left, params);
  const b = compileValue(expr.right, params);
  if (expr.name === 'hassubset') return `(${a} @> ${b})`;
  return (
    `(select coalesce(max(m.i), 0) = coalesce(cardinality(${b}), 0) from (with recursive walk(i, pos) as (select 0, 0::int8 ` +
    `union all select walk.i + 1, (select min(u.o) from unnest(${a}) with ordinality as u(v, o) where u.o > walk.pos and u.v = (${b})[walk.i + 1]) ` +
    `from walk where walk.i < coalesce(cardinality(${b}), 0) and walk.pos is not null) select i from walk where pos is not null) as m)`
  );
}

/** `any` is an `exists`; `all` is "no member for which the predicate is not true". */
function compileLambda(expr: BoundExpr & { kind: 'lambda' }, params: Params): string {
  const clause = collectionClause(expr.source);
  if (expr.predicate === null) return `exists (select 1 ${clause})`;
  const predicate = compileCondition(expr.predicate, params);
  return expr.op === 'any' ? `exists (select 1 ${clause} and ${predicate})` : `not exists (select 1 ${clause} and (${predicate}) is not true)`;
}

function compileCount(expr: BoundExpr & { kind: 'count' }): string {
  return expr.source.kind === 'array'
    ? `coalesce(cardinality(${compileColumn(expr.source.column)}), 0)::int8`
    : `(select count(*) ${collectionClause(expr.source)})`;
}

/** Compiles an expression used as a value (in a projection, order or operand). */
export function compileValue(expr: BoundExpr, params: Params): string {
  switch (expr.kind) {
    case 'column':
      return compileColumn(expr);
    case 'value':
      return typedParam(params, expr.value, expr.pgType);
    case 'null':
      return 'null';
    case 'compare':
    case 'logical':
    case 'not':
    case 'inList':
    case 'like':
    case 'lambda':
    case 'collectionCall':
      return `(${compileCondition(expr, params, true)})`;
    case 'related':
      return `(select ${compileValue(expr.value, params)} ${hopsClause(expr.hops)})`;
    case 'arrayValue':
      return typedParam(params, expr.values, expr.elementType, true);
    case 'count':
      return compileCount(expr);
    case 'arithmetic':
      return compileArithmetic(expr, params);
    case 'negate':
      return `(-${compileValue(expr.operand, params)})`;
    case 'call':
      return compileCall(expr, params);
    case 'cast':
      return `cast(${compileValue(expr.operand, params)} as ${pgTypeName(expr.target)})`;
    default:
      return assertNever(expr);
  }
}

/**
 * Compiles a Boolean expression. OData's logic is SQL's three-valued logic for `and`, `or` and
 * `not` (a function of null is null, and not null is null), but its comparisons are never
 * unknown (see compile-compare.ts). In the positive part of a WHERE clause (`exact` false) a null
 * counts as false; under `not`, and wherever a Boolean is a value, results are exact.
 */
export function compileCondition(expr: BoundExpr, params: Params, exact = false): string {
  switch (expr.kind) {
    case 'compare': {
      const value = (operand: BoundExpr): string => compileValue(operand, params);
      return compileCompareSql(expr, expr.caseInsensitive === true ? (operand) => `lower(${value(operand)})` : value, exact);
    }
    case 'logical':
      return `(${expr.operands.map((operand) => compileCondition(operand, params, exact)).join(` ${expr.op} `)})`;
    case 'not':
      return `not (${compileCondition(expr.operand, params, true)})`;
    case 'inList': {
      const operand = compileValue(expr.operand, params);
      const parts: string[] = [];
      if (expr.values.length > 0) {
        const values = typedParam(params, expr.values, expr.elementType, true);
        // The list lowered once (an init plan), so `lower(column) = any(…)` is an index condition.
        const match = expr.caseInsensitive === true ? `lower(${operand}) = any(array(select lower("v") from unnest(${values}) as "values"("v")))` : `${operand} = any(${values})`;
        parts.push(exact && expr.operand.nullable ? `coalesce(${match}, false)` : match);
      }
      if (expr.includesNull) parts.push(`${operand} is null`);
      return parts.length === 0 ? 'false' : `(${parts.join(' or ')})`;
    }
    case 'like': {
      const operand = compileValue(expr.operand, params);
      const match =
        expr.caseInsensitive === true
          ? `lower(${operand}) like lower(${typedParam(params, expr.pattern, { kind: 'scalar', name: 'text' })})`
          : `${operand} ${expr.search ? 'ilike' : 'like'} ${param(params, expr.pattern)}`;
      return expr.search && exact && expr.operand.nullable ? `coalesce(${match}, false)` : match;
    }
    case 'lambda':
      return compileLambda(expr, params);
    case 'collectionCall':
      return compileCollectionCall(expr, params);
    case 'related':
    case 'column':
    case 'value':
    case 'call':
    case 'cast':
      return compileValue(expr, params);
    case 'null':
      return 'null';
    case 'arithmetic':
    case 'negate':
    case 'count':
    case 'arrayValue':
      throw new Error(`A ${expr.kind} expression is not a condition`);
    default:
      return assertNever(expr);
  }
}
