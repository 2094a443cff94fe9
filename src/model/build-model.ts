import type { Catalog, CatalogColumn, CatalogForeignKey, CatalogRelation } from './catalog.js';
import type {
  EdmEntitySet,
  EdmEntityType,
  EdmEnumType,
  EdmModel,
  EdmNavigationProperty,
  EdmPrimitiveName,
  EdmProperty,
  EtagSource,
} from './edm-model.js';
import { claimName, isSimpleIdentifier, toIdentifier, toPascalCase, toSingular } from './edm-names.js';
import { mapPgType } from './map-pg-type.js';
import { ModelConfigError, overrideFor, type EntitySetOverride, type ModelConfig } from './model-config.js';

export interface BuildModelOptions {
  readonly namespace: string;
  readonly config: ModelConfig;
}

export interface BuiltModel {
  readonly model: EdmModel;
  /** Facts worth a log line at start, e.g. sets that are not addressable by key. */
  readonly notices: readonly string[];
}

const KEYABLE: ReadonlySet<EdmPrimitiveName> = new Set<EdmPrimitiveName>([
  'Edm.Boolean', 'Edm.Byte', 'Edm.Date', 'Edm.DateTimeOffset', 'Edm.Decimal', 'Edm.Duration', 'Edm.Guid',
  'Edm.Int16', 'Edm.Int32', 'Edm.Int64', 'Edm.SByte', 'Edm.String', 'Edm.TimeOfDay',
]);

interface Draft {
  readonly relation: CatalogRelation;
  readonly override: EntitySetOverride;
  readonly setName: string;
  readonly typeName: string;
  readonly properties: readonly EdmProperty[];
  readonly byColumn: ReadonlyMap<string, EdmProperty>;
  readonly key: readonly string[] | null;
  readonly alternateKeys: readonly (readonly string[])[];
  readonly navigation: EdmNavigationProperty[];
  readonly memberNames: Set<string>;
}

function relationId(schema: string, name: string): string {
  return `${schema}.${name}`;
}

function enumTypes(catalog: Catalog, namespace: string, used: ReadonlySet<string>): Map<string, EdmEnumType> {
  const taken = new Set<string>();
  const result = new Map<string, EdmEnumType>();
  for (const entry of catalog.enums) {
    const id = relationId(entry.schema, entry.name);
    // An enum whose labels are not OData identifiers is exposed as text (see mapPgType's fallback).
    if (!used.has(id) || entry.labels.length === 0 || !entry.labels.every(isSimpleIdentifier)) continue;
    const name = claimName(toPascalCase(entry.name), taken);
    result.set(id, { name, qualifiedName: `${namespace}.${name}`, members: entry.labels, pgSchema: entry.schema, pgName: entry.name });
  }
  return result;
}

function buildProperty(column: CatalogColumn, name: string, enums: ReadonlyMap<string, EdmEnumType>): EdmProperty {
  const mapped = mapPgType(column);
  const enumType = mapped.type === 'enum' ? enums.get(relationId(column.typeSchema, column.typeName)) : undefined;
  const textFallback = mapped.textFallback || (mapped.type === 'enum' && enumType === undefined);
  return {
    name,
    column: column.name,
    type:
      enumType !== undefined
        ? { kind: 'enum', name: enumType.name, qualifiedName: enumType.qualifiedName }
        : { kind: 'primitive', name: mapped.type === 'enum' ? 'Edm.String' : mapped.type },
    collection: column.isArray,
    // For a collection, CSDL's Nullable speaks of the elements, which a Postgres array may hold as NULL.
    nullable: column.isArray || !column.notNull,
    ...(mapped.maxLength !== undefined ? { maxLength: mapped.maxLength } : {}),
    ...(mapped.precision !== undefined ? { precision: mapped.precision } : {}),
    ...(mapped.scale !== undefined ? { scale: mapped.scale } : {}),
    pgType: { schema: column.typeSchema, name: column.typeName, formatted: column.formatted, isArray: column.isArray },
    hasDefault: column.hasDefault || column.generation !== null,
    computed: column.generation === 'identityAlways' || column.generation === 'stored',
    textFallback,
  };
}

