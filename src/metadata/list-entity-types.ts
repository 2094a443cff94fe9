import type { EdmEntityType, EdmModel } from '../model/edm-model.js';

/** The entity types of the model's sets in set order, each once even when several sets share it. */
export function listEntityTypes(model: EdmModel): readonly EdmEntityType[] {
  const byName = new Map<string, EdmEntityType>();
  for (const entitySet of model.entitySets) {
    const entityType = entitySet.entityType;
    if (!byName.has(entityType.qualifiedName)) {
      byName.set(entityType.qualifiedName, entityType);
    }
  }
  return [...byName.values()];
}
