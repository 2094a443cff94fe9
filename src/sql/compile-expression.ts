import { assertNever } from '../errors/assert-never.js';
import type { BoundExpr, CallBoundExpr, ColumnRef, CompareExpr } from '../plan/bound-expr.js';
import { isPrimitive } from '../plan/edm-types.js';
import { param, pgTypeName, quoteIdent, typedParam, type Params } from './sql-fragments.js';

const COMPARISON_SQL = { gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

/** A column reference; a type without EDM counterpart is read as its output text (`format`). */
export function compileColumn(column: ColumnRef): string {
  const sql = `${quoteIdent(column.alias)}.${quoteIdent(column.column)}`;
  if (column.asText) return column.collection ? `${sql}::text[]` : `format('%s', ${sql})`;
  return column.utcTimestamp ? `(${sql} at time zone 'UTC')` : sql;
}

/**
 * A comparison with OData's null semantics: `eq null` is `is null`; two values that may both be
 * null are equal when both are null; `ne` is true when exactly one side is null. When a side
 * cannot be null the plain operator is used, so indexes serve it.
 */
function compileCompare(expr: CompareExpr, params: Params): string {
  const { op, left, right } = expr;
  if (op === 'eq' || op === 'ne') {
    const negated = op === 'ne';
    if (right.kind === 'null' || left.kind === 'null') {
      const other = right.kind === 'null' ? left : right;
      if (other.kind === 'null') return negated ? 'false' : 'true';
      return `${compileValue(other, params)} is ${negated ? 'not ' : ''}null`;
    }
    const l = compileValue(left, params);
    const r = compileValue(right, params);
    if (!negated) return left.nullable && right.nullable ? `${l} is not distinct from ${r}` : `${l} = ${r}`;
    return left.nullable || right.nullable ? `${l} is distinct from ${r}` : `${l} <> ${r}`;
  }
  if (left.kind === 'null' || right.kind === 'null') return 'false';
  return `${compileValue(left, params)} ${COMPARISON_SQL[op]} ${compileValue(right, params)}`;
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
      return `btrim(${a})`;
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
      return isPrimitive(expr.type, 'Edm.Double', 'Edm.Single') ? `round((${a})::numeric)::float8` : `round(${a})`;
    case 'floor':
      return `floor(${a})`;
    case 'ceiling':
      return `ceil(${a})`;
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
      return `(${l} / ${r})`;
    case 'divby':
      return `((${l})::numeric / ${r})`;
    case 'mod':
      return isPrimitive(expr.type, 'Edm.Double', 'Edm.Single') ? `mod((${l})::numeric, (${r})::numeric)::float8` : `mod(${l}, ${r})`;
    default:
      return assertNever(expr.op);
  }
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
      return `coalesce(${compileCondition(expr, params)}, false)`;
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
 * Compiles a Boolean expression for a WHERE clause, where a NULL result counts as false. OData has
 * two-valued logic: `not` is compiled as `is not true`, so a comparison with a null operand that
 * was false stays false and its negation true.
 */
export function compileCondition(expr: BoundExpr, params: Params): string {
  switch (expr.kind) {
    case 'compare':
      return compileCompare(expr, params);
    case 'logical':
      return `(${expr.operands.map((operand) => compileCondition(operand, params)).join(` ${expr.op} `)})`;
    case 'not':
      return `(${compileCondition(expr.operand, params)}) is not true`;
    case 'inList': {
      const operand = compileValue(expr.operand, params);
      const parts: string[] = [];
      if (expr.values.length > 0) parts.push(`${operand} = any(${typedParam(params, expr.values, expr.elementType, true)})`);
      if (expr.includesNull) parts.push(`${operand} is null`);
      return parts.length === 0 ? 'false' : `(${parts.join(' or ')})`;
    }
    case 'like':
      return `${compileValue(expr.operand, params)} like ${param(params, expr.pattern)}`;
    case 'column':
    case 'value':
    case 'call':
    case 'cast':
      return compileValue(expr, params);
    case 'null':
      return 'false';
    case 'arithmetic':
    case 'negate':
      throw new Error(`A ${expr.kind} expression is not a condition`);
    default:
      return assertNever(expr);
  }
}
