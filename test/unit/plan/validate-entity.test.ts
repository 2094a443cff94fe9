import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { ODataError } from '../../../src/errors/odata-error.js';
import { parseJsonBody } from '../../../src/parse/parse-json-body.js';
import { readReference, validateEntity } from '../../../src/plan/validate-entity.js';
import { writableSampleModel } from '../metadata/sample-model.js';
import { demo, failure, json, problems, product, setOf, validate, written } from './entity-body.js';

describe('validateEntity: properties', () => {
  it('reads a valid product, values as Postgres input text, in body order', () => {
    const entity = validate('Products', { ...product, mood: 'happy', stock: '9223372036854775807', tags: ['a', null], release_date: null });
    expect(entity.set).toBe(setOf(demo, 'Products'));
    expect(written(entity)).toEqual([
      ['sku', 'A-1'],
      ['name', 'Widget'],
      ['price', '12.5'],
      ['category_id', '3'],
      ['mood', 'happy'],
      ['stock', '9223372036854775807'],
      ['tags', ['a', null]],
      ['release_date', null],
    ]);
    expect(entity.bindings).toEqual([]);
    expect(entity.nested).toEqual([]);
  });

  it('keeps every digit of a number', () => {
    const body = parseJsonBody(Buffer.from('{"sku":"A","name":"B","category_id":1,"price":1234567890.12,"stock":9223372036854775807}'), { maxDepth: 4 });
    const entity = validateEntity(body, setOf(demo, 'Products'), demo, 'create');
    expect(written(entity)).toContainEqual(['stock', '9223372036854775807']);
    expect(written(entity)).toContainEqual(['price', '1234567890.12']);
  });

  it('refuses an unknown property', () => {
    expect(problems('Products', { ...product, colour: 'red' })).toEqual(['colour']);
  });

  it('refuses null for a non-nullable property and writes it for a nullable one', () => {
    expect(problems('Products', { ...product, name: null })).toEqual(['name']);
    expect(written(validate('Products', { ...product, description: null }))).toContainEqual(['description', null]);
  });

  it('lists every problem, each with its target, the first as the error target', () => {
    const error = failure(() => validate('Products', { ...product, sku: 'x'.repeat(33), price: 'abc', colour: 'red' }));
    expect(error.details.map((detail) => detail.target)).toEqual(['sku', 'price', 'colour']);
    expect(error.target).toBe('sku');
    expect(error.details.every((detail) => detail.code === ErrorCodes.invalidBody && detail.message.length > 0)).toBe(true);
    expect(new Set(error.details.map((detail) => detail.message)).size).toBe(3);
  });

  it.each([[[]], ['text'], [null], [42]])('refuses the body %j, which is not an object', (body) => {
    expect(failure(() => validate('Products', body)).details).toEqual([]);
  });
});

describe('validateEntity: read-only and key properties', () => {
  it('ignores a computed property, whatever its value', () => {
    expect(written(validate('Categories', { id: 'not a number', name: 'Tools' }))).toEqual([['name', 'Tools']]);
  });

  it('writes a key sent in a create', () => {
    const id = '0b0c6a52-3b8e-4b52-9d0e-6c1b2f0e4a11';
    expect(written(validate('Products', { id, ...product }))[0]).toEqual(['id', id]);
    expect(written(validate('Suppliers', { id: 'S-1', name: 'Acme' }))).toEqual([['id', 'S-1'], ['name', 'Acme']]);
  });

  it('checks a key sent in a create', () => {
    expect(problems('Products', { id: 'not a guid', ...product })).toEqual(['id']);
  });

  it.each(['update', 'replace'] as const)('ignores key properties in %s mode, whatever their value', (mode) => {
    expect(written(validate('Suppliers', { id: 17, name: 'Acme' }, mode))).toEqual([['name', 'Acme']]);
    expect(written(validate('OrderLines', { orderId: 'x', lineNo: null, quantity: 2 }, mode, undefined, writableSampleModel))).toEqual([['quantity', '2']]);
  });
});

