import type { BoundExpr, ColumnRef, InListExpr, NullExpr, ValueExpr } from './bound-expr.js';
import { isPrimitive } from './edm-types.js';
import { inListOf } from './in-list.js';

/**
 * Doubles are left alone: their `eq` holds for no NaN (IEEE 754), while Postgres's `= any` finds
 * NaN equal to NaN.
 */
function isFloat(expr: BoundExpr): boolean {
  return isPrimitive(expr.type, 'Edm.Double', 'Edm.Single');
}

/** A literal an `in` list holds as it is: null, or a value other than binary. */
function isListValue(expr: BoundExpr): expr is ValueExpr | NullExpr {
  return expr.kind === 'null' || (expr.kind === 'value' && !(expr.value instanceof Uint8Array) && !isFloat(expr));
}

/** `column eq literal` or `literal eq column`, as its column and literal; null for any other operand. */
function equalityOf(expr: BoundExpr): { readonly column: ColumnRef; readonly literal: ValueExpr | NullExpr } | null {
  if (expr.kind !== 'compare' || expr.op !== 'eq') return null;
  const { left, right } = expr;
  const [column, literal] = left.kind === 'column' ? [left, right] : [right, left];
  if (column.kind !== 'column' || column.collection || isFloat(column) || !isListValue(literal)) return null;
  return { column, literal };
}

/** The same column seen as the same type: an integer key and the Guid shown for it share a column, not their values. */
function sameValues(a: ColumnRef, b: ColumnRef): boolean {
  return a.alias === b.alias && a.column === b.column && a.representation?.kind === b.representation?.kind && a.asText === b.asText;
}

/**
 * The operands of an `or` as `column in (…)` when every one of them is an equality between the
 * same column and a literal (`id eq 1 or id eq 2 or id eq null`, how Dataverse sends a lookup),
 * else null. The list is the one `in` builds from the same literals, already bound to the column's
 * type by the comparisons (type errors are theirs), and it keeps the `or`'s meaning, under `not`
 * too: an equality with a value is false for a null column, one with `null` is `is null`. It
 * compiles to one array parameter (`= any($1)`), which the column's index serves, whatever the
 * chain's length; the chain's length is bounded by the parser's limits, not by `in`'s.
 */
export function foldOrEqualities(operands: readonly BoundExpr[]): InListExpr | null {
  const literals: BoundExpr[] = [];
  let column: ColumnRef | undefined;
  for (const operand of operands) {
    const equality = equalityOf(operand);
    if (equality === null) return null;
    if (column === undefined) column = equality.column;
    else if (!sameValues(equality.column, column)) return null;
    literals.push(equality.literal);
  }
  return column === undefined ? null : inListOf(column, literals);
}
