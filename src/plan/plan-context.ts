import type { EdmEntitySet, EdmModel } from '../model/edm-model.js';
import type { BoundExpr, ColumnRef } from './bound-expr.js';

/** A lambda variable: an entity of a navigation collection, or an element of an array column. */
export type LambdaVariable =
  | { readonly kind: 'entity'; readonly entitySet: EdmEntitySet; readonly alias: string }
  | { readonly kind: 'element'; readonly element: ColumnRef };

/** Limits the planner enforces, each answered with a 400 naming the option. */
export interface PlanLimits {
  /** Values in one `in (…)` list. */
  readonly maxInList: number;
  /** Items of `$orderby`. */
  readonly maxOrderByItems: number;
  /** Levels of nested `$expand` (and `$levels=max`). */
  readonly maxExpandDepth: number;
}

export const defaultPlanLimits: PlanLimits = { maxInList: 5000, maxOrderByItems: 32, maxExpandDepth: 4 };

/** What binding an expression needs: the model, the entity set in scope and its SQL alias. */
export interface BindScope {
  readonly model: EdmModel;
  readonly entitySet: EdmEntitySet;
  readonly alias: string;
  /** The query option being bound (`$filter`, `$orderby`), used as the error target. */
  readonly target: string;
  /** Lambda variables in scope, by name. */
  readonly variables: ReadonlyMap<string, LambdaVariable>;
  /** How deeply nested in subqueries this scope is: new aliases are made from it, so they never clash. */
  readonly depth: number;
  /** Properties defined by `$compute`, by alias. */
  readonly computed: ReadonlyMap<string, BoundExpr>;
  readonly limits: PlanLimits;
}

export function rootScope(model: EdmModel, entitySet: EdmEntitySet, alias: string, target: string, limits = defaultPlanLimits): BindScope {
  return { model, entitySet, alias, target, variables: new Map(), depth: 0, computed: new Map(), limits };
}
