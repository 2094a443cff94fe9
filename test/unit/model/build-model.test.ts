import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/model/build-model.js';
import { findEntitySet, findProperty } from '../../../src/model/find-in-model.js';
import { emptyModelConfig, ModelConfigError, parseModelConfig } from '../../../src/model/model-config.js';
import type { EdmModel } from '../../../src/model/edm-model.js';
import { sampleCatalog, sampleModel } from '../../support/sample-catalog.js';

function set(model: EdmModel, name: string) {
  const found = findEntitySet(model, name);
  if (found === undefined) throw new Error(`no set ${name}`);
  return found;
}

describe('buildModel', () => {
  const model = sampleModel();

  it('names entity sets in PascalCase and entity types in the singular', () => {
    expect(model.entitySets.map((s) => [s.name, s.entityType.name])).toEqual([
      ['Categories', 'Category'],
      ['Suppliers', 'Supplier'],
      ['Products', 'Product'],
      ['OrderLines', 'OrderLine'],
      ['Readings', 'Reading'],
    ]);
  });

  it('keeps column names as property names, with exact nullability and facets', () => {
    const products = set(model, 'Products');
    expect(findProperty(products, 'price')).toMatchObject({ type: { name: 'Edm.Decimal' }, precision: 12, scale: 2, nullable: false });
    expect(findProperty(products, 'cost')).toMatchObject({ precision: 12, scale: 4, nullable: true });
    expect(findProperty(products, 'sku')).toMatchObject({ type: { name: 'Edm.String' }, maxLength: 32, nullable: false });
    expect(findProperty(products, 'tags')).toMatchObject({ type: { name: 'Edm.String' }, collection: true });
    expect(findProperty(products, 'mood')).toMatchObject({ type: { kind: 'enum', qualifiedName: 'Demo.Mood' } });
    expect(findProperty(products, 'stock')).toMatchObject({ type: { name: 'Edm.Int64' } });
    expect(model.enumTypes).toEqual([expect.objectContaining({ name: 'Mood', members: ['happy', 'sad'] })]);
  });

  it('takes primary keys as keys and unique constraints as alternate keys', () => {
    expect(set(model, 'Products').entityType.key).toEqual(['id']);
    expect(set(model, 'Products').entityType.alternateKeys).toEqual([['sku']]);
    expect(set(model, 'OrderLines').entityType.key).toEqual(['order_id', 'line_no']);
    expect(set(model, 'Readings').entityType.key).toBeNull();
  });

  it('announces tables without a primary key', () => {
    const { notices } = buildModel(sampleCatalog, { namespace: 'Demo', config: emptyModelConfig });
    expect(notices).toEqual([expect.stringContaining('Readings')]);
  });

  it('turns foreign keys into navigation properties in both directions', () => {
    const products = set(model, 'Products');
    expect(products.entityType.navigationProperties).toEqual([
      expect.objectContaining({ name: 'category', targetSet: 'Categories', collection: false, nullable: false, partner: 'products',
        constraints: [{ property: 'category_id', referencedProperty: 'id' }] }),
      expect.objectContaining({ name: 'supplier', targetSet: 'Suppliers', collection: false, nullable: true, partner: 'products' }),
    ]);
    expect(set(model, 'Categories').entityType.navigationProperties).toEqual([
      expect.objectContaining({ name: 'products', targetSet: 'Products', collection: true, partner: 'category', constraints: [],
        join: [{ sourceColumn: 'id', targetColumn: 'category_id' }] }),
    ]);
  });

  it('marks identity-always columns computed', () => {
    expect(findProperty(set(model, 'Categories'), 'id')).toMatchObject({ computed: true, hasDefault: true });
    expect(findProperty(set(model, 'Products'), 'id')).toMatchObject({ computed: false, hasDefault: true });
  });

  it('applies the model config: renames, hidden columns and sets, read-only', () => {
    const config = parseModelConfig(
      {
        entitySets: {
          products: { name: 'Items', readOnly: true, properties: { cost: { hidden: true }, name: { name: 'title' } } },
          'public.suppliers': { hidden: true },
          readings: { key: ['sensor'] },
        },
      },
      'test',
    );
    const renamed = sampleModel(config);
    const items = set(renamed, 'Items');
    expect(items.readOnly).toBe(true);
    expect(findProperty(items, 'cost')).toBeUndefined();
    expect(findProperty(items, 'title')).toMatchObject({ column: 'name' });
    expect(findEntitySet(renamed, 'Suppliers')).toBeUndefined();
    expect(items.entityType.navigationProperties.map((n) => n.name)).toEqual(['category']);
    expect(set(renamed, 'Readings').entityType.key).toEqual(['sensor']);
  });

  it('rejects a model config that names a missing column or an invalid identifier', () => {
    expect(() => sampleModel(parseModelConfig({ entitySets: { products: { properties: { nope: { hidden: true } } } } }, 't'))).toThrow(ModelConfigError);
    expect(() => sampleModel(parseModelConfig({ entitySets: { products: { name: 'not valid' } } }, 't'))).toThrow(ModelConfigError);
    expect(() => parseModelConfig({ entitySets: { products: { colour: 'red' } } }, 't')).toThrow(ModelConfigError);
  });

  it('carries per-set page size maxima and count-estimate thresholds, none by default', () => {
    expect(set(model, 'Products')).toMatchObject({ maxPageSize: null, estimateCountAbove: null });
    const configured = sampleModel(parseModelConfig({ entitySets: { products: { maxPageSize: 250, estimateCountAbove: 1_000_000 } } }, 't'));
    expect(set(configured, 'Products')).toMatchObject({ maxPageSize: 250, estimateCountAbove: 1_000_000 });
    expect(() => parseModelConfig({ entitySets: { products: { maxPageSize: 0 } } }, 't')).toThrow(ModelConfigError);
    expect(() => parseModelConfig({ entitySets: { products: { estimateCountAbove: -1 } } }, 't')).toThrow(ModelConfigError);
    expect(() => parseModelConfig({ entitySets: { products: { maxPageSize: 2.5 } } }, 't')).toThrow(ModelConfigError);
  });
});
