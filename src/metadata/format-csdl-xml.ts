/**
 * `$metadata` as OData 4.0 CSDL XML. One schema in the model's namespace: the `CountIsEstimate` term when a set uses it, enum types, the entity
 * types of the sets (each once), and the entity container. Pure: the same model gives the same text.
 */
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
import { writeXml, xmlElement, xmlTextElement, type XmlAttributes, type XmlElement } from './write-xml.js';

const edmxNamespace = 'http://docs.oasis-open.org/odata/ns/edmx';
const edmNamespace = 'http://docs.oasis-open.org/odata/ns/edm';

export function formatCsdlXml(model: EdmModel): string {
  return writeXml(
    xmlElement('edmx:Edmx', { Version: '4.0', 'xmlns:edmx': edmxNamespace }, [
      ...vocabularyReferences(model).map(referenceElement),
      xmlElement('edmx:DataServices', {}, [schemaElement(model)]),
    ]),
  );
}

function referenceElement(vocabulary: VocabularyReference): XmlElement {
  return xmlElement('edmx:Reference', { Uri: vocabulary.xmlUri }, [
    xmlElement('edmx:Include', { Namespace: vocabulary.namespace, Alias: vocabulary.alias }),
  ]);
}

function schemaElement(model: EdmModel): XmlElement {
  return xmlElement('Schema', { xmlns: edmNamespace, Namespace: model.namespace }, [
    ...(usesCountEstimates(model) ? [countIsEstimateElement()] : []),
    ...(usesPrimaryName(model) ? [primaryNameTermElement()] : []),
    ...model.enumTypes.map(enumTypeElement),
    ...listEntityTypes(model).map((entityType) => entityTypeElement(model, entityType)),
    entityContainerElement(model),
  ]);
}

function countIsEstimateElement(): XmlElement {
  return xmlElement('Term', { Name: countIsEstimateTerm, Type: 'Edm.Boolean', Nullable: 'false' }, [
    annotation(termName(coreVocabulary, 'Description'), { String: countIsEstimateDescription }),
  ]);
}

function primaryNameTermElement(): XmlElement {
  return xmlElement('Term', { Name: primaryNameTerm, Type: 'Edm.PropertyPath', AppliesTo: 'EntityType' }, [
    annotation(termName(coreVocabulary, 'Description'), { String: primaryNameDescription }),
  ]);
}

/** Members are numbered in declaration order; the underlying type is the default, Edm.Int32. */
function enumTypeElement(enumType: EdmEnumType): XmlElement {
  return xmlElement(
    'EnumType',
    { Name: enumType.name },
    enumType.members.map((member, index) => xmlElement('Member', { Name: member, Value: index })),
  );
}

function entityTypeElement(model: EdmModel, entityType: EdmEntityType): XmlElement {
  return xmlElement('EntityType', { Name: entityType.name }, [
    ...(entityType.key === null ? [] : [keyElement(entityType.key)]),
    ...entityType.properties.map(propertyElement),
    ...entityType.navigationProperties.map((navigation) => navigationPropertyElement(model, navigation)),
    ...alternateKeysAnnotations(entityType.alternateKeys),
    ...(entityType.primaryName === undefined ? [] : [annotation(`${model.namespace}.${primaryNameTerm}`, { PropertyPath: entityType.primaryName })]),
  ]);
}

function keyElement(key: readonly string[]): XmlElement {
  return xmlElement(
    'Key',
    {},
    key.map((name) => xmlElement('PropertyRef', { Name: name })),
  );
}

function propertyElement(property: EdmProperty): XmlElement {
  const typeName = propertyTypeName(property.type);
  return xmlElement(
    'Property',
    {
      Name: property.name,
      Type: property.collection ? `Collection(${typeName})` : typeName,
      Nullable: property.nullable ? undefined : 'false',
      MaxLength: property.maxLength,
      Precision: property.precision,
      Scale: property.scale,
    },
    property.computed ? [annotation(termName(coreVocabulary, 'Computed'), { Bool: 'true' })] : [],
  );
}

