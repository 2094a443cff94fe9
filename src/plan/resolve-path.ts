import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EdmEntitySet, EdmModel, EdmNavigationProperty } from '../model/edm-model.js';
import { findEntitySet, findNavigationProperty } from '../model/find-in-model.js';
import type { KeyPredicate, PathSegment } from '../parse/syntax.js';
import { allOf } from './all-of.js';
import { booleanType, type BoundExpr, type Hop } from './bound-expr.js';
import { rootScope, type BindScope, type PlanLimits } from './plan-context.js';
import { planKey } from './plan-key.js';

/** One step of a resource path: an entity set or a navigation from the step before, with an optional key. */
interface Step {
  readonly set: EdmEntitySet;
  readonly key: KeyPredicate | undefined;
  readonly via: EdmNavigationProperty | undefined;
  /** Addresses one entity: a key, or a single-valued navigation from one entity. */
  readonly single: boolean;
}

/** The entity or entities a resource path addresses, and the segments after them. */
export interface Resource {
  readonly set: EdmEntitySet;
  readonly single: boolean;
  /** The condition on the addressed set (alias `t0`): its key, and the navigation it came through. */
  readonly restrict: BoundExpr | null;
  /** For an entity reached over navigation: the entity it was reached from, to tell 204 (no related entity) from 404. */
  readonly parent: { readonly set: EdmEntitySet; readonly restrict: BoundExpr } | null;
  /** The key of the addressed entity when the path gave it (for context URLs). */
  readonly key: KeyPredicate | undefined;
  readonly rest: readonly PathSegment[];
}

/**
 * The condition that picks step `index`'s rows under `alias`: its key, and "some row of the step
 * before, itself so restricted, leads here" (an EXISTS over the navigation's join).
 */
function restrictStep(steps: readonly Step[], index: number, alias: string, model: EdmModel, limits: PlanLimits | undefined): BoundExpr | null {
  const step = steps[index] as Step;
  const scope: BindScope = rootScope(model, step.set, alias, step.set.name, limits);
  const conditions: BoundExpr[] = step.key === undefined ? [] : [planKey(step.key, scope)];
  const previous = steps[index - 1];
  if (previous !== undefined && step.via !== undefined) {
    const previousAlias = `p${index - 1}`;
    const hop: Hop = {
      schema: previous.set.table.schema,
      table: previous.set.table.name,
      alias: previousAlias,
      outerAlias: alias,
      pairs: step.via.join.map((pair) => ({ outerColumn: pair.targetColumn, innerColumn: pair.sourceColumn })),
    };
    conditions.push({
      kind: 'lambda',
      op: 'any',
      source: { kind: 'navigation', hop, targetSet: previous.set.name },
      predicate: restrictStep(steps, index - 1, previousAlias, model, limits),
      type: booleanType,
      nullable: false,
    });
  }
  return allOf(conditions);
}

/**
 * Walks `Set(key)/nav(key)/nav…` to the addressed entity or collection. A collection must be
 * narrowed to one entity by a key before navigating on.
 */
export function resolvePath(first: EdmEntitySet, key: KeyPredicate | undefined, segments: readonly PathSegment[], model: EdmModel, limits?: PlanLimits): Resource {
  const steps: Step[] = [{ set: first, key, via: undefined, single: key !== undefined }];
  let index = 0;
  for (; index < segments.length; index += 1) {
    const segment = segments[index] as PathSegment;
    const current = steps[steps.length - 1] as Step;
    if (segment.kind !== 'identifier') break;
    const navigation = findNavigationProperty(current.set, segment.name);
    if (navigation === undefined) break;
    if (!current.single) {
      throw new ODataError(400, ErrorCodes.notAddressable, `Address one ${current.set.entityType.name} by its key before navigating to '${segment.name}'`, {
        target: 'path',
      });
    }
    const target = findEntitySet(model, navigation.targetSet);
    if (target === undefined) throw new Error(`Navigation target ${navigation.targetSet} missing from the model`);
    if (segment.key !== undefined && !navigation.collection) {
      throw new ODataError(400, ErrorCodes.invalidKey, `'${segment.name}' is single-valued: it takes no key`, { target: 'path' });
    }
    steps.push({ set: target, key: segment.key, via: navigation, single: !navigation.collection || segment.key !== undefined });
  }
  const last = steps[steps.length - 1] as Step;
  const lastIndex = steps.length - 1;
  const throughSingleNavigation = last.via !== undefined && !last.via.collection;
  const parentRestrict = throughSingleNavigation ? restrictStep(steps, lastIndex - 1, 't0', model, limits) : null;
  return {
    set: last.set,
    single: last.single,
    restrict: restrictStep(steps, lastIndex, 't0', model, limits),
    parent: parentRestrict === null ? null : { set: (steps[lastIndex - 1] as Step).set, restrict: parentRestrict },
    key: last.key,
    rest: segments.slice(index),
  };
}