describe('validateEntity: required properties', () => {
  it('requires, in a create, non-nullable properties without a default', () => {
    expect(problems('Products', {})).toEqual(['sku', 'name', 'category_id', 'price']);
    expect(problems('Suppliers', { name: 'Acme' })).toEqual(['id']);
  });

  it('requires the same in a replacement, but not the key', () => {
    expect(problems('Products', { sku: 'A' }, 'replace')).toEqual(['name', 'category_id', 'price']);
    expect(written(validate('Suppliers', { name: 'Acme' }, 'replace'))).toEqual([['name', 'Acme']]);
  });

  it('requires nothing in an update', () => {
    expect(written(validate('Products', {}, 'update'))).toEqual([]);
    expect(written(validate('Products', { price: '3.10' }, 'update'))).toEqual([['price', '3.10']]);
  });

  it('does not require a property that has a database default or is computed', () => {
    const entity = validate('Products', product);
    const names = entity.properties.map((input) => input.property.name);
    expect(names).not.toContain('quantity');
    expect(names).not.toContain('created');
    expect(validate('Categories', { name: 'Tools' }).properties).toHaveLength(1);
  });

  it('does not require the foreign key of a bound or inline single-valued navigation', () => {
    const { category_id: _omitted, ...withoutCategory } = product;
    expect(problems('Products', withoutCategory)).toEqual(['category_id']);
    expect(validate('Products', { ...withoutCategory, 'category@odata.bind': 'Categories(3)' }).bindings).toHaveLength(1);
    expect(validate('Products', { ...withoutCategory, category: { name: 'New' } }).nested).toHaveLength(1);
    expect(validate('Orders', { total: 1, 'customer@odata.bind': 'Customers(1)' }, 'create', undefined, writableSampleModel).properties).toHaveLength(1);
  });

  it('does not require the columns the caller says are filled', () => {
    const { category_id: _omitted, ...withoutCategory } = product;
    expect(validate('Products', withoutCategory, 'create', { filledColumns: new Set(['category_id']) }).properties).toHaveLength(3);
  });
});

describe('validateEntity: annotations', () => {
  it('ignores control information, instance annotations and property annotations', () => {
    const entity = validate('Products', {
      '@odata.context': '$metadata#Products/$entity',
      '@odata.etag': 'W/"1"',
      '@odata.id': 'Products(1)',
      '@odata.editLink': 'Products(1)',
      '@Demo.CountIsEstimate': true,
      'price@odata.type': '#Decimal',
      'name@Core.Description': 'ignored',
      'colour@Core.Description': 'an annotation of nothing',
      ...product,
    });
    expect(written(entity).map(([name]) => name)).toEqual(['sku', 'name', 'price', 'category_id']);
  });

  it.each(['#Demo.Product', 'Demo.Product'])('accepts @odata.type %s', (type) => {
    expect(validate('Products', { '@odata.type': type, ...product }).properties).toHaveLength(4);
    expect(validate('Products', { '@type': type, ...product }).properties).toHaveLength(4);
  });

  it.each(['#Demo.Category', 'Product', '#Product', 42])('refuses @odata.type %j', (type) => {
    expect(problems('Products', { '@odata.type': type, ...product })).toEqual(['@odata.type']);
  });
});

