import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { findNavigationProperty, findProperty } from '../model/find-in-model.js';
import type { ComputeItem } from '../parse/syntax.js';
import { bindExpression } from './bind-expression.js';
import type { BoundExpr } from './bound-expr.js';
import type { BindScope } from './plan-context.js';

/**
 * Binds `$compute` (`price mul quantity as total, …`) in order, each item seeing the ones before
 * it, and returns the scope in which `$select`, `$filter` and `$orderby` see the aliases.
 */
export function planCompute(items: readonly ComputeItem[] | undefined, scope: BindScope): BindScope {
  if (items === undefined) return scope;
  const computed = new Map<string, BoundExpr>(scope.computed);
  for (const item of items) {
    const taken =
      computed.has(item.alias) || findProperty(scope.entitySet, item.alias) !== undefined || findNavigationProperty(scope.entitySet, item.alias) !== undefined;
    if (taken) {
      throw new ODataError(400, ErrorCodes.invalidArgument, `The $compute alias '${item.alias}' is already a property or alias of ${scope.entitySet.entityType.name}`, {
        target: '$compute',
      });
    }
    const expr = bindExpression(item.expr, { ...scope, computed, target: '$compute' }, null);
    if (expr.kind === 'column' && expr.collection) {
      throw new ODataError(400, ErrorCodes.typeMismatch, `$compute '${item.alias}' must be a single value, not a collection`, { target: '$compute' });
    }
    computed.set(item.alias, expr);
  }
  return { ...scope, computed };
}
