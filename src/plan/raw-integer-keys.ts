import type { PropertyRepresentation } from '../model/edm-model.js';
import { guidToInteger } from '../model/integer-guid.js';
import { booleanType, type BoundExpr, type ColumnRef, type ValueExpr } from './bound-expr.js';
import { primitive } from './edm-types.js';
import type { OrderTerm } from './query-plan.js';

type GuidOfInteger = Extract<PropertyRepresentation, { kind: 'guidOfInteger' }>;

function guidOfInteger(expr: BoundExpr): (ColumnRef & { readonly representation: GuidOfInteger }) | null {
  return expr.kind === 'column' && expr.representation?.kind === 'guidOfInteger' ? (expr as ColumnRef & { readonly representation: GuidOfInteger }) : null;
}

/** An integer column shown as a Guid, as the integer itself: its index serves comparisons and sorting. */
export function rawIntegerColumn(column: ColumnRef): ColumnRef {
  return column.representation?.kind === 'guidOfInteger' ? { ...column, representation: null, type: primitive('Edm.Int64') } : column;
}

/** The integer a Guid stands for, as a value to compare the raw column with. */
export function integerValue(integer: string): ValueExpr {
  return { kind: 'value', value: integer, pgType: { kind: 'scalar', name: 'int8' }, type: primitive('Edm.Int64'), nullable: false };
}

const FALSE: ValueExpr = { kind: 'value', value: false, pgType: { kind: 'scalar', name: 'bool' }, type: booleanType, nullable: false };

function rewriteCompare(expr: Extract<BoundExpr, { kind: 'compare' }>): BoundExpr {
  if (expr.op !== 'eq' && expr.op !== 'ne') return expr;
  const [column, value] = guidOfInteger(expr.left) !== null ? [guidOfInteger(expr.left), expr.right] : [guidOfInteger(expr.right), expr.left];
  if (column === null || value.kind !== 'value' || typeof value.value !== 'string') return expr;
  const integer = guidToInteger(column.representation.prefix, value.value);
  // A Guid of another table equals no row; its `ne` keeps the exact comparison of the Guids.
  if (integer === null) return expr.op === 'eq' ? FALSE : expr;
  return { ...expr, left: rawIntegerColumn(column), right: integerValue(integer) };
}

function rewriteInList(expr: Extract<BoundExpr, { kind: 'inList' }>): BoundExpr {
  const column = guidOfInteger(expr.operand);
  if (column === null) return expr;
  const integers = expr.values.flatMap((value) => {
    const integer = typeof value === 'string' ? guidToInteger(column.representation.prefix, value) : null;
    return integer === null ? [] : [integer];
  });
  return { ...expr, operand: rawIntegerColumn(column), values: integers, elementType: { kind: 'scalar', name: 'int8' } };
}

/**
 * A condition with its comparisons of Guid-shown integer keys with Guids (`=`, `<>`, `in`, and
 * the `or` chains that fold into `in`) turned into comparisons of the integers, so the
 * primary-key index serves them. Elsewhere a key compares as its Guid, which is exact but unindexed.
 */
export function withRawIntegerKeys(expr: BoundExpr): BoundExpr {
  switch (expr.kind) {
    case 'logical':
      return { ...expr, operands: expr.operands.map(withRawIntegerKeys) };
    case 'not':
      return { ...expr, operand: withRawIntegerKeys(expr.operand) };
    case 'compare':
      return rewriteCompare(expr);
    case 'inList':
      return rewriteInList(expr);
    default:
      return expr;
  }
}

/** A sort by a Guid-shown integer key sorts by the integer: the same order for the non-negative keys tables use, served by the index. */
export function withRawIntegerOrder(term: OrderTerm): OrderTerm {
  return term.expr.kind === 'column' ? { ...term, expr: rawIntegerColumn(term.expr) } : term;
}
