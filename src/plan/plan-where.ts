import type { QueryOptions } from '../parse/syntax.js';
import { allOf } from './all-of.js';
import { bindFilter } from './bind-expression.js';
import type { BoundExpr } from './bound-expr.js';
import type { BindScope } from './plan-context.js';
import { planSearch } from './plan-search.js';
import { withRawIntegerKeys } from './raw-integer-keys.js';

/** The addressed rows (key, navigation), then `$filter` and `$search`: the rows all keep. */
export function planWhere(options: QueryOptions, scope: BindScope, restrict: BoundExpr | null): BoundExpr | null {
  const where = allOf([
    restrict,
    options.filter === undefined ? null : bindFilter(options.filter, { ...scope, target: '$filter' }),
    planSearch(options.search, { ...scope, target: '$search' }),
  ]);
  return where === null ? null : withRawIntegerKeys(where);
}
