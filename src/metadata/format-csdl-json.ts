/**
 * `$metadata` as CSDL JSON 4.01: the same schema as the XML document, in the JSON shapes of the
 * OASIS CSDL JSON specification (defaults omitted: `$Kind` of properties, `$Type` Edm.String,
 * `$Nullable` false, enum `$UnderlyingType` Edm.Int32). Members keep model order.
 */
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import {
  countIsEstimateTerm,
  primaryNameTerm,
  usesCountEstimates,
  usesPrimaryName,
  type EdmEntitySet,
  type EdmEntityType,
  type EdmEnumType,
  type EdmModel,
  type EdmNavigationProperty,
  type EdmProperty,
} from '../model/edm-model.js';
import { changeTrackingFilterablePaths } from './change-tracking.js';
import {
  changeTrackingTerm,
  coreVocabulary,
  countIsEstimateDescription,
  primaryNameDescription,
  readOnlyRestrictions,
  termName,
  vocabularyReferences,
  type VocabularyReference,
} from './csdl-vocabularies.js';
import { listEntityTypes } from './list-entity-types.js';
import { navigationTargetType } from './navigation-target-type.js';
import { optimisticConcurrencyPaths } from './optimistic-concurrency.js';
import { propertyTypeName } from './property-type-name.js';

type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;
type JsonObject = { readonly [member: string]: JsonValue };
type JsonMember = readonly [string, JsonValue];

export function formatCsdlJson(model: EdmModel): object {
  return {
    $Version: '4.01',
    $EntityContainer: `${model.namespace}.${model.containerName}`,
    $Reference: Object.fromEntries(vocabularyReferences(model).map(referenceMember)),
    [model.namespace]: schemaObject(model),
  };
}

function referenceMember(vocabulary: VocabularyReference): JsonMember {
  return [vocabulary.jsonUri, { $Include: [{ $Namespace: vocabulary.namespace, $Alias: vocabulary.alias }] }];
}

function schemaObject(model: EdmModel): JsonObject {
  return uniqueMembers(model.namespace, [
    ...(usesCountEstimates(model) ? [countIsEstimateMember()] : []),
    ...(usesPrimaryName(model) ? [primaryNameTermMember()] : []),
    ...model.enumTypes.map(enumTypeMember),
    ...listEntityTypes(model).map((entityType) => entityTypeMember(model, entityType)),
    [model.containerName, entityContainerObject(model)],
  ]);
}

function countIsEstimateMember(): JsonMember {
  return [
    countIsEstimateTerm,
    { $Kind: 'Term', $Type: 'Edm.Boolean', [`@${termName(coreVocabulary, 'Description')}`]: countIsEstimateDescription },
  ];
}

function primaryNameTermMember(): JsonMember {
  return [
    primaryNameTerm,
    { $Kind: 'Term', $Type: 'Edm.PropertyPath', $AppliesTo: ['EntityType'], [`@${termName(coreVocabulary, 'Description')}`]: primaryNameDescription },
  ];
}

/** Members are numbered in declaration order. */
function enumTypeMember(enumType: EdmEnumType): JsonMember {
  return [
    enumType.name,
    uniqueMembers(enumType.qualifiedName, [
      ['$Kind', 'EnumType'],
      ...enumType.members.map((member, index): JsonMember => [member, index]),
    ]),
  ];
}

function entityTypeMember(model: EdmModel, entityType: EdmEntityType): JsonMember {
  return [
    entityType.name,
    uniqueMembers(entityType.qualifiedName, [
      ['$Kind', 'EntityType'],
      ...(entityType.key === null ? [] : [['$Key', entityType.key] as const]),
      ...entityType.properties.map((property): JsonMember => [property.name, propertyObject(property)]),
      ...entityType.navigationProperties.map((navigation): JsonMember => [
        navigation.name,
        navigationPropertyObject(model, navigation),
      ]),
      ...alternateKeysMembers(entityType.alternateKeys),
      ...(entityType.primaryName === undefined ? [] : [[`@${model.namespace}.${primaryNameTerm}`, { $PropertyPath: entityType.primaryName }] as const]),
    ]),
  ];
}

