import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { ODataError } from '../../../src/errors/odata-error.js';
import type { EdmModel } from '../../../src/model/edm-model.js';
import { parseModelConfig } from '../../../src/model/model-config.js';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { planWrite } from '../../../src/plan/plan-write.js';
import type { Preconditions, WriteAction } from '../../../src/plan/write-plan.js';
import { sampleModel } from '../../support/sample-catalog.js';
import { json } from './entity-body.js';

const demo = sampleModel();
const none: Preconditions = { ifMatch: null, ifNoneMatch: null };

function plan(method: string, path: string, body?: unknown, preconditions: Preconditions = none, model: EdmModel = demo): WriteAction {
  return planWrite(parseRequest({ path, query: '' }), { method, body: body === undefined ? undefined : json(body), preconditions }, model);
}

function failure(run: () => unknown): ODataError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ODataError);
    return error as ODataError;
  }
  throw new Error('expected an ODataError');
}

describe('planWrite', () => {
  it('plans a create on a POST to an entity set', () => {
    const action = plan('POST', 'Products', { sku: 'A', name: 'n', price: 1, category_id: 1 });
    expect(action.kind).toBe('create');
    expect(action.kind === 'create' && action.entity.properties.map((input) => input.property.name)).toEqual(['sku', 'name', 'price', 'category_id']);
  });

  it('plans PATCH as an update and PUT as a replacement, keeping the URL key for an upsert', () => {
    const patch = plan('PATCH', "Products(sku='A-1')", { name: 'n' });
    expect(patch).toMatchObject({ kind: 'update', replace: false });
    expect(patch.kind === 'update' && patch.row.key?.map((value) => [value.property.name, value.value.value])).toEqual([['sku', 'A-1']]);
    expect(plan('PUT', 'Categories(3)', { name: 'n' })).toMatchObject({ kind: 'update', replace: true });
  });

  it('keeps no key for a path through navigation: such a row is updated, never created', () => {
    const action = plan('PATCH', 'Categories(3)/products(00000000-0000-0000-0000-000000000001)', { name: 'n' });
    expect(action.kind === 'update' && action.row.key).toBeNull();
  });

  it('plans single property writes; DELETE of a non-nullable or a key property is a 400', () => {
    expect(plan('PUT', 'Products(sku=\'A\')/description', { value: 'd' })).toMatchObject({ kind: 'setProperty', value: { kind: 'value', value: 'd' } });
    expect(plan('DELETE', "Products(sku='A')/description")).toMatchObject({ kind: 'setProperty', value: { kind: 'null' } });
    expect(failure(() => plan('DELETE', "Products(sku='A')/name")).target).toBe('name');
    expect(failure(() => plan('PUT', 'Categories(1)/id', { value: 2 })).status).toBe(400);
  });

  it('plans $ref writes by who holds the foreign key', () => {
    expect(plan('PUT', "Products(sku='A')/category/$ref", { '@odata.id': 'Categories(1)' })).toMatchObject({ kind: 'setReference', url: 'Categories(1)' });
    expect(plan('DELETE', "Products(sku='A')/supplier/$ref")).toMatchObject({ kind: 'setReference', url: null });
    expect(plan('POST', 'Categories(1)/products/$ref', { '@odata.id': "Products(sku='A')" })).toMatchObject({ kind: 'linkReference', add: true });
    expect(plan('DELETE', 'Categories(1)/products(00000000-0000-0000-0000-000000000001)/$ref')).toMatchObject({ kind: 'linkReference', add: false, related: { kind: 'where' } });
  });

  it.each([
    ['DELETE', 'Products', 'GET, HEAD, POST'],
    ['PATCH', 'Products', 'GET, HEAD, POST'],
    ['POST', 'Categories(1)', 'GET, HEAD, PATCH, PUT, DELETE'],
    ['PATCH', 'Categories(1)/name', 'GET, HEAD, PUT, DELETE'],
    ['POST', "Products(sku='A')/category/$ref", 'GET, HEAD, PUT, DELETE'],
    ['PUT', 'Categories(1)/products/$ref', 'GET, HEAD, POST'],
  ])('%s %s is 405 with Allow: %s', (method, path, allow) => {
    const error = failure(() => plan(method, path, {}));
    expect(error.status).toBe(405);
    expect(error.headers['allow']).toBe(allow);
  });

  it('answers writes to read-only sets and keyless tables with 405', () => {
    const readOnly = sampleModel(parseModelConfig({ entitySets: { categories: { readOnly: true } } }, 'test'));
    const error = failure(() => plan('POST', 'Categories', { name: 'n' }, none, readOnly));
    expect(error.status).toBe(405);
    expect(error.headers['allow']).toBe('GET, HEAD');
    expect(failure(() => plan('POST', 'Readings', {})).status).toBe(405);
    const nested = failure(() => plan('POST', 'Products', { sku: 'A', name: 'n', price: 1, category: { name: 'new' } }, none, readOnly));
    expect(nested.status).toBe(405);
    expect(nested.message).toContain('Categories is read-only');
    const bound = failure(() => plan('POST', 'Suppliers', { id: 'S', name: 'n', 'products@odata.bind': ["Products(sku='A')"] }, none, sampleModel(parseModelConfig({ entitySets: { products: { readOnly: true } } }, 'test'))));
    expect(bound.status).toBe(405);
    expect(plan('POST', 'Products', { sku: 'A', name: 'n', price: 1, 'category@odata.bind': 'Categories(1)' }, none, readOnly).kind).toBe('create');
  });

  it('requires If-Match on sets that ask for it (428), except for a create-only upsert', () => {
    const strict = sampleModel(parseModelConfig({ entitySets: { categories: { requireIfMatch: true } } }, 'test'));
    for (const [method, path] of [['PATCH', 'Categories(1)'], ['PUT', 'Categories(1)'], ['DELETE', 'Categories(1)'], ['PUT', 'Categories(1)/name']] as const) {
      const error = failure(() => plan(method, path, method === 'DELETE' ? undefined : path.endsWith('name') ? { value: 'n' } : { name: 'n' }, none, strict));
      expect(error.status).toBe(428);
      expect(error.code).toBe(ErrorCodes.preconditionRequired);
    }
    expect(plan('PATCH', 'Categories(1)', { name: 'n' }, { ifMatch: { kind: 'any' }, ifNoneMatch: null }, strict).kind).toBe('update');
    expect(plan('PATCH', "Categories(name='x')", { description: 'n' }, { ifMatch: null, ifNoneMatch: { kind: 'any' } }, strict).kind).toBe('update');
    expect(plan('POST', 'Categories', { name: 'n' }, none, strict).kind).toBe('create');
  });

  it('plans a POST to a collection navigation property as a create related to its entity', () => {
    const action = plan('POST', 'Categories(1)/products', { sku: 'A', name: 'n', price: 1 });
    expect(action.kind === 'create' && action.parent?.navigation.name).toBe('products');
    expect(action.kind === 'create' && action.entity.properties.map((input) => input.property.name)).toEqual(['sku', 'name', 'price']);
  });

  it('reads the member to remove from $id for DELETE of a collection $ref', () => {
    const action = planWrite(parseRequest({ path: 'Categories(1)/products/$ref', query: "$id=Products(sku%3D'A')" }), { method: 'DELETE', body: undefined, preconditions: none }, demo);
    expect(action).toMatchObject({ kind: 'linkReference', add: false, related: { kind: 'url', url: "Products(sku='A')" } });
  });

  it('needs a body where one is read', () => {
    expect(failure(() => plan('PATCH', 'Categories(1)')).status).toBe(400);
    expect(failure(() => plan('POST', 'Categories')).status).toBe(400);
  });
});
