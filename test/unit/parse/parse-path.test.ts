import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { expectRejected } from './parse-failure.js';

const path = (raw: string, query = '') => parseRequest({ path: raw, query }).path;

describe('resource path', () => {
  it.each([
    ['', { kind: 'serviceDocument' }],
    ['$metadata', { kind: 'metadata' }],
    ['$batch', { kind: 'batch' }],
  ])('%j', (raw, expected) => {
    expect(path(raw)).toEqual(expected);
  });

  it.each([
    ['Products', [{ kind: 'identifier', name: 'Products' }]],
    ['Products(1)', [{ kind: 'identifier', name: 'Products', key: { kind: 'single', value: { kind: 'literal', type: 'integer', value: '1', pos: 9 } } }]],
    ['Products(1)/name', [{ kind: 'identifier', name: 'Products', key: { kind: 'single', value: { type: 'integer', value: '1' } } }, { kind: 'identifier', name: 'name' }]],
    ['Products(1)/name/$value', [{ name: 'Products' }, { name: 'name' }, { kind: 'value' }]],
    ['Products/$count', [{ name: 'Products' }, { kind: 'count' }]],
    ['Products(1)/category/$ref', [{ name: 'Products' }, { name: 'category' }, { kind: 'ref' }]],
    ['Products/ODataFacade.Product', [{ name: 'Products' }, { kind: 'cast', typeName: 'ODataFacade.Product' }]],
    ['Products/ODataFacade.Product/$count', [{}, { kind: 'cast' }, { kind: 'count' }]],
    ['Categories(1)/Products(2)/$ref', [{ key: { kind: 'single' } }, { name: 'Products', key: { kind: 'single', value: { value: '2' } } }, { kind: 'ref' }]],
    ['Products(3fa85f64-5717-4562-b3fc-2c963f66afa6)', [{ key: { kind: 'single', value: { type: 'guid', value: '3fa85f64-5717-4562-b3fc-2c963f66afa6' } } }]],
    ["Suppliers('A''B')", [{ key: { kind: 'single', value: { type: 'string', value: "A'B" } } }]],
    ["Suppliers('A%27%27B')", [{ key: { kind: 'single', value: { type: 'string', value: "A'B" } } }]],
    ['Customers%28%27O%27%27Neil%27%29', [{ name: 'Customers', key: { kind: 'single', value: { value: "O'Neil" } } }]],
    ["Categories('Smartphone%2FTablet')", [{ key: { kind: 'single', value: { value: 'Smartphone/Tablet' } } }]],
    ["Categories('Tablet%20)small(')", [{ key: { kind: 'single', value: { value: 'Tablet )small(' } } }]],
    ['Items(order_id=1,line_no=2)', [{ key: { kind: 'named', pairs: [{ name: 'order_id', value: { value: '1' } }, { name: 'line_no', value: { value: '2' } }] } }]],
    ["OrderItems(OrderID=1,ItemID='a')", [{ key: { kind: 'named', pairs: [{ name: 'OrderID' }, { name: 'ItemID', value: { type: 'string' } }] } }]],
    ['Categories(2018-02-13T23%3A59%3A59Z)', [{ key: { kind: 'single', value: { type: 'dateTimeOffset', value: '2018-02-13T23:59:59Z' } } }]],
    ['Categories(23:59:59)', [{ key: { kind: 'single', value: { type: 'timeOfDay' } } }]],
    ['Flags(true)', [{ key: { kind: 'single', value: { type: 'boolean', value: 'true' } } }]],
    ["Things(Ns.Color'Red')", [{ key: { kind: 'single', value: { type: 'enum', enumType: 'Ns.Color' } } }]],
    ['Nums(-1)', [{ key: { kind: 'single', value: { value: '-1' } } }]],
  ])('%s', (raw, segments) => {
    expect(path(raw)).toMatchObject({ kind: 'resource', segments });
  });

  it('leaves key out of segments without one', () => {
    expect(path('Products/name')).toEqual({ kind: 'resource', segments: [{ kind: 'identifier', name: 'Products' }, { kind: 'identifier', name: 'name' }] });
  });

  it.each([
    ["Suppliers('A%27B')", 13, 'an encoded quote ends the string like a literal one'],
    ["Categories('Tablet/Slate')", 18, 'a literal / splits segments'],
    ['Products/', 9, 'empty last segment'],
    ['/Products', 0, 'empty first segment'],
    ['Products//name', 9, 'empty middle segment'],
    ['Products%2F1', 8, 'an encoded / is not a separator'],
    ['Products( 1)', 10, 'whitespace in a key'],
    ['Products(1', 10, 'unclosed key'],
    ['Products(1)(2)', 11, 'two keys'],
    ['Products(null)', 9, 'null key'],
    ['Products(ID=wrong)', 12, 'identifier as key value'],
    ["OrderItems(OrderID=1;ItemID='a')", 20, 'semicolon between key parts'],
    ['Products(a=1,)', 13, 'dangling comma'],
    ['Products.', 9, 'trailing dot'],
    ['.Products', 0, 'leading dot'],
    ['Model.Rejection', 0, 'qualified name at the root'],
    ['$count', 0, '$count at the root'],
    ['Products/$count/name', 16, '$count not last'],
    ['Products(1)/name/$value/x', 24, '$value not last'],
    ['Products/$ref/$count', 14, '$ref not last'],
    ['Products(1)/Ns.A/Ns.B', 17, 'two casts in a row'],
    ['$metadata/x', 10, 'segment after $metadata'],
    ['$batch/x', 7, 'segment after $batch'],
    ['$entity/x', 8, 'unqualified type after $entity'],
    ['%ZZ', 0, 'malformed escape'],
  ])('rejects %j (%s)', (raw, pos) => {
    expectRejected(() => path(raw, '$id=x'), ErrorCodes.syntax, pos, 'path');
  });
});

