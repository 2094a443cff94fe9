import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { expectRejected } from './parse-failure.js';

const segments = (raw: string, query = '') => {
  const { path } = parseRequest({ path: raw, query });
  if (path.kind !== 'resource') throw new Error(path.kind);
  return path.segments;
};
const int = (value: string, pos: number) => ({ kind: 'literal', type: 'integer', value, pos });

describe('function and action calls in the resource path', () => {
  it.each([
    ['TheBestProduct()', [{ kind: 'call', name: 'TheBestProduct', parameters: [] }]],
    ['TheBestProduct( )', [{ kind: 'call', name: 'TheBestProduct', parameters: [] }]],
    ['TheMostPopularName()/$value', [{ kind: 'call', name: 'TheMostPopularName', parameters: [] }, { kind: 'value' }]],
    ['Products/Model.MostExpensive()', [{ kind: 'identifier', name: 'Products' }, { kind: 'call', name: 'Model.MostExpensive', parameters: [] }]],
    ['Customers/MostPopularAddresses()/AddressWithLocation/$count', [{ name: 'Customers' }, { kind: 'call', name: 'MostPopularAddresses' }, { kind: 'identifier', name: 'AddressWithLocation' }, { kind: 'count' }]],
    ['Customers/Model.MostPopularAddresses()/Model.AddressWithLocation', [{}, { kind: 'call' }, { kind: 'cast', typeName: 'Model.AddressWithLocation' }]],
    ["Categories(1)/Model.ProductsByColor(color='red')", [{ key: { kind: 'single' } }, { kind: 'call', name: 'Model.ProductsByColor', parameters: [{ name: 'color', value: { kind: 'literal', type: 'string', value: 'red', pos: 42 } }] }]],
    ['F( a=1 , b=null )', [{ kind: 'call', name: 'F', parameters: [{ name: 'a', value: int('1', 5) }, { name: 'b', value: { type: 'null' } }] }]],
    ['F(a=1,b=null)', [{ kind: 'call', parameters: [{ name: 'a' }, { name: 'b', value: { type: 'null' } }] }]],
    ['ProductsByCategoryId(categoryId=2)(2)', [{ kind: 'call', name: 'ProductsByCategoryId', parameters: [{ name: 'categoryId', value: int('2', 32) }] }, { kind: 'key', key: { kind: 'single', value: int('2', 35) } }]],
    ['F()(ID=5)', [{ kind: 'call', parameters: [] }, { kind: 'key', key: { kind: 'named', pairs: [{ name: 'ID', value: int('5', 7) }] } }]],
    ['Products/Model.BestSellingProduct(1)', [{ name: 'Products' }, { kind: 'cast', typeName: 'Model.BestSellingProduct' }, { kind: 'key', key: { kind: 'single', value: int('1', 34) } }]],
  ])('%s', (raw, expected) => {
    expect(segments(raw)).toMatchObject(expected);
  });

  it('reads an unqualified name with key syntax as a key, for the planner to reinterpret', () => {
    expect(segments('ProductsByCategoryId(categoryId=2)')).toEqual([
      { kind: 'identifier', name: 'ProductsByCategoryId', key: { kind: 'named', pairs: [{ name: 'categoryId', value: int('2', 32) }] } },
    ]);
  });

  it.each([
    ['ProductsByCategoryId(categoryId=@cat)', '@cat=Model.MostPopularCategory(Rank=2)', { kind: 'path', segments: [{ kind: 'call', name: 'Model.MostPopularCategory' }] }],
    ['ProductsByColor(colors=@c)', '@c=["red","green"]', { kind: 'json', value: ['red', 'green'] }],
    ['ProductsByComplex(complex=@c)', '@c={"Name":"Value"}', { kind: 'json', value: { Name: 'Value' } }],
    ['ProductsByCustomer(customer=@c)', "@c=$root/Customers('ALFKI')", { kind: 'path', segments: [{ name: '$root' }, { name: 'Customers' }, { kind: 'key' }] }],
    ['ProductsByColor(color=@missing)', '', { kind: 'literal', type: 'null' }],
  ])('%s?%s takes the alias value as a parameter', (raw, query, value) => {
    expect(segments(raw, query)).toMatchObject([{ kind: 'call', parameters: [{ value }] }]);
  });

  it('keeps an alias holding a literal a key', () => {
    expect(segments('Items(id=@k)', '@k=7')).toMatchObject([{ kind: 'identifier', key: { kind: 'named', pairs: [{ name: 'id', value: { value: '7' } }] } }]);
  });

  it.each([
    ['F(p=Name)', 4, 'an expression as a path parameter'],
    ['F(p=[1])', 4, 'JSON as a path parameter (an alias may hold it)'],
    ['F(p =1)', 4, 'whitespace before ='],
    ['F(p= 1)', 5, 'whitespace after ='],
    ['F(p=1', 5, 'unclosed parameters'],
    ['F(p=1,)', 6, 'dangling comma'],
    ['F(1,2)', 3, 'positional parameters'],
    ['F(1)(2)', 4, 'a key after a key'],
    ['F(p=1)(2)(3)', 9, 'a third group'],
    ['F()(p=Name)', 6, 'a key that is not a literal'],
    ['Products/Model.T(1)(2)', 19, 'a key after a cast and its key'],
    ['Model.F()', 0, 'a qualified name at the root'],
  ])('rejects %j (%s)', (raw, pos) => {
    expectRejected(() => segments(raw), ErrorCodes.syntax, pos, 'path');
  });
});