/** Nullable is written for single-valued navigation only: CSDL forbids it on collections. */
function navigationPropertyElement(model: EdmModel, navigation: EdmNavigationProperty): XmlElement {
  const targetType = navigationTargetType(model, navigation);
  return xmlElement(
    'NavigationProperty',
    {
      Name: navigation.name,
      Type: navigation.collection ? `Collection(${targetType})` : targetType,
      Nullable: navigation.collection || navigation.nullable ? undefined : 'false',
      Partner: navigation.partner,
    },
    navigation.constraints.map((constraint) =>
      xmlElement('ReferentialConstraint', {
        Property: constraint.property,
        ReferencedProperty: constraint.referencedProperty,
      }),
    ),
  );
}

/**
 * `Core.AlternateKeys`: a collection of `Core.AlternateKey` records, each listing
 * `Core.PropertyRef` records. No `Alias`: key predicates use the property names themselves, and
 * the Core vocabulary requires an alias to differ from every property name.
 */
function alternateKeysAnnotations(alternateKeys: readonly (readonly string[])[]): XmlElement[] {
  if (alternateKeys.length === 0) {
    return [];
  }
  const alternateKeyRecords = alternateKeys.map((key) =>
    record(termName(coreVocabulary, 'AlternateKey'), [
      propertyValue('Key', {}, [
        xmlElement(
          'Collection',
          {},
          key.map((name) =>
            record(termName(coreVocabulary, 'PropertyRef'), [propertyValue('Name', { PropertyPath: name })]),
          ),
        ),
      ]),
    ]),
  );
  return [
    annotation(termName(coreVocabulary, 'AlternateKeys'), {}, [xmlElement('Collection', {}, alternateKeyRecords)]),
  ];
}

function entityContainerElement(model: EdmModel): XmlElement {
  return xmlElement('EntityContainer', { Name: model.containerName }, model.entitySets.map(entitySetElement));
}

function entitySetElement(entitySet: EdmEntitySet): XmlElement {
  return xmlElement('EntitySet', { Name: entitySet.name, EntityType: entitySet.entityType.qualifiedName }, [
    ...entitySet.entityType.navigationProperties.map((navigation) =>
      xmlElement('NavigationPropertyBinding', { Path: navigation.name, Target: navigation.targetSet }),
    ),
    ...(entitySet.readOnly ? readOnlyAnnotations() : []),
    ...optimisticConcurrencyAnnotations(entitySet),
    ...changeTrackingAnnotations(entitySet),
  ]);
}

/** `Capabilities.ChangeTracking` on a tracked set: supported, filterable on its single-valued properties, expanding nothing (delta responses do not expand). */
function changeTrackingAnnotations(entitySet: EdmEntitySet): XmlElement[] {
  const filterable = changeTrackingFilterablePaths(entitySet);
  if (filterable === null) return [];
  return [
    annotation(changeTrackingTerm, {}, [
      record(undefined, [
        propertyValue('Supported', { Bool: 'true' }),
        propertyValue('FilterableProperties', {}, [xmlElement('Collection', {}, filterable.map((path) => xmlTextElement('PropertyPath', path)))]),
        propertyValue('ExpandableProperties', {}, [xmlElement('Collection', {})]),
      ]),
    ]),
  ];
}

/** `Core.OptimisticConcurrency` on a set that requires `If-Match`: a collection of property paths, possibly empty. */
function optimisticConcurrencyAnnotations(entitySet: EdmEntitySet): XmlElement[] {
  const paths = optimisticConcurrencyPaths(entitySet);
  if (paths === null) return [];
  return [
    annotation(termName(coreVocabulary, 'OptimisticConcurrency'), {}, [
      xmlElement('Collection', {}, paths.map((path) => xmlTextElement('PropertyPath', path))),
    ]),
  ];
}

function readOnlyAnnotations(): XmlElement[] {
  return readOnlyRestrictions.map(({ term, property }) =>
    annotation(term, {}, [record(undefined, [propertyValue(property, { Bool: 'false' })])]),
  );
}

/** `inline` holds the value as an attribute (`Bool`, `String`, …) when there are no children. */
function annotation(term: string, inline: XmlAttributes, children: readonly XmlElement[] = []): XmlElement {
  return xmlElement('Annotation', { Term: term, ...inline }, children);
}

function record(type: string | undefined, propertyValues: readonly XmlElement[]): XmlElement {
  return xmlElement('Record', { Type: type }, propertyValues);
}

function propertyValue(property: string, inline: XmlAttributes, children: readonly XmlElement[] = []): XmlElement {
  return xmlElement('PropertyValue', { Property: property, ...inline }, children);
}
