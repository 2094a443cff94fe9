import { describe, expect, it } from 'vitest';
import type { EntityInput } from '../../../src/plan/entity-input.js';
import { writableSampleModel } from '../metadata/sample-model.js';
import { demo, problems, product, setOf, validate, written } from './entity-body.js';

const { category_id: _omitted, ...productOfCategory } = product;

function nestedUnder(entity: EntityInput, navigation: string): EntityInput[] {
  const nested = entity.nested.find((item) => item.navigation.name === navigation);
  if (nested === undefined) throw new Error(`nothing nested under ${navigation}`);
  return [...nested.entities];
}

describe('deep insert: collection navigation', () => {
  it('reads each nested entity in create mode, with its target set', () => {
    const entity = validate('Categories', { name: 'Tools', products: [productOfCategory, { ...productOfCategory, sku: 'A-2', price: '3.10' }] });
    expect(written(entity)).toEqual([['name', 'Tools']]);
    expect(entity.nested).toHaveLength(1);
    expect(entity.nested[0]?.target).toBe(setOf(demo, 'Products'));
    const products = nestedUnder(entity, 'products');
    expect(products.map((item) => item.set)).toEqual([setOf(demo, 'Products'), setOf(demo, 'Products')]);
    expect(products.map(written)).toEqual([
      [['sku', 'A-1'], ['name', 'Widget'], ['price', '12.5']],
      [['sku', 'A-2'], ['name', 'Widget'], ['price', '3.10']],
    ]);
  });

  it('does not require the columns the parent fills (the navigation join target columns)', () => {
    expect(problems('Categories', { name: 'Tools', products: [{ sku: 'A-1' }] })).toEqual(['products/0/name', 'products/0/price']);
    const orders = validate('Customers', { name: 'Ada', email: 'ada@example.com', tags: [], orders: [{ total: 5 }] }, 'create', undefined, writableSampleModel);
    expect(nestedUnder(orders, 'orders').map(written)).toEqual([[['total', '5']]]);
  });

  it('names problems of nested entities by their path', () => {
    const body = { name: 'Tools', products: [productOfCategory, { ...productOfCategory, price: 'x', colour: 1 }, 7] };
    expect(problems('Categories', body)).toEqual(['products/1/price', 'products/1/colour', 'products/2']);
  });

  it('refuses a collection navigation given something else than an array', () => {
    expect(problems('Categories', { name: 'Tools', products: productOfCategory })).toEqual(['products']);
    expect(problems('Categories', { name: 'Tools', products: null })).toEqual(['products']);
  });

  it('keeps an empty array as no nested entities', () => {
    expect(nestedUnder(validate('Categories', { name: 'Tools', products: [] }), 'products')).toEqual([]);
  });

  it('writes the keys of nested entities, as a create does', () => {
    const lines = nestedUnder(
      validate('Orders', { total: 1, customerId: '0b0c6a52-3b8e-4b52-9d0e-6c1b2f0e4a11', lines: [{ lineNo: 1, quantity: 2 }] }, 'create', undefined, writableSampleModel),
      'lines',
    );
    expect(lines.map(written)).toEqual([[['lineNo', '1'], ['quantity', '2']]]);
    expect(problems('Orders', { total: 1, customerId: '0b0c6a52-3b8e-4b52-9d0e-6c1b2f0e4a11', lines: [{ quantity: 2 }] }, 'create', undefined, writableSampleModel)).toEqual(['lines/0/lineNo']);
  });
});

describe('deep insert: single-valued navigation', () => {
  it('reads the related entity and fills the foreign key from it', () => {
    const entity = validate('Products', { ...productOfCategory, category: { name: 'New', description: null } });
    expect(written(entity).map(([name]) => name)).toEqual(['sku', 'name', 'price']);
    expect(nestedUnder(entity, 'category').map(written)).toEqual([[['name', 'New'], ['description', null]]]);
    expect(entity.nested[0]?.target).toBe(setOf(demo, 'Categories'));
  });

  it('validates the related entity as a new one', () => {
    expect(problems('Products', { ...productOfCategory, category: { description: 5 } })).toEqual(['category/description', 'category/name']);
    expect(problems('Products', { ...product, supplier: { name: 'Acme' } })).toEqual(['supplier/id']);
  });

  it.each([[[{ name: 'New' }]], [null], ['Categories(3)']])('refuses %j, which is not an entity object', (value) => {
    expect(problems('Products', { ...productOfCategory, category: value })).toEqual(['category']);
  });
});

describe('deep insert: nesting', () => {
  it('reads entities nested two levels deep and names their problems by path', () => {
    const body = { name: 'Tools', products: [{ ...productOfCategory, supplier: { id: 'S-1', name: 'Acme' } }] };
    const supplier = nestedUnder(nestedUnder(validate('Categories', body), 'products')[0] as EntityInput, 'supplier');
    expect(supplier.map(written)).toEqual([[['id', 'S-1'], ['name', 'Acme']]]);
    const bad = { name: 'Tools', products: [{ ...productOfCategory, supplier: { id: 'S-1', name: 5, 'products@odata.bind': 'x' } }] };
    expect(problems('Categories', bad)).toEqual(['products/0/supplier/name', 'products/0/supplier/products@odata.bind']);
  });

  it('reads bindings inside nested entities', () => {
    const products = nestedUnder(validate('Suppliers', { id: 'S-1', name: 'Acme', products: [{ ...product, 'category@odata.bind': 'Categories(1)' }] }), 'products');
    expect(products[0]?.bindings.map((binding) => binding.urls)).toEqual([['Categories(1)']]);
  });
});

describe('deep update', () => {
  it.each(['update', 'replace'] as const)('is refused in %s mode', (mode) => {
    expect(problems('Categories', { name: 'Tools', products: [productOfCategory] }, mode)).toEqual(['products']);
    expect(problems('Products', { ...product, category: { name: 'New' } }, mode)).toEqual(['category']);
  });
});
