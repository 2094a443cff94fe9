import type { BoundExpr, CompareExpr } from '../plan/bound-expr.js';
import { isPrimitive } from '../plan/edm-types.js';

const OPERATORS = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;
const NAN = `'NaN'::float8`;

function isFloat(expr: BoundExpr): boolean {
  return isPrimitive(expr.type, 'Edm.Double', 'Edm.Single');
}

/** A comparison with a `null` literal: `eq`/`ne` test for null; `ge`/`le` hold for null too (null eq null). */
function compareWithNull(op: CompareExpr['op'], other: BoundExpr, compile: (expr: BoundExpr) => string): string {
  if (other.kind === 'null') return op === 'eq' || op === 'ge' || op === 'le' ? 'true' : 'false';
  switch (op) {
    case 'eq':
    case 'ge':
    case 'le':
      return `${compile(other)} is null`;
    case 'ne':
      return `${compile(other)} is not null`;
    case 'gt':
    case 'lt':
      return 'false';
  }
}

/**
 * A comparison with OData's semantics, never SQL's unknown: `eq`/`ne` treat null as a value
 * (null eq null), `gt`/`lt` with a null operand are false, `ge`/`le` are `gt`/`lt` or `eq`, and
 * Doubles follow IEEE 754 (NaN equals nothing and is neither greater nor less than anything).
 *
 * `exact`: the result must be exactly true or false. In the positive part of a WHERE clause
 * (`exact` false), a null result counts as false anyway, so the plain operator is kept where it
 * gives the same rows and an index can serve it. `compile` turns an operand into SQL; it is
 * called only for operands the result uses, so no parameter is bound that the text leaves out.
 */
export function compileCompareSql(expr: CompareExpr, compile: (expr: BoundExpr) => string, exact: boolean): string {
  const { op, left, right } = expr;
  if (left.kind === 'null') return compareWithNull(op, right, compile);
  if (right.kind === 'null') return compareWithNull(op, left, compile);
  const l = compile(left);
  const r = compile(right);
  const either = left.nullable || right.nullable;
  const both = left.nullable && right.nullable;
  const float = isFloat(left) || isFloat(right);
  if (op === 'eq') {
    const sql = both ? `${l} is not distinct from ${r}` : exact && either ? `coalesce(${l} = ${r}, false)` : `${l} = ${r}`;
    return float ? `(${sql} and ${l} is distinct from ${NAN})` : sql;
  }
  if (op === 'ne') {
    const sql = either ? `${l} is distinct from ${r}` : `${l} <> ${r}`;
    return float ? `(${sql} or ${l} is not distinct from ${NAN})` : sql;
  }
  // Postgres sorts NaN above every number; IEEE says NaN is not ordered.
  const nanGuard = float ? ` and ${op === 'gt' || op === 'ge' ? l : r} <> ${NAN}` : '';
  let sql = `${l} ${OPERATORS[op]} ${r}${nanGuard}`;
  if (exact && either) sql = `coalesce(${sql}, false)`;
  else if (nanGuard !== '') sql = `(${sql})`;
  return (op === 'ge' || op === 'le') && both ? `(${sql} or (${l} is null and ${r} is null))` : sql;
}
