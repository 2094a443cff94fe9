import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { planRead } from '../../../src/plan/plan-read.js';
import type { ReadOptions } from '../../../src/plan/read-options.js';
import { sampleModel } from '../../support/sample-catalog.js';
import { testReadOptions } from '../../support/read-options.js';

const model = sampleModel();
const options: ReadOptions = {
  metadata: 'minimal',
  ieee754Compatible: false,
  maxPageSizePreference: undefined,
  defaultPageSize: 100,
  maxPageSize: 1000, skipTokenSecret: 'test-secret-test-secret-test-secret', tracking: testReadOptions.tracking, };

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
    ['', undefined, { limit: 100, probeNext: true, returnLastSortValues: true, skip: 0 }, { kind: 'keyset', top: undefined }, undefined],
    ['$top=10', undefined, { limit: 10, probeNext: false, returnLastSortValues: false, skip: 0 }, { kind: 'keyset', top: 0 }, undefined],
    ['$top=250&$skip=5', undefined, { limit: 100, probeNext: true, returnLastSortValues: true, skip: 5 }, { kind: 'keyset', top: 150 }, undefined],
    ['', 20, { limit: 20, probeNext: true, returnLastSortValues: true, skip: 0 }, { kind: 'keyset', top: undefined }, 20],
    ['', 5000, { limit: 1000, probeNext: true, returnLastSortValues: true, skip: 0 }, { kind: 'keyset', top: undefined }, 1000],
  ])('pages %s with maxpagesize %s', (query, preference, expectedQuery, nextPage, applied) => {
    const result = plan('Products', query, { maxPageSizePreference: preference });
    expect(result.query).toMatchObject({ kind: 'collection', after: null, ...expectedQuery });
    expect(result.shape).toMatchObject({ kind: 'collection', nextPage, appliedMaxPageSize: applied });
  });

  it('pages a set without key by offset, since its order is not total', () => {
    const result = plan('Readings', '$top=250&$skip=5');
    expect(result.query).toMatchObject({ returnLastSortValues: false });
    expect(result.shape).toMatchObject({ nextPage: { kind: 'offset', skip: 105, top: 150 } });
    expect(() => plan('Readings', '$skiptoken=abc')).toThrow(/not issued/);
  });

  it('binds a $skiptoken to the sequence it came from: the same filter and order, any other options', async () => {
    const { encodeSkipToken, sequenceFingerprint } = await import('../../../src/plan/skiptoken.js');
    const base = parseRequest({ path: 'Products', query: '$filter=price gt 1&$orderby=name' }).options;
    const token = encodeSkipToken(sequenceFingerprint('Products', base), '["a", "3fa85f64-5717-4562-b3fc-2c963f66afa6"]', options.skipTokenSecret);
    const next = plan('Products', `$filter=price gt 1&$orderby=name&$select=sku&$top=5&$skiptoken=${token}`);
    expect(next.query).toMatchObject({ after: '["a", "3fa85f64-5717-4562-b3fc-2c963f66afa6"]' });
    expect(() => plan('Products', `$filter=price gt 2&$orderby=name&$skiptoken=${token}`)).toThrow(/not valid/);
    expect(() => plan('Products', `$filter=price gt 1&$orderby=sku&$skiptoken=${token}`)).toThrow(/not valid/);
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
      '@odata.type', '@odata.id', '@odata.etag', '@odata.editLink', 'sku', 'category@odata.navigationLink', 'supplier@odata.navigationLink',
    ]);
    const minimal = plan('Products', '$select=sku').query;
    if (minimal.kind !== 'collection') throw new Error(minimal.kind);
    expect(minimal.select.map((projection) => projection.name)).toEqual(['@odata.etag', 'sku']);
    const none = plan('Products', '$select=sku', { metadata: 'none' }).query;
    if (none.kind !== 'collection') throw new Error(none.kind);
    expect(none.select.map((projection) => projection.name)).toEqual(['sku']);
  });

  it("takes @odata.etag from each set's source on its own rows, and gives a single entity's ETag source for the header", () => {
    const { query } = plan("Suppliers('S1')", '$select=name&$expand=products($select=sku)');
    if (query.kind !== 'entity') throw new Error(query.kind);
    expect(query.etag).toEqual({ kind: 'xmin' });
    expect(query.select[0]).toEqual({ kind: 'etag', name: '@odata.etag', source: { kind: 'xmin' }, alias: 't0' });
    const expanded = query.select.find((projection) => projection.kind === 'expand');
    if (expanded?.kind !== 'expand') throw new Error('no expansion');
    expect(expanded.expand.select.map((projection) => projection.name)).toEqual(['@odata.etag', 'sku']);
    expect(expanded.expand.select[0]).toMatchObject({ kind: 'etag', alias: 'x1' });
    // an entity reference carries its id alone
    const refs = plan("Suppliers('S1')", '$expand=products/$ref').query;
    if (refs.kind !== 'entity') throw new Error(refs.kind);
    const ref = refs.select.find((projection) => projection.kind === 'expand');
    if (ref?.kind !== 'expand') throw new Error('no expansion');
    expect(ref.expand.select.map((projection) => projection.name)).toEqual(['@odata.id']);
  });

  it('writes Int64 and Decimal as text under IEEE754Compatible', () => {
    const result = plan('Products', '$select=price,stock,quantity', { ieee754Compatible: true }).query;
    if (result.kind !== 'collection') throw new Error(result.kind);
    expect(result.select.flatMap((projection) => (projection.kind === 'property' ? [projection.encoding] : []))).toEqual(['text', 'json', 'text']);
  });
});
