import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EdmEntitySet } from '../model/edm-model.js';
import type { OrderByItem } from '../parse/syntax.js';
import { bindExpression } from './bind-expression.js';
import type { BoundExpr } from './bound-expr.js';
import { isPrimitive } from './edm-types.js';
import type { BindScope } from './plan-context.js';
import type { OrderTerm } from './query-plan.js';
import { keyParts } from './plan-select.js';
import { withRawIntegerOrder } from './raw-integer-keys.js';

function sameColumn(a: BoundExpr, b: BoundExpr): boolean {
  return a.kind === 'column' && b.kind === 'column' && a.alias === b.alias && a.column === b.column;
}

/**
 * Binds `$orderby` and appends the key so the order is total (stable pages). OData sorts nulls
 * first in ascending order and last in descending order; a column that cannot be null gets no
 * NULLS clause, so a plain index serves the sort.
 */
export function planOrderBy(items: readonly OrderByItem[] | undefined, set: EdmEntitySet, scope: BindScope): OrderTerm[] {
  if (items !== undefined && items.length > scope.limits.maxOrderByItems) {
    throw new ODataError(400, ErrorCodes.limitExceeded, `$orderby has ${items.length} items; at most ${scope.limits.maxOrderByItems} are allowed`, {
      target: scope.target,
    });
  }
  const terms: OrderTerm[] = (items ?? []).map((item) => {
    const expr = bindExpression(item.expr, scope, null);
    if ((expr.kind === 'column' && expr.collection) || isPrimitive(expr.type, 'Edm.Binary')) {
      throw new ODataError(400, ErrorCodes.typeMismatch, `$orderby cannot sort by a value of this type`, { target: scope.target });
    }
    return { expr, direction: item.direction, nulls: expr.nullable ? (item.direction === 'asc' ? 'first' : 'last') : null };
  });
  for (const part of keyParts(set, scope) ?? []) {
    if (!terms.some((term) => sameColumn(term.expr, part.column))) terms.push({ expr: part.column, direction: 'asc', nulls: null });
  }
  return terms.map(withRawIntegerOrder);
}
