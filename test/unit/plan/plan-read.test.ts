import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { planRead } from '../../../src/plan/plan-read.js';
import type { ReadOptions } from '../../../src/plan/read-options.js';
import { sampleModel } from '../../support/sample-catalog.js';

const model = sampleModel();
const options: ReadOptions = {
  metadata: 'minimal',
  ieee754Compatible: false,
  maxPageSizePreference: undefined,
  defaultPageSize: 100,
  maxPageSize: 1000,
};

function plan(path: string, query = '', overrides: Partial<ReadOptions> = {}) {
  return planRead(parseRequest({ path, query }), model, { ...options, ...overrides });
}

describe('planRead', () => {
  it('appends the key to $orderby so pages are stable, with OData null order', () => {
    const { query } = plan('Products', '$orderby=cost desc,name');
    if (query.kind !== 'collection') throw new Error(query.kind);
    expect(query.orderBy.map((term) => [term.expr.kind === 'column' ? term.expr.column : '?', term.direction, term.nulls])).toEqual([
      ['cost', 'desc', 'last'],
      ['name', 'asc', null],
      ['id', 'asc', null],
    ]);
  });

  it('does not repeat a key already in $orderby; composite keys are appended whole', () => {
    const products = plan('Products', '$orderby=id desc').query;
    if (products.kind !== 'collection') throw new Error(products.kind);
    expect(products.orderBy).toHaveLength(1);
    const lines = plan('OrderLines').query;
    if (lines.kind !== 'collection') throw new Error(lines.kind);
    expect(lines.orderBy.map((term) => (term.expr.kind === 'column' ? term.expr.column : '?'))).toEqual(['order_id', 'line_no']);
  });

  it.each([
    ['', undefined, { limit: 100, probeNext: true, skip: 0 }, { skip: 100, top: undefined }, undefined],
    ['$top=10', undefined, { limit: 10, probeNext: false, skip: 0 }, { skip: 10, top: 0 }, undefined],
    ['$top=250&$skip=5', undefined, { limit: 100, probeNext: true, skip: 5 }, { skip: 105, top: 150 }, undefined],
    ['', 20, { limit: 20, probeNext: true, skip: 0 }, { skip: 20, top: undefined }, 20],
    ['', 5000, { limit: 1000, probeNext: true, skip: 0 }, { skip: 1000, top: undefined }, 1000],
  ])('pages %s with maxpagesize %s', (query, preference, expectedQuery, nextPage, applied) => {
    const result = plan('Products', query, { maxPageSizePreference: preference });
    expect(result.query).toMatchObject({ kind: 'collection', ...expectedQuery });
    expect(result.shape).toMatchObject({ kind: 'collection', nextPage, appliedMaxPageSize: applied });
  });

  it('names the selected properties in the context, in model order', () => {
    expect(plan('Products', '$select=price,name').shape).toMatchObject({ context: 'Products(name,price)' });
    expect(plan('Products', '$select=*').shape).toMatchObject({ context: 'Products' });
  });

  it('plans entity, property, $value and $count reads', () => {
    expect(plan("Suppliers('S''1')").shape).toEqual({ kind: 'entity', context: 'Suppliers/$entity' });
    expect(plan("Suppliers('S''1')/name").shape).toMatchObject({ kind: 'property', context: "Suppliers('S''1')/name", raw: false });
    expect(plan('Categories(4)/name/$value').shape).toMatchObject({ kind: 'property', raw: true });
    expect(plan('Products/$count', '$filter=price gt 1').query).toMatchObject({ kind: 'count', where: { kind: 'compare' } });
  });

  it('adds control information in full metadata only', () => {
    const full = plan('Products', '$select=sku', { metadata: 'full' }).query;
    if (full.kind !== 'collection') throw new Error(full.kind);
    expect(full.select.map((projection) => projection.name)).toEqual([
      '@odata.type', '@odata.id', '@odata.editLink', 'sku', 'category@odata.navigationLink', 'supplier@odata.navigationLink',
    ]);
    const minimal = plan('Products', '$select=sku').query;
    if (minimal.kind !== 'collection') throw new Error(minimal.kind);
    expect(minimal.select.map((projection) => projection.name)).toEqual(['sku']);
  });

  it('writes Int64 and Decimal as text under IEEE754Compatible', () => {
    const result = plan('Products', '$select=price,stock,quantity', { ieee754Compatible: true }).query;
    if (result.kind !== 'collection') throw new Error(result.kind);
    expect(result.select.map((projection) => (projection.kind === 'property' ? projection.encoding : '?'))).toEqual(['text', 'json', 'text']);
  });
});