describe('validateEntity: bindings', () => {
  it('reads a single-valued binding as sent, with its navigation and target set', () => {
    const entity = validate('Products', { ...product, 'category@odata.bind': 'Categories(3)', 'supplier@bind': 'https://host/svc/Suppliers(\'S-1\')' });
    expect(entity.bindings.map(({ navigation, target, urls }) => [navigation.name, target.name, urls])).toEqual([
      ['category', 'Categories', ['Categories(3)']],
      ['supplier', 'Suppliers', ["https://host/svc/Suppliers('S-1')"]],
    ]);
  });

  it('reads a single-valued binding to null as no URL: the reference is removed', () => {
    const entity = validate('Products', { 'supplier@odata.bind': null }, 'update');
    expect(entity.bindings.map(({ navigation, urls }) => [navigation.name, urls])).toEqual([['supplier', []]]);
  });

  it('reads a collection binding as its URLs', () => {
    const entity = validate('Categories', { name: 'Tools', 'products@odata.bind': ['Products(1)', 'Products(2)'] });
    expect(entity.bindings).toHaveLength(1);
    expect(entity.bindings[0]?.urls).toEqual(['Products(1)', 'Products(2)']);
    expect(entity.bindings[0]?.target).toBe(setOf(demo, 'Products'));
  });

  it.each([
    ['an array for a single-valued navigation', 'Products', { ...product, 'category@odata.bind': ['Categories(3)'] }, 'category@odata.bind'],
    ['a number', 'Products', { ...product, 'category@odata.bind': 3 }, 'category@odata.bind'],
    ['null for a collection', 'Categories', { name: 'T', 'products@odata.bind': null }, 'products@odata.bind'],
    ['a string for a collection', 'Categories', { name: 'T', 'products@odata.bind': 'Products(1)' }, 'products@odata.bind'],
    ['an empty array', 'Categories', { name: 'T', 'products@odata.bind': [] }, 'products@odata.bind'],
    ['an array holding a number', 'Categories', { name: 'T', 'products@odata.bind': ['Products(1)', 2] }, 'products@odata.bind'],
    ['an unknown navigation', 'Categories', { name: 'T', 'colour@odata.bind': 'Colours(1)' }, 'colour@odata.bind'],
    ['a structural property', 'Categories', { name: 'T', 'description@odata.bind': 'Categories(1)' }, 'description@odata.bind'],
    ['a second binding of one navigation', 'Products', { ...product, 'category@odata.bind': 'Categories(1)', 'category@bind': 'Categories(2)' }, 'category@bind'],
  ])('refuses %s', (_name, setName, body, target) => {
    expect(problems(setName, body)).toEqual([target]);
  });

  it('reads bindings in update and replace mode', () => {
    const { category_id: _omitted, ...withoutCategory } = product;
    expect(validate('Products', { 'category@odata.bind': 'Categories(4)' }, 'update').bindings).toHaveLength(1);
    expect(validate('Products', { ...withoutCategory, 'category@odata.bind': 'Categories(4)' }, 'replace').bindings).toHaveLength(1);
  });

  it('refuses a navigation both bound and given inline', () => {
    expect(problems('Categories', { name: 'T', 'products@odata.bind': ['Products(1)'], products: [product] })).toEqual(['products']);
  });
});

describe('readReference', () => {
  const read = (body: unknown) => readReference(json(body));
  const targets = (body: unknown) => failure(() => read(body)).details.map((detail) => detail.target);

  it('returns the URL as sent', () => {
    expect(read({ '@odata.id': 'Categories(3)' })).toBe('Categories(3)');
    expect(read({ '@odata.context': '$metadata#$ref', '@odata.id': 'https://host/svc/Categories(3)', '@Demo.note': 1 })).toBe('https://host/svc/Categories(3)');
    expect(read({ '@id': 'Categories(3)' })).toBe('Categories(3)');
  });

  it.each([
    ['a number', { '@odata.id': 3 }, ['@odata.id']],
    ['null', { '@odata.id': null }, ['@odata.id']],
    ['no URL', { '@odata.context': '$metadata#$ref' }, ['@odata.id']],
    ['another member', { '@odata.id': 'Categories(3)', url: 'x' }, ['url']],
    ['a property annotation', { '@odata.id': 'Categories(3)', 'url@odata.type': 'x' }, ['url@odata.type']],
    ['two URLs', { '@odata.id': 'Categories(3)', '@id': 'Categories(4)' }, ['@id']],
  ])('refuses %s', (_name, body, expected) => {
    expect(targets(body)).toEqual(expected);
  });

  it.each([[[]], ['Categories(3)'], [null]])('refuses the body %j, which is not an object', (body) => {
    failure(() => read(body));
  });
});

describe('validateEntity: error shape', () => {
  it('throws one ODataError for the whole body', () => {
    const body = parseJsonBody(Buffer.from('{"name":5,"colour":1}'), { maxDepth: 4 });
    let thrown: unknown;
    try {
      validateEntity(body, setOf(demo, 'Categories'), demo, 'create');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ODataError);
    expect((thrown as ODataError).status).toBe(400);
    expect((thrown as ODataError).code).toBe(ErrorCodes.invalidBody);
    expect((thrown as ODataError).details.map((detail) => detail.target)).toEqual(['name', 'colour']);
  });
});
