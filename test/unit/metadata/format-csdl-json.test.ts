import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { formatCsdlJson } from '../../../src/metadata/format-csdl-json.js';
import type { EdmModel } from '../../../src/model/edm-model.js';
import { validateCsdlJson } from '../../support/validate-csdl.js';
import { concurrencySampleModel, sampleModel, writableSampleModel } from './sample-model.js';

const document = formatCsdlJson(sampleModel);

const coreUri = 'https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.json';
const capabilitiesUri = 'https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.json';

describe('formatCsdlJson', () => {
  it.each([
    ['the sample model', sampleModel],
    ['the sample model without read-only sets', writableSampleModel],
    ['the sample model with sets that require If-Match', concurrencySampleModel],
  ])('writes %s valid against the OASIS CSDL JSON schema', (_name, model) => {
    expect(validateCsdlJson(formatCsdlJson(model))).toEqual([]);
  });

  it('is a CSDL JSON 4.01 document naming its entity container', () => {
    expect(document).toHaveProperty(['$Version'], '4.01');
    expect(document).toHaveProperty(['$EntityContainer'], 'Shop.ShopService');
  });

  it('references the Core vocabulary, and Capabilities because sets are read-only', () => {
    expect(document).toHaveProperty(['$Reference', coreUri, '$Include'], [
      { $Namespace: 'Org.OData.Core.V1', $Alias: 'Core' },
    ]);
    expect(document).toHaveProperty(['$Reference', capabilitiesUri, '$Include'], [
      { $Namespace: 'Org.OData.Capabilities.V1', $Alias: 'Capabilities' },
    ]);
  });

  it('does not reference Capabilities when no set is read-only or change-tracked', () => {
    const writable = formatCsdlJson(writableSampleModel);

    expect(writable).toHaveProperty(['$Reference', coreUri]);
    expect(writable).not.toHaveProperty(['$Reference', capabilitiesUri]);
    expect(JSON.stringify(writable)).not.toContain('@Capabilities.');
  });

  it('writes enum types, then each entity type once in set order, then the container', () => {
    expect(Object.keys(document)).toEqual(['$Version', '$EntityContainer', '$Reference', 'Shop']);
    expect(document).toHaveProperty(['Shop']);
    expect(Object.keys((document as { Shop: object }).Shop)).toEqual([
      'OrderStatus',
      'Customer',
      'Order',
      'OrderLine',
      'Product',
      'AuditEntry',
      'ShopService',
    ]);
  });

  it('numbers enum members from zero with the default underlying type', () => {
    expect(document).toHaveProperty(['Shop', 'OrderStatus'], {
      $Kind: 'EnumType',
      pending: 0,
      shipped: 1,
      delivered: 2,
      cancelled: 3,
    });
  });

  it.each([
    ['Customer', ['id']],
    ['Order', ['id']],
    ['OrderLine', ['orderId', 'lineNo']],
    ['Product', ['id']],
  ])('writes the key of %s', (type, key) => {
    expect(document).toHaveProperty(['Shop', type, '$Kind'], 'EntityType');
    expect(document).toHaveProperty(['Shop', type, '$Key'], key);
  });

  it('writes no $Key for an entity type without key', () => {
    expect(document).toHaveProperty(['Shop', 'AuditEntry', '$Kind'], 'EntityType');
    expect(document).not.toHaveProperty(['Shop', 'AuditEntry', '$Key']);
  });

  it.each([
    ['Customer', 'id', { $Type: 'Edm.Guid' }],
    ['Customer', 'name', { $MaxLength: 120 }],
    ['Customer', 'straße', { $Nullable: true }],
    ['Customer', 'tags', { $Collection: true }],
    ['Order', 'status', { $Type: 'Shop.OrderStatus' }],
    ['Order', 'total', { $Type: 'Edm.Decimal', $Precision: 12, $Scale: 2 }],
    ['Order', 'id', { $Type: 'Edm.Int64', '@Core.Computed': true }],
    ['Product', 'price', { $Type: 'Edm.Decimal', $Nullable: true, $Scale: 'variable' }],
    ['AuditEntry', 'search', { $Nullable: true }],
  ])('writes %s/%s as %o, leaving defaults out', (type, name, expected) => {
    expect(document).toHaveProperty(['Shop', type, name], expected);
  });

  it.each([
    ['Order', 'customer', {
      $Kind: 'NavigationProperty',
      $Type: 'Shop.Customer',
      $Partner: 'orders',
      $ReferentialConstraint: { customerId: 'id' },
    }],
    ['Customer', 'orders', {
      $Kind: 'NavigationProperty',
      $Type: 'Shop.Order',
      $Collection: true,
      $Partner: 'customer',
    }],
    ['OrderLine', 'product', {
      $Kind: 'NavigationProperty',
      $Type: 'Shop.Product',
      $Nullable: true,
      $ReferentialConstraint: { productId: 'id' },
    }],
  ])('writes navigation %s/%s', (type, name, expected) => {
    expect(document).toHaveProperty(['Shop', type, name], expected);
  });

  it('writes alternate keys as a Core.AlternateKeys annotation with path strings', () => {
    expect(document).toHaveProperty(['Shop', 'Product', '@Core.AlternateKeys'], [
      { Key: [{ Name: 'sku' }] },
    ]);
    expect(document).not.toHaveProperty(['Shop', 'Order', '@Core.AlternateKeys']);
  });

  it('writes one entity set per set with its navigation property bindings', () => {
    expect(document).toHaveProperty(['Shop', 'ShopService', '$Kind'], 'EntityContainer');
    expect(document).toHaveProperty(['Shop', 'ShopService', 'Orders'], {
      $Collection: true,
      $Type: 'Shop.Order',
      $NavigationPropertyBinding: { customer: 'Customers', lines: 'OrderLines' },
    });
    expect(document).toHaveProperty(['Shop', 'ShopService', 'Products'], { $Collection: true, $Type: 'Shop.Product' });
  });

  it('marks read-only sets as not insertable, updatable or deletable', () => {
    expect(document).toHaveProperty(['Shop', 'ShopService', 'FeaturedProducts'], {
      $Collection: true,
      $Type: 'Shop.Product',
      '@Capabilities.InsertRestrictions': { Insertable: false },
      '@Capabilities.UpdateRestrictions': { Updatable: false },
      '@Capabilities.DeleteRestrictions': { Deletable: false },
    });
  });

  it('declares Core.OptimisticConcurrency on sets that require If-Match: the version property, or none for xmin', () => {
    const annotated = formatCsdlJson(concurrencySampleModel);
    const term = '@Core.OptimisticConcurrency';

    expect(annotated).toHaveProperty(['Shop', 'ShopService', 'Orders', term], ['placedAt']);
    expect(annotated).toHaveProperty(['Shop', 'ShopService', 'Customers', term], []);
    expect(annotated).not.toHaveProperty(['Shop', 'ShopService', 'Products', term]);
    expect(JSON.stringify(document)).not.toContain(term);
    expect(annotated).toHaveProperty(['$Reference', coreUri, '$Include'], [{ $Namespace: 'Org.OData.Core.V1', $Alias: 'Core' }]);
  });

  it('annotates the change-tracked set, and only it, with Capabilities.ChangeTracking', () => {
    const container = (document as { Shop: { ShopService: Record<string, unknown> } }).Shop.ShopService;
    const annotated = Object.entries(container)
      .filter(([, member]) => typeof member === 'object' && member !== null && '@Capabilities.ChangeTracking' in member)
      .map(([name]) => name);

    expect(document).toHaveProperty(['Shop', 'ShopService', 'Customers', '@Capabilities.ChangeTracking'], {
      Supported: true,
      FilterableProperties: ['id', 'name', 'email', 'straße'],
      ExpandableProperties: [],
    });
    expect(annotated).toEqual(['Customers']);
  });

  it('references Capabilities for a change-tracked set when no set is read-only', () => {
    const tracked: EdmModel = {
      ...writableSampleModel,
      entitySets: writableSampleModel.entitySets.map((set) => (set.name === 'Orders' ? { ...set, changeTracking: { keyColumns: ['id'] } } : set)),
    };
    const annotated = formatCsdlJson(tracked);

    expect(annotated).toHaveProperty(['$Reference', capabilitiesUri, '$Include'], [{ $Namespace: 'Org.OData.Capabilities.V1', $Alias: 'Capabilities' }]);
    expect(annotated).toHaveProperty(['Shop', 'ShopService', 'Orders', '@Capabilities.ChangeTracking', 'FilterableProperties'], ['id', 'customerId', 'status', 'total', 'placedAt']);
    expect(annotated).not.toHaveProperty(['Shop', 'ShopService', 'Customers', '@Capabilities.ChangeTracking']);
    expect(validateCsdlJson(annotated)).toEqual([]);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(formatCsdlJson(structuredClone(sampleModel)))).toBe(JSON.stringify(document));
  });

  it('rejects a model whose names clash inside the schema', () => {
    const [orderStatus] = sampleModel.enumTypes;
    const clashing: EdmModel = {
      ...sampleModel,
      enumTypes: orderStatus === undefined ? [] : [{ ...orderStatus, name: 'Customer' }],
    };

    expect(() => formatCsdlJson(clashing)).toThrow(expect.objectContaining({ code: ErrorCodes.internal }));
  });

  it('rejects a navigation property whose target set is not in the model', () => {
    const broken: EdmModel = {
      ...sampleModel,
      entitySets: sampleModel.entitySets.filter((set) => set.name !== 'Customers'),
    };

    expect(() => formatCsdlJson(broken)).toThrow(expect.objectContaining({ code: ErrorCodes.internal }));
  });
});
