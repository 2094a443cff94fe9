import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EdmModel, EdmNavigationProperty } from '../model/edm-model.js';

/** Qualified name of the entity type a navigation property leads to (through its target set). */
export function navigationTargetType(model: EdmModel, navigation: EdmNavigationProperty): string {
  const target = model.entitySets.find((entitySet) => entitySet.name === navigation.targetSet);
  if (target === undefined) {
    throw new ODataError(
      500,
      ErrorCodes.internal,
      `Navigation property '${navigation.name}' targets the unknown entity set '${navigation.targetSet}'`,
    );
  }
  return target.entityType.qualifiedName;
}
