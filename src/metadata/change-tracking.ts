import type { EdmEntitySet } from '../model/edm-model.js';

/**
 * The `FilterableProperties` of `Capabilities.ChangeTracking` on a change-tracked set: every
 * single-valued structural property, which a delta request may filter on (navigation never is).
 * `null`: the set is not tracked and not annotated.
 */
export function changeTrackingFilterablePaths(entitySet: EdmEntitySet): readonly string[] | null {
  if (entitySet.changeTracking === null) return null;
  return entitySet.entityType.properties.filter((property) => !property.collection).map((property) => property.name);
}