describe('key-as-segment and ordinal index', () => {
  it.each([
    ['Customers/1', [{ kind: 'identifier', name: 'Customers' }, { kind: 'keyOrIndex', text: '1' }]],
    ['OrderItems/2001/1', [{ kind: 'identifier' }, { kind: 'keyOrIndex', text: '2001' }, { kind: 'keyOrIndex', text: '1' }]],
    ['Orders/1/Items', [{}, { kind: 'keyOrIndex', text: '1' }, { kind: 'identifier', name: 'Items' }]],
    ["People/O'Neil", [{}, { kind: 'keyOrIndex', text: "O'Neil" }]],
    ['People/O%27Neil', [{}, { kind: 'keyOrIndex', text: "O'Neil" }]],
    ['Categories/Smartphone%2FTablet', [{}, { kind: 'keyOrIndex', text: 'Smartphone/Tablet' }]],
    ['Suppliers(1)/Addresses/Model.AddressWithLocation/-1', [{}, {}, { kind: 'cast' }, { kind: 'keyOrIndex', text: '-1' }]],
    ['Things/abcdef01-2345-6789-abcd-ef0123456789', [{}, { kind: 'keyOrIndex', text: 'abcdef01-2345-6789-abcd-ef0123456789' }]],
    ['Customers/ALFKI', [{}, { kind: 'identifier', name: 'ALFKI' }]],
  ])('%s', (raw, expected) => {
    expect(segments(raw)).toMatchObject(expected);
  });

  it.each([
    ['1', 0, 'a key-as-segment cannot be first'],
    ['Products/$count/1', 16, 'nothing follows $count'],
    ['Products/$foo', 9, 'an unknown $ segment'],
  ])('rejects %j (%s)', (raw, pos) => {
    expectRejected(() => segments(raw), ErrorCodes.syntax, pos, 'path');
  });
});

