import type { EdmEntitySet, EdmEnumType, EdmModel, EdmNavigationProperty, EdmProperty } from './edm-model.js';

export function findEntitySet(model: EdmModel, name: string): EdmEntitySet | undefined {
  return model.entitySets.find((set) => set.name === name);
}

export function findProperty(set: EdmEntitySet, name: string): EdmProperty | undefined {
  return set.entityType.properties.find((property) => property.name === name);
}

export function findNavigationProperty(set: EdmEntitySet, name: string): EdmNavigationProperty | undefined {
  return set.entityType.navigationProperties.find((navigation) => navigation.name === name);
}

export function findEnumType(model: EdmModel, qualifiedName: string): EdmEnumType | undefined {
  return model.enumTypes.find((type) => type.qualifiedName === qualifiedName);
}