function isKeyable(property: EdmProperty | undefined): property is EdmProperty {
  return (
    property !== undefined &&
    !property.collection &&
    !property.textFallback &&
    (property.type.kind === 'enum' || KEYABLE.has(property.type.name))
  );
}

/** Maps key columns to property names; `null` when a column is hidden or not usable as a key. */
function keyOf(columns: readonly string[], byColumn: ReadonlyMap<string, EdmProperty>, requireNotNull: boolean): string[] | null {
  const names: string[] = [];
  for (const column of columns) {
    const property = byColumn.get(column);
    if (!isKeyable(property) || (requireNotNull && property.nullable)) return null;
    names.push(property.name);
  }
  return names;
}

function draftRelation(
  relation: CatalogRelation,
  override: EntitySetOverride,
  names: { setName: string; typeName: string },
  enums: ReadonlyMap<string, EdmEnumType>,
  notices: string[],
): Draft {
  const propertyOverrides = override.properties ?? {};
  const taken = new Set<string>();
  const properties: EdmProperty[] = [];
  for (const column of relation.columns) {
    const columnOverride = propertyOverrides[column.name] ?? {};
    if (columnOverride.hidden === true) continue;
    const requested = columnOverride.name ?? column.name;
    if (columnOverride.name !== undefined && !isSimpleIdentifier(columnOverride.name)) {
      throw new ModelConfigError(`Model config: property name "${columnOverride.name}" is not a valid OData identifier`);
    }
    properties.push(buildProperty(column, claimName(toIdentifier(requested), taken), enums));
  }
  const byColumn = new Map(properties.map((property) => [property.column, property]));
  for (const column of Object.keys(propertyOverrides)) {
    if (!relation.columns.some((candidate) => candidate.name === column)) {
      throw new ModelConfigError(`Model config: ${relation.schema}.${relation.name} has no column "${column}"`);
    }
  }
  const keyColumns = override.key ?? relation.primaryKey;
  const key = keyColumns === null ? null : keyOf(keyColumns, byColumn, false);
  if (keyColumns === null) {
    notices.push(`${names.setName} (${relation.schema}.${relation.name}) has no primary key: readable, but not addressable by key`);
  } else if (key === null) {
    notices.push(`${names.setName} (${relation.schema}.${relation.name}): key columns are hidden or of a type that cannot be a key; not addressable by key`);
  }
  const alternateKeys = relation.uniqueKeys
    .map((columns) => keyOf(columns, byColumn, true))
    .filter((names): names is string[] => names !== null && (key === null || names.join() !== key.join()));
  return {
    relation,
    override,
    setName: names.setName,
    typeName: names.typeName,
    properties,
    byColumn,
    key: key === null ? null : key.map((name) => name),
    alternateKeys,
    navigation: [],
    memberNames: taken,
  };
}

function searchableOf(draft: Draft): string[] {
  const configured = draft.override.search;
  if (configured === undefined) {
    return draft.properties
      .filter((property) => !property.collection && !property.textFallback && property.type.kind === 'primitive' && property.type.name === 'Edm.String')
      .map((property) => property.name);
  }
  return configured.map((column) => {
    const property = draft.byColumn.get(column);
    if (property === undefined || property.collection) {
      throw new ModelConfigError(`Model config: search column "${column}" of ${draft.relation.schema}.${draft.relation.name} is not a visible single-valued column`);
    }
    return property.name;
  });
}

const INCREMENTED = new Set(['int2', 'int4', 'int8']);
const TIMESTAMPED = new Set(['timestamp', 'timestamptz']);

/**
 * The set's ETag source: the configured version column, else the row's `xmin` for a table; a view
 * without one has no ETag. The service advances integer and timestamp columns itself.
 */
function etagOf(draft: Draft): EtagSource | null {
  const { relation, override } = draft;
  const name = override.etagColumn;
  if (name === undefined) return relation.kind === 'table' ? { kind: 'xmin' } : null;
  const column = relation.columns.find((candidate) => candidate.name === name);
  if (column === undefined) {
    throw new ModelConfigError(`Model config: etagColumn "${name}" of ${draft.setName} (${relation.schema}.${relation.name}) is not a column`);
  }
  const advance = column.isArray ? 'none' : INCREMENTED.has(column.typeName) ? 'increment' : TIMESTAMPED.has(column.typeName) ? 'timestamp' : 'none';
  return { kind: 'column', column: name, advance };
}