describe('$filter, $each and $query segments', () => {
  it.each([
    ['Products/$filter(Age gt 3)', '', [{ name: 'Products' }, { kind: 'filter', predicate: { kind: 'binary', op: 'gt', left: { path: ['Age'], pos: 17 } } }]],
    ['Products/$filter(@foo)', '@foo=Age gt 3', [{}, { kind: 'filter', predicate: { kind: 'binary', op: 'gt' } }]],
    ["Products/$filter(Address/City eq 'Oslo')/$count", '', [{}, { kind: 'filter', predicate: { left: { path: ['Address', 'City'] } } }, { kind: 'count' }]],
    ["Products/$filter(Name eq ')/(')", '', [{}, { kind: 'filter', predicate: { right: { value: ')/(' } } }]],
    ['Products/$filter%28Age%20gt%203%29', '', [{}, { kind: 'filter', predicate: { op: 'gt' } }]],
    ["Products/$filter(Age gt 3)(ID='Sugar')", '', [{}, { kind: 'filter' }, { kind: 'key', key: { kind: 'named', pairs: [{ name: 'ID' }] } }]],
    ['Products/$filter(@a)/$filter(@b)/$ref', '@a=true&@b=false', [{}, { kind: 'filter' }, { kind: 'filter' }, { kind: 'ref' }]],
    ['Products/$each', '', [{}, { kind: 'each' }]],
    ['Products/$filter(@foo)/$each/Special.Discount', '@foo=true', [{}, { kind: 'filter' }, { kind: 'each' }, { kind: 'cast', typeName: 'Special.Discount' }]],
    ['Products/$each/Discount(p=1)', '', [{}, { kind: 'each' }, { kind: 'identifier', name: 'Discount' }]],
    ['People/$query', '', [{}, { kind: 'query' }]],
    ['People(42)/Addresses/$query', '', [{ key: {} }, { name: 'Addresses' }, { kind: 'query' }]],
    ['Categories(1)/Model.ProductsByColor/$query', '', [{}, { kind: 'cast' }, { kind: 'query' }]],
  ])('%s?%s', (raw, query, expected) => {
    expect(segments(raw, query)).toMatchObject(expected);
  });

  it.each([
    ['Products/$filter', 9, '$filter without parentheses'],
    ['Products/$filter()', 17, 'an empty $filter'],
    ['Products/$filter(Age gt 3', 25, 'an unclosed $filter'],
    ['Products/$filter(Age gt)', 23, 'an incomplete predicate'],
    ['Products/$filter(a)x', 19, 'text after $filter(…)'],
    ['People/$query/Name', 14, '$query not last'],
    ['Products/$each/$count', 15, '$count after $each'],
    ['Products/$each/1', 15, 'a key after $each'],
    ['$each', 0, '$each at the root'],
    ['Products/$query(1)', 15, 'parentheses after $query'],
  ])('rejects %j (%s)', (raw, pos) => {
    expectRejected(() => segments(raw), ErrorCodes.syntax, pos, 'path');
  });
});

describe('$crossjoin and $all', () => {
  it.each([
    ['$crossjoin(Customers,Countries)', [{ kind: 'crossjoin', entitySets: ['Customers', 'Countries'] }]],
    ['$crossjoin(Customers)/$query', [{ kind: 'crossjoin', entitySets: ['Customers'] }, { kind: 'query' }]],
    ['$all', [{ kind: 'all' }]],
    ['$all/Model.Customer', [{ kind: 'all' }, { kind: 'cast', typeName: 'Model.Customer' }]],
    ['$all/Customer', [{ kind: 'all' }, { kind: 'identifier', name: 'Customer' }]],
  ])('%s', (raw, expected) => {
    expect(segments(raw)).toEqual(expected);
  });

  it('takes query options', () => {
    expect(parseRequest({ path: '$all', query: '$search=red&$filter=true' }).options).toMatchObject({ search: { text: 'red' }, filter: { value: 'true' } });
  });

  it.each([
    ['$crossjoin', 0, 'no parentheses'],
    ['$crossjoin()', 11, 'no entity sets'],
    ['$crossjoin(A, B)', 14, 'whitespace'],
    ['$crossjoin(A,1)', 13, 'not a name'],
    ['$crossjoin(A,B)/A', 16, 'only $query may follow'],
    ['Products/$crossjoin(A)', 9, 'not first'],
    ['$all/Model.Customer/Name', 20, 'a segment after the type'],
    ['$all/1', 5, 'not a type'],
    ['$all/$count', 5, 'not a type'],
    ['$all(1)', 4, 'parentheses'],
    ['Products/$all', 9, 'not first'],
  ])('rejects %j (%s)', (raw, pos) => {
    expectRejected(() => segments(raw), ErrorCodes.syntax, pos, 'path');
  });
});
