import { assertNever } from '../errors/assert-never.js';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { findProperty } from '../model/find-in-model.js';
import type { SearchExpr } from '../parse/syntax.js';
import { columnRef } from './bind-member.js';
import { booleanType, type BoundExpr, type ColumnRef } from './bound-expr.js';
import { escapeLike } from './escape-like.js';
import type { BindScope } from './plan-context.js';

function bindTerm(text: string, columns: readonly ColumnRef[]): BoundExpr {
  const pattern = `%${escapeLike(text)}%`;
  const matches: BoundExpr[] = columns.map((column) => ({
    kind: 'like',
    operand: column,
    pattern,
    search: true,
    type: booleanType,
    nullable: column.nullable,
  }));
  return matches.length === 1 ? (matches[0] as BoundExpr) : { kind: 'logical', op: 'or', operands: matches, type: booleanType, nullable: false };
}

function bindSearchExpr(expr: SearchExpr, columns: readonly ColumnRef[]): BoundExpr {
  switch (expr.kind) {
    case 'term':
      return bindTerm(expr.text, columns);
    case 'not':
      return { kind: 'not', operand: bindSearchExpr(expr.operand, columns), type: booleanType, nullable: false };
    case 'and':
    case 'or':
      return {
        kind: 'logical',
        op: expr.kind,
        operands: [bindSearchExpr(expr.left, columns), bindSearchExpr(expr.right, columns)],
        type: booleanType,
        nullable: false,
      };
    default:
      return assertNever(expr);
  }
}

/**
 * `$search`: a term or phrase matches an entity when one of the set's searchable properties
 * contains it, ignoring case (`ilike '%term%'`, wildcards escaped); AND, OR and NOT combine.
 * Which properties are searchable comes from the model (model config `search`).
 */
export function planSearch(search: SearchExpr | undefined, scope: BindScope): BoundExpr | null {
  if (search === undefined) return null;
  const columns = scope.entitySet.searchable.map((name) => {
    const property = findProperty(scope.entitySet, name);
    if (property === undefined) throw new Error(`Searchable property ${name} missing from ${scope.entitySet.name}`);
    return columnRef(property, scope);
  });
  if (columns.length === 0) {
    throw new ODataError(400, ErrorCodes.invalidQueryOption, `${scope.entitySet.name} has no searchable properties`, { target: '$search' });
  }
  return bindSearchExpr(search, columns);
}