/** The configured Guid key column, as its property: a visible, not-null uuid column with a unique index. */
function guidKeyOf(draft: Draft): { guidKey?: string } {
  const column = draft.override.guidKey;
  if (column === undefined) return {};
  const property = draft.byColumn.get(column);
  const unique = property !== undefined && draft.alternateKeys.some((key) => key.length === 1 && key[0] === property.name);
  const isKey = property !== undefined && draft.key?.length === 1 && draft.key[0] === property.name;
  if (property === undefined || property.nullable || property.collection || property.type.kind !== 'primitive' || property.type.name !== 'Edm.Guid' || !(unique || isKey)) {
    throw new ModelConfigError(
      `Model config: guidKey "${column}" of ${draft.setName} (${draft.relation.schema}.${draft.relation.name}) must be a visible, not-null uuid column with a unique index`,
    );
  }
  return { guidKey: property.name };
}

function requireIfMatchOf(draft: Draft, etag: EtagSource | null): boolean {
  const required = draft.override.requireIfMatch === true;
  if (required && etag === null) {
    throw new ModelConfigError(
      `Model config: requireIfMatch on ${draft.setName} (${draft.relation.schema}.${draft.relation.name}) needs an ETag: a view needs an etagColumn`,
    );
  }
  return required;
}

/**
 * Change tracking of a tracked table whose entity key is its primary key (the columns the trigger
 * records, in any order); otherwise null, and a tracked table says in `notices` why its set has no
 * delta links.
 */
function changeTrackingOf(draft: Draft, notices: string[]): EdmEntitySet['changeTracking'] {
  const { relation } = draft;
  if (!relation.tracked) return null;
  const primaryKey = relation.primaryKey;
  const keyColumns = draft.key?.map((name) => draft.properties.find((property) => property.name === name)?.column) ?? null;
  const subject = `${draft.setName} (${relation.schema}.${relation.name}) is change-tracked`;
  if (primaryKey === null) {
    notices.push(`${subject}, but has no primary key: delta links are off for this set`);
    return null;
  }
  const samePrimaryKey = keyColumns !== null && keyColumns.length === primaryKey.length && primaryKey.every((column) => keyColumns.includes(column));
  if (!samePrimaryKey) {
    const entityKey = keyColumns === null ? 'none usable' : keyColumns.join(', ');
    notices.push(`${subject}, but its entity key (${entityKey}) is not its primary key (${primaryKey.join(', ')}), which the change log records: delta links are off for this set`);
    return null;
  }
  return { keyColumns: primaryKey };
}

function forwardName(foreignKey: CatalogForeignKey, target: Draft): string {
  if (foreignKey.columns.length === 1) {
    const column = foreignKey.columns[0] as string;
    const stripped = column.replace(/_?id$/i, '');
    if (stripped.length > 0 && stripped !== column) return toIdentifier(stripped);
  }
  return toIdentifier(target.typeName.charAt(0).toLowerCase() + target.typeName.slice(1));
}

function addNavigation(source: Draft, target: Draft, foreignKey: CatalogForeignKey): void {
  const sourceProps = foreignKey.columns.map((column) => source.byColumn.get(column));
  const targetProps = foreignKey.targetColumns.map((column) => target.byColumn.get(column));
  if (sourceProps.some((p) => p === undefined) || targetProps.some((p) => p === undefined)) return;
  const dependent = sourceProps as EdmProperty[];
  const principal = targetProps as EdmProperty[];
  const forward = claimName(forwardName(foreignKey, target), source.memberNames);
  const reverseBase = toIdentifier(source.relation.name);
  const reverse = target.memberNames.has(reverseBase) ? `${reverseBase}_${forward}` : reverseBase;
  const reverseName = claimName(reverse, target.memberNames);
  const unique = [source.key, ...source.alternateKeys].some(
    (key) => key !== null && key.length === dependent.length && dependent.every((p) => key.includes(p.name)),
  );
  source.navigation.push({
    name: forward,
    targetSet: target.setName,
    collection: false,
    nullable: dependent.some((property) => property.nullable),
    partner: reverseName,
    constraints: dependent.map((property, index) => ({
      property: property.name,
      referencedProperty: (principal[index] as EdmProperty).name,
    })),
    join: dependent.map((property, index) => ({ sourceColumn: property.column, targetColumn: (principal[index] as EdmProperty).column })),
  });
  target.navigation.push({
    name: reverseName,
    targetSet: source.setName,
    collection: !unique,
    nullable: true,
    partner: forward,
    constraints: [],
    join: principal.map((property, index) => ({ sourceColumn: property.column, targetColumn: (dependent[index] as EdmProperty).column })),
  });
}