function propertyObject(property: EdmProperty): JsonObject {
  const typeName = propertyTypeName(property.type);
  return definedMembers({
    $Type: typeName === 'Edm.String' ? undefined : typeName,
    $Collection: property.collection ? true : undefined,
    $Nullable: property.nullable ? true : undefined,
    $MaxLength: property.maxLength,
    $Precision: property.precision,
    $Scale: property.scale,
    [`@${termName(coreVocabulary, 'Computed')}`]: property.computed ? true : undefined,
  });
}

/** `$Nullable` only on single-valued navigation; `$ReferentialConstraint` maps dependent → principal. */
function navigationPropertyObject(model: EdmModel, navigation: EdmNavigationProperty): JsonObject {
  return definedMembers({
    $Kind: 'NavigationProperty',
    $Type: navigationTargetType(model, navigation),
    $Collection: navigation.collection ? true : undefined,
    $Nullable: !navigation.collection && navigation.nullable ? true : undefined,
    $Partner: navigation.partner,
    $ReferentialConstraint:
      navigation.constraints.length === 0
        ? undefined
        : Object.fromEntries(
            navigation.constraints.map((constraint) => [constraint.property, constraint.referencedProperty]),
          ),
  });
}

/**
 * `Core.AlternateKeys`: records typed as the term says (so no `@type`), property paths as
 * plain strings, as CSDL JSON writes path expressions.
 */
function alternateKeysMembers(alternateKeys: readonly (readonly string[])[]): JsonMember[] {
  if (alternateKeys.length === 0) {
    return [];
  }
  return [
    [
      `@${termName(coreVocabulary, 'AlternateKeys')}`,
      alternateKeys.map((key) => ({ Key: key.map((name) => ({ Name: name })) })),
    ],
  ];
}

function entityContainerObject(model: EdmModel): JsonObject {
  return uniqueMembers(model.containerName, [
    ['$Kind', 'EntityContainer'],
    ...model.entitySets.map((entitySet): JsonMember => [entitySet.name, entitySetObject(entitySet)]),
  ]);
}

function entitySetObject(entitySet: EdmEntitySet): JsonObject {
  const navigations = entitySet.entityType.navigationProperties;
  return definedMembers({
    $Collection: true,
    $Type: entitySet.entityType.qualifiedName,
    $NavigationPropertyBinding:
      navigations.length === 0
        ? undefined
        : Object.fromEntries(navigations.map((navigation) => [navigation.name, navigation.targetSet])),
    ...(entitySet.readOnly ? readOnlyAnnotations() : {}),
    [`@${termName(coreVocabulary, 'OptimisticConcurrency')}`]: optimisticConcurrencyPaths(entitySet) ?? undefined,
    [`@${changeTrackingTerm}`]: changeTrackingAnnotation(entitySet),
  });
}

/** `Capabilities.ChangeTracking` on a tracked set: supported, filterable on its single-valued properties, expanding nothing (delta responses do not expand). */
function changeTrackingAnnotation(entitySet: EdmEntitySet): JsonObject | undefined {
  const filterable = changeTrackingFilterablePaths(entitySet);
  return filterable === null ? undefined : { Supported: true, FilterableProperties: filterable, ExpandableProperties: [] };
}

function readOnlyAnnotations(): JsonObject {
  return Object.fromEntries(readOnlyRestrictions.map(({ term, property }) => [`@${term}`, { [property]: false }]));
}

/** Leaves out members whose value is `undefined` (the CSDL default applies). */
function definedMembers(members: { readonly [member: string]: JsonValue | undefined }): JsonObject {
  return Object.fromEntries(
    Object.entries(members).filter((member): member is [string, JsonValue] => member[1] !== undefined),
  );
}

/**
 * An object from members whose names must differ: a clash (say an enum and an entity type of one
 * name) would silently drop a member in JSON, so it is a model bug reported here.
 */
function uniqueMembers(owner: string, members: readonly JsonMember[]): JsonObject {
  const object: Record<string, JsonValue> = {};
  for (const [name, value] of members) {
    if (Object.hasOwn(object, name)) {
      throw new ODataError(500, ErrorCodes.internal, `Duplicate name '${name}' in '${owner}'`);
    }
    object[name] = value;
  }
  return object;
}
