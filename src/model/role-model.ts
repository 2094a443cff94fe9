import type { EdmEntitySet, EdmEntityType, EdmModel, EdmNavigationProperty } from './edm-model.js';

/** The columns a role may SELECT, by table (`tableKey`); a table absent or with no columns is not readable. */
export type RolePrivileges = ReadonlyMap<string, ReadonlySet<string>>;

export function tableKey(schema: string, table: string): string {
  return `${schema}.${table}`;
}

function readableColumnsOf(set: EdmEntitySet, privileges: RolePrivileges): ReadonlySet<string> {
  return privileges.get(tableKey(set.table.schema, set.table.name)) ?? new Set();
}

/** A set is served to the role when it may read the set's key (and so at least one column). */
function isReadable(set: EdmEntitySet, privileges: RolePrivileges): boolean {
  const columns = readableColumnsOf(set, privileges);
  if (columns.size === 0) return false;
  const key = set.entityType.key ?? [];
  return key.every((name) => {
    const property = set.entityType.properties.find((candidate) => candidate.name === name);
    return property !== undefined && columns.has(property.column);
  });
}

/**
 * The set with the properties the role may read; navigation properties whose target or join columns
 * it may not read are left out (a partner goes with it: it joins on the same columns).
 */
function trimSet(set: EdmEntitySet, kept: ReadonlyMap<string, EdmEntitySet>, privileges: RolePrivileges): EdmEntitySet {
  const columns = readableColumnsOf(set, privileges);
  const properties = set.entityType.properties.filter((property) => columns.has(property.column));
  const names = new Set(properties.map((property) => property.name));
  const navigable = (navigation: EdmNavigationProperty): boolean => {
    const target = kept.get(navigation.targetSet);
    if (target === undefined) return false;
    const targetColumns = readableColumnsOf(target, privileges);
    return navigation.join.every((pair) => columns.has(pair.sourceColumn) && targetColumns.has(pair.targetColumn));
  };
  const entityType: EdmEntityType = {
    ...set.entityType,
    properties,
    alternateKeys: set.entityType.alternateKeys.filter((key) => key.every((name) => names.has(name))),
    navigationProperties: set.entityType.navigationProperties.filter(navigable),
  };
  return { ...set, entityType, searchable: set.searchable.filter((name) => names.has(name)) };
}

/**
 * The model as a role sees it: the entity sets whose key it may read, each with the properties
 * whose column it may read, and the navigation properties between what is left. `$metadata`, the
 * service document and the planner of the role's requests read this model.
 */
export function modelForRole(model: EdmModel, privileges: RolePrivileges): EdmModel {
  const readable = model.entitySets.filter((set) => isReadable(set, privileges));
  const kept = new Map(readable.map((set) => [set.name, set]));
  return { ...model, entitySets: readable.map((set) => trimSet(set, kept, privileges)) };
}
