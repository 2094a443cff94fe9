import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { findEntitySet } from '../model/find-in-model.js';
import type { Expr, LambdaExpr } from '../parse/syntax.js';
import { resolveMember } from './bind-member.js';
import { booleanType, type BoundExpr, type CollectionSource, type ColumnRef } from './bound-expr.js';
import type { BindScope, LambdaVariable } from './plan-context.js';

function collectionOf(expr: LambdaExpr, scope: BindScope): CollectionSource {
  const resolved = resolveMember(expr.collection, scope);
  if (resolved.kind === 'collection') return resolved.source;
  if (resolved.expr.kind === 'column' && resolved.expr.collection) {
    return { kind: 'array', column: resolved.expr, alias: `t${scope.depth + 1}` };
  }
  throw new ODataError(400, ErrorCodes.typeMismatch, `'${expr.op}' needs a collection, and '${expr.collection.path.join('/')}' is not one`, {
    target: scope.target,
  });
}

function variableOf(source: CollectionSource, scope: BindScope): LambdaVariable {
  if (source.kind === 'navigation') {
    const entitySet = findEntitySet(scope.model, source.targetSet);
    if (entitySet === undefined) throw new Error(`Navigation target ${source.targetSet} missing from the model`);
    return { kind: 'entity', entitySet, alias: source.hop.alias };
  }
  const element: ColumnRef = { ...source.column, alias: source.alias, column: 'v', collection: false, nullable: true };
  return { kind: 'element', element };
}

/**
 * Binds `collection/any(v: …)` and `collection/all(v: …)` over an array column or a to-many
 * navigation property. The predicate is bound in a scope one level deeper, where `v` names the
 * element or related entity and unprefixed paths still name the outer entity.
 */
export function bindLambda(expr: LambdaExpr, scope: BindScope, bindPredicate: (predicate: Expr, inner: BindScope) => BoundExpr): BoundExpr {
  const source = collectionOf(expr, scope);
  if (expr.predicate === undefined || expr.variable === undefined) {
    if (expr.op === 'all') {
      throw new ODataError(400, ErrorCodes.invalidArgument, `'all' needs a lambda variable and a predicate`, { target: scope.target });
    }
    return { kind: 'lambda', op: 'any', source, predicate: null, type: booleanType, nullable: false };
  }
  if (scope.variables.has(expr.variable) || expr.variable === '$it') {
    throw new ODataError(400, ErrorCodes.invalidArgument, `The lambda variable '${expr.variable}' is already in use`, { target: scope.target });
  }
  const inner: BindScope = {
    ...scope,
    variables: new Map([...scope.variables, [expr.variable, variableOf(source, scope)]]),
    depth: scope.depth + 1,
  };
  return { kind: 'lambda', op: expr.op, source, predicate: bindPredicate(expr.predicate, inner), type: booleanType, nullable: false };
}