function entitySetNames(relations: readonly CatalogRelation[], config: ModelConfig): Map<CatalogRelation, { setName: string; typeName: string }> {
  const setNames = new Set<string>();
  const typeNames = new Set<string>();
  const result = new Map<CatalogRelation, { setName: string; typeName: string }>();
  const requested = relations.map((relation) => {
    const override = overrideFor(config, relation.schema, relation.name);
    for (const [field, value] of [['name', override.name], ['entityType', override.entityType]] as const) {
      if (value !== undefined && !isSimpleIdentifier(value)) {
        throw new ModelConfigError(`Model config: ${field} "${value}" of ${relation.schema}.${relation.name} is not a valid OData identifier`);
      }
    }
    return { relation, override, base: override.name ?? toPascalCase(relation.name) };
  });
  const counts = new Map<string, number>();
  for (const { base } of requested) counts.set(base, (counts.get(base) ?? 0) + 1);
  for (const { relation, override, base } of requested) {
    const name = (counts.get(base) ?? 0) > 1 && override.name === undefined ? `${toPascalCase(relation.schema)}${base}` : base;
    const setName = claimName(name, setNames);
    const typeName = claimName(override.entityType ?? toSingular(setName), typeNames);
    result.set(relation, { setName, typeName });
  }
  return result;
}

/** Builds the EDM model from the catalog and the model config. Pure. */
export function buildModel(catalog: Catalog, options: BuildModelOptions): BuiltModel {
  const { namespace, config } = options;
  const visible = catalog.relations.filter((relation) => overrideFor(config, relation.schema, relation.name).hidden !== true);
  const usedEnums = new Set(
    visible.flatMap((relation) => relation.columns.filter((c) => c.typeKind === 'e').map((c) => relationId(c.typeSchema, c.typeName))),
  );
  const enums = enumTypes(catalog, namespace, usedEnums);
  const names = entitySetNames(visible, config);
  const notices: string[] = [];
  const drafts = new Map<string, Draft>();
  for (const relation of visible) {
    const override = overrideFor(config, relation.schema, relation.name);
    const draft = draftRelation(relation, override, names.get(relation) as { setName: string; typeName: string }, enums, notices);
    drafts.set(relationId(relation.schema, relation.name), draft);
  }
  for (const draft of drafts.values()) {
    for (const foreignKey of draft.relation.foreignKeys) {
      const target = drafts.get(relationId(foreignKey.targetSchema, foreignKey.targetTable));
      if (target !== undefined) addNavigation(draft, target, foreignKey);
    }
  }
  const entitySets: EdmEntitySet[] = [...drafts.values()].map((draft) => {
    const entityType: EdmEntityType = {
      name: draft.typeName,
      qualifiedName: `${namespace}.${draft.typeName}`,
      properties: draft.properties,
      key: draft.key,
      alternateKeys: draft.alternateKeys,
      navigationProperties: draft.navigation,
    };
    const etag = etagOf(draft);
    return {
      name: draft.setName,
      entityType,
      table: { schema: draft.relation.schema, name: draft.relation.name, kind: draft.relation.kind },
      readOnly: draft.override.readOnly === true || draft.relation.kind === 'view',
      searchable: searchableOf(draft),
      maxPageSize: draft.override.maxPageSize ?? null,
      estimateCountAbove: draft.override.estimateCountAbove ?? null,
      etag,
      requireIfMatch: requireIfMatchOf(draft, etag),
      constraints: draft.relation.constraints,
      changeTracking: changeTrackingOf(draft, notices),
      ...guidKeyOf(draft),
    };
  });
  return {
    model: { namespace, containerName: 'Container', entitySets, enumTypes: [...enums.values()] },
    notices,
  };
}
