import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { formatCsdlXml } from '../../../src/metadata/format-csdl-xml.js';
import type { EdmModel } from '../../../src/model/edm-model.js';
import { validateCsdlXml } from '../../support/validate-csdl.js';
import { step, xpathCount, xpathString, xpathStrings } from './query-xml.js';
import { concurrencySampleModel, sampleModel, writableSampleModel } from './sample-model.js';

const xml = formatCsdlXml(sampleModel);

const schema = `/${step('Edmx')}/${step('DataServices')}/${step('Schema')}`;
const entityType = (name: string) => `${schema}/${step('EntityType', `@Name='${name}'`)}`;
const property = (type: string, name: string) => `${entityType(type)}/${step('Property', `@Name='${name}'`)}`;
const navigation = (type: string, name: string) =>
  `${entityType(type)}/${step('NavigationProperty', `@Name='${name}'`)}`;
const container = `${schema}/${step('EntityContainer')}`;
const entitySet = (name: string) => `${container}/${step('EntitySet', `@Name='${name}'`)}`;
const includeOf = (namespace: string) =>
  `/${step('Edmx')}/${step('Reference')}/${step('Include', `@Namespace='${namespace}'`)}`;

describe('formatCsdlXml', () => {
  it.each([
    ['the sample model', sampleModel],
    ['the sample model without read-only sets', writableSampleModel],
    ['the sample model with sets that require If-Match', concurrencySampleModel],
  ])('writes %s valid against the OASIS CSDL XML schema', async (_name, model) => {
    expect(await validateCsdlXml(formatCsdlXml(model))).toEqual([]);
  });

  it('declares an edmx 4.0 document with the schema in the edm namespace', async () => {
    expect(await xpathString(xml, `/${step('Edmx')}/@Version`)).toBe('4.0');
    expect(await xpathString(xml, 'namespace-uri(/*)')).toBe('http://docs.oasis-open.org/odata/ns/edmx');
    expect(await xpathString(xml, `namespace-uri(${schema})`)).toBe('http://docs.oasis-open.org/odata/ns/edm');
    expect(await xpathString(xml, `${schema}/@Namespace`)).toBe('Shop');
  });

  it('references the Core vocabulary, and Capabilities because sets are read-only', async () => {
    expect(await xpathString(xml, `${includeOf('Org.OData.Core.V1')}/@Alias`)).toBe('Core');
    expect(await xpathString(xml, `${includeOf('Org.OData.Core.V1')}/../@Uri`)).toBe(
      'https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml',
    );
    expect(await xpathString(xml, `${includeOf('Org.OData.Capabilities.V1')}/@Alias`)).toBe('Capabilities');
  });

  it('does not reference Capabilities when no set is read-only or change-tracked', async () => {
    const writable = formatCsdlXml(writableSampleModel);

    expect(await xpathCount(writable, includeOf('Org.OData.Capabilities.V1'))).toBe(0);
    expect(await xpathCount(writable, `${container}//${step('Annotation')}`)).toBe(0);
  });

  it('writes enum types, then each entity type once in set order, then the container', async () => {
    expect(await xpathStrings(xml, `${schema}/*/@Name`)).toEqual([
      'OrderStatus',
      'Customer',
      'Order',
      'OrderLine',
      'Product',
      'AuditEntry',
      'ShopService',
    ]);
    expect(await xpathStrings(xml, `${schema}/*`)).toHaveLength(7);
  });

  it('numbers enum members from zero in declaration order', async () => {
    const enumType = `${schema}/${step('EnumType', "@Name='OrderStatus'")}`;

    expect(await xpathStrings(xml, `${enumType}/${step('Member')}/@Name`)).toEqual([
      'pending',
      'shipped',
      'delivered',
      'cancelled',
    ]);
    expect(await xpathStrings(xml, `${enumType}/${step('Member')}/@Value`)).toEqual(['0', '1', '2', '3']);
  });

  it.each([
    ['Customer', ['id']],
    ['Order', ['id']],
    ['OrderLine', ['orderId', 'lineNo']],
    ['Product', ['id']],
  ])('writes the key of %s', async (type, key) => {
    expect(await xpathStrings(xml, `${entityType(type)}/${step('Key')}/${step('PropertyRef')}/@Name`)).toEqual(key);
  });

  it('writes no Key for an entity type without key', async () => {
    expect(await xpathCount(xml, `${entityType('AuditEntry')}/${step('Key')}`)).toBe(0);
    expect(await xpathCount(xml, `${entityType('AuditEntry')}/${step('Property')}`)).toBe(3);
  });

  it.each([
    ['Customer', 'id', 'Type', 'Edm.Guid'],
    ['Customer', 'id', 'Nullable', 'false'],
    ['Customer', 'name', 'MaxLength', '120'],
    ['Customer', 'straße', 'Type', 'Edm.String'],
    ['Customer', 'tags', 'Type', 'Collection(Edm.String)'],
    ['Order', 'status', 'Type', 'Shop.OrderStatus'],
    ['Order', 'total', 'Type', 'Edm.Decimal'],
    ['Order', 'total', 'Precision', '12'],
    ['Order', 'total', 'Scale', '2'],
    ['Product', 'price', 'Scale', 'variable'],
    ['AuditEntry', 'search', 'Type', 'Edm.String'],
  ])('writes %s/%s with %s=%s', async (type, name, attribute, value) => {
    expect(await xpathString(xml, `${property(type, name)}/@${attribute}`)).toBe(value);
  });

  it.each([
    ['Customer', 'straße', 'Nullable'],
    ['Customer', 'id', 'MaxLength'],
    ['Product', 'price', 'Precision'],
    ['Product', 'weight', 'Nullable'],
  ])('writes %s/%s without %s', async (type, name, attribute) => {
    expect(await xpathCount(xml, property(type, name))).toBe(1);
    expect(await xpathCount(xml, `${property(type, name)}/@${attribute}`)).toBe(0);
  });

  it('annotates computed properties, and only those, with Core.Computed', async () => {
    const computed = `${property('Order', 'id')}/${step('Annotation', "@Term='Core.Computed'")}`;

    expect(await xpathString(xml, `${computed}/@Bool`)).toBe('true');
    expect(await xpathCount(xml, `//${step('Property')}/${step('Annotation')}`)).toBe(1);
  });

  it.each([
    ['Order', 'customer', 'Type', 'Shop.Customer'],
    ['Order', 'customer', 'Nullable', 'false'],
    ['Order', 'customer', 'Partner', 'orders'],
    ['Customer', 'orders', 'Type', 'Collection(Shop.Order)'],
    ['Customer', 'orders', 'Partner', 'customer'],
    ['OrderLine', 'product', 'Type', 'Shop.Product'],
  ])('writes navigation %s/%s with %s=%s', async (type, name, attribute, value) => {
    expect(await xpathString(xml, `${navigation(type, name)}/@${attribute}`)).toBe(value);
  });

  it.each([
    ['Customer', 'orders', 'Nullable'],
    ['OrderLine', 'product', 'Nullable'],
    ['OrderLine', 'product', 'Partner'],
  ])('writes navigation %s/%s without %s', async (type, name, attribute) => {
    expect(await xpathCount(xml, navigation(type, name))).toBe(1);
    expect(await xpathCount(xml, `${navigation(type, name)}/@${attribute}`)).toBe(0);
  });

  it('writes referential constraints on the dependent side only', async () => {
    const constraint = `${navigation('Order', 'customer')}/${step('ReferentialConstraint')}`;

    expect(await xpathString(xml, `${constraint}/@Property`)).toBe('customerId');
    expect(await xpathString(xml, `${constraint}/@ReferencedProperty`)).toBe('id');
    expect(await xpathCount(xml, `${navigation('Customer', 'orders')}/${step('ReferentialConstraint')}`)).toBe(0);
  });

  it('writes alternate keys as a Core.AlternateKeys annotation', async () => {
    const keyRecord = [
      entityType('Product'),
      step('Annotation', "@Term='Core.AlternateKeys'"),
      step('Collection'),
      step('Record', "@Type='Core.AlternateKey'"),
      step('PropertyValue', "@Property='Key'"),
      step('Collection'),
      step('Record', "@Type='Core.PropertyRef'"),
    ].join('/');

    expect(await xpathCount(xml, keyRecord)).toBe(1);
    expect(await xpathString(xml, `${keyRecord}/${step('PropertyValue', "@Property='Name'")}/@PropertyPath`)).toBe(
      'sku',
    );
    expect(await xpathCount(xml, `${keyRecord}/${step('PropertyValue', "@Property='Alias'")}`)).toBe(0);
    expect(await xpathCount(xml, `${entityType('Order')}/${step('Annotation')}`)).toBe(0);
  });

  it('writes one entity set per set, sharing entity types', async () => {
    expect(await xpathString(xml, `${container}/@Name`)).toBe('ShopService');
    expect(await xpathStrings(xml, `${container}/${step('EntitySet')}/@Name`)).toEqual(
      sampleModel.entitySets.map((set) => set.name),
    );
    expect(await xpathString(xml, `${entitySet('FeaturedProducts')}/@EntityType`)).toBe('Shop.Product');
  });

  it('binds every navigation property to its target set', async () => {
    const binding = `${entitySet('Orders')}/${step('NavigationPropertyBinding')}`;

    expect(await xpathStrings(xml, `${binding}/@Path`)).toEqual(['customer', 'lines']);
    expect(await xpathStrings(xml, `${binding}/@Target`)).toEqual(['Customers', 'OrderLines']);
    expect(await xpathCount(xml, `${entitySet('Products')}/*`)).toBe(0);
  });

  it('marks read-only sets as not insertable, updatable or deletable', async () => {
    const annotations = `${entitySet('AuditLog')}/${step('Annotation')}`;
    const values = `${annotations}/${step('Record')}/${step('PropertyValue')}`;

    expect(await xpathStrings(xml, `${annotations}/@Term`)).toEqual([
      'Capabilities.InsertRestrictions',
      'Capabilities.UpdateRestrictions',
      'Capabilities.DeleteRestrictions',
    ]);
    expect(await xpathStrings(xml, `${values}/@Property`)).toEqual(['Insertable', 'Updatable', 'Deletable']);
    expect(await xpathStrings(xml, `${values}/@Bool`)).toEqual(['false', 'false', 'false']);
  });

  it('declares Core.OptimisticConcurrency on sets that require If-Match: the version property, or none for xmin', async () => {
    const annotated = formatCsdlXml(concurrencySampleModel);
    const concurrency = (name: string) => `${entitySet(name)}/${step('Annotation', "@Term='Core.OptimisticConcurrency'")}`;

    expect(await xpathCount(annotated, concurrency('Orders'))).toBe(1);
    expect(await xpathStrings(annotated, `${concurrency('Orders')}/${step('Collection')}/${step('PropertyPath')}`)).toEqual(['placedAt']);
    expect(await xpathCount(annotated, `${concurrency('Customers')}/${step('Collection')}`)).toBe(1);
    expect(await xpathCount(annotated, `${concurrency('Customers')}/${step('Collection')}/*`)).toBe(0);
    expect(await xpathCount(annotated, `${container}//${step('Annotation', "@Term='Core.OptimisticConcurrency'")}`)).toBe(2);
    expect(await xpathCount(xml, `//${step('Annotation', "@Term='Core.OptimisticConcurrency'")}`)).toBe(0);
    expect(await xpathString(annotated, `${includeOf('Org.OData.Core.V1')}/@Alias`)).toBe('Core');
  });

  it('annotates the change-tracked set, and only it, with Capabilities.ChangeTracking', async () => {
    const changeTracking = `${entitySet('Customers')}/${step('Annotation', "@Term='Capabilities.ChangeTracking'")}/${step('Record')}`;
    const value = (name: string) => `${changeTracking}/${step('PropertyValue', `@Property='${name}'`)}`;

    expect(await xpathString(xml, `${value('Supported')}/@Bool`)).toBe('true');
    expect(await xpathStrings(xml, `${value('FilterableProperties')}/${step('Collection')}/${step('PropertyPath')}`)).toEqual(['id', 'name', 'email', 'straße']);
    expect(await xpathCount(xml, `${value('ExpandableProperties')}/${step('Collection')}`)).toBe(1);
    expect(await xpathCount(xml, `${value('ExpandableProperties')}/${step('Collection')}/*`)).toBe(0);
    expect(await xpathCount(xml, `${container}//${step('Annotation', "@Term='Capabilities.ChangeTracking'")}`)).toBe(1);
  });

  it('references Capabilities for a change-tracked set when no set is read-only', async () => {
    const tracked: EdmModel = {
      ...writableSampleModel,
      entitySets: writableSampleModel.entitySets.map((set) => (set.name === 'Orders' ? { ...set, changeTracking: { keyColumns: ['id'] } } : set)),
    };
    const document = formatCsdlXml(tracked);

    expect(await xpathString(document, `${includeOf('Org.OData.Capabilities.V1')}/@Alias`)).toBe('Capabilities');
    expect(await xpathStrings(document, `${container}//${step('Annotation', "@Term='Capabilities.ChangeTracking'")}/../@Name`)).toEqual(['Orders']);
    expect(await xpathStrings(document, `${entitySet('Orders')}//${step('PropertyPath')}`)).toEqual(['id', 'customerId', 'status', 'total', 'placedAt']);
    expect(await validateCsdlXml(document)).toEqual([]);
  });

  it('is deterministic and ends with a newline', () => {
    expect(formatCsdlXml(structuredClone(sampleModel))).toBe(xml);
    expect(xml.endsWith('</edmx:Edmx>\n')).toBe(true);
  });

  it('rejects a navigation property whose target set is not in the model', () => {
    const broken: EdmModel = {
      ...sampleModel,
      entitySets: sampleModel.entitySets.filter((set) => set.name !== 'Customers'),
    };

    expect(() => formatCsdlXml(broken)).toThrow(expect.objectContaining({ code: ErrorCodes.internal }));
  });
});