describe('options allowed per kind of path', () => {
  it('$entity takes its id from $id, and $select/$expand only with a type cast', () => {
    expect(path('$entity', '$id=http://host/service/Products(1)')).toEqual({ kind: 'entity', id: 'http://host/service/Products(1)' });
    expect(path('$entity', 'id=urn:some:id&$format=json')).toEqual({ kind: 'entity', id: 'urn:some:id' });
    const cast = parseRequest({ path: '$entity/Model.Customer', query: '$id=x&$select=Name&$expand=Orders' });
    expect(cast.path).toEqual({ kind: 'entity', id: 'x', typeName: 'Model.Customer' });
    expect(cast.options).toMatchObject({ id: 'x', select: [{ path: ['Name'] }], expand: [{ path: ['Orders'] }] });
  });

  it('accepts $format and custom options on $metadata and $batch', () => {
    expect(parseRequest({ path: '$metadata', query: '$format=json&!special' })).toMatchObject({ path: { kind: 'metadata' }, options: { format: 'json' } });
    expect(parseRequest({ path: '$batch', query: '$format=multipart/mixed' }).options).toEqual({ format: 'multipart/mixed' });
    expect(parseRequest({ path: '', query: '$format=json' }).options).toEqual({ format: 'json' });
  });

  it.each([
    ['$entity', '$format=json', ErrorCodes.syntax, 'path'],
    ['$entity', '$id=x&$select=Name', ErrorCodes.invalidQueryOption, '$select'],
    ['$metadata', '$filter=true', ErrorCodes.invalidQueryOption, '$filter'],
    ['$batch', '$top=1', ErrorCodes.invalidQueryOption, '$top'],
    ['', '$expand=x', ErrorCodes.invalidQueryOption, '$expand'],
  ])('rejects %s?%s', (raw, query, code, target) => {
    expectRejected(() => parseRequest({ path: raw, query }), code, 0, target);
  });
});
