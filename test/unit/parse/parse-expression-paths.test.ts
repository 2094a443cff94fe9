import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { parseExpression } from '../../../src/parse/parse-expression.js';
import { expectRejected } from './parse-failure.js';

const int = (value: string, pos: number) => ({ kind: 'literal', type: 'integer', value, pos });
const name = (text: string, pos: number) => ({ kind: 'name', name: text, pos });

describe('function calls in expression paths', () => {
  it('keeps bound calls, names and positions in order', () => {
    expect(parseExpression('Products/Model.BestProduct()/Name')).toEqual({
      kind: 'path',
      segments: [name('Products', 0), { kind: 'call', name: 'Model.BestProduct', parameters: [], pos: 9 }, name('Name', 29)],
      pos: 0,
    });
  });

  it.each([
    ['Thumbnail/Model.Available()', [name('Thumbnail', 0), { kind: 'call', name: 'Model.Available', parameters: [] }]],
    ['Items/MostPopularNames()/MostPopularName()', [{ name: 'Items' }, { kind: 'call', name: 'MostPopularNames' }, { kind: 'call', name: 'MostPopularName' }]],
    ['Items/Model.MostPopularAddresses()/$count', [{}, { kind: 'call' }, { kind: 'count' }]],
    ["Products/Model.ProductsByColor(color='green')/Model.BestSellingProduct/Name", [{}, { kind: 'call', parameters: [{ name: 'color', value: { value: 'green' } }] }, name('Model.BestSellingProduct', 46), { name: 'Name' }]],
    ['Products/Model.ProductsByColor(colors=[ "red", "green" ])', [{}, { kind: 'call', parameters: [{ name: 'colors', value: { kind: 'json', value: ['red', 'green'] } }] }]],
    ['$it/Model.PhoneticallySimilar(Number=5 add 3)', [name('$it', 0), { kind: 'call', parameters: [{ name: 'Number', value: { kind: 'binary', op: 'add' } }] }]],
    ['Model.PhoneticallySimilar(Word1=Name,Word2=Supplier/Name)', [{ kind: 'call', name: 'Model.PhoneticallySimilar', parameters: [{ name: 'Word1', value: { kind: 'member', path: ['Name'] } }, { name: 'Word2', value: { kind: 'member', path: ['Supplier', 'Name'] } }] }]],
    ['Model.Available(complex={"Name":"Value"})', [{ kind: 'call', parameters: [{ name: 'complex', value: { kind: 'json', value: { Name: 'Value' } } }] }]],
    ['Model.Available()', [{ kind: 'call', name: 'Model.Available', parameters: [], pos: 0 }]],
    ['f(p=1 add 2)', [{ kind: 'call', name: 'f', parameters: [{ name: 'p', value: { kind: 'binary' } }] }]],
    ['f( p=1 )', [{ kind: 'call', name: 'f', parameters: [{ name: 'p', value: int('1', 5) }] }]],
    ['F()/Name', [{ kind: 'call', name: 'F', parameters: [] }, name('Name', 4)]],
    ['F()(1)/Name', [{ kind: 'call', name: 'F' }, { kind: 'key', key: { kind: 'single', value: int('1', 4) }, pos: 3 }, { name: 'Name' }]],
    ['Products/Model.BestProduct()/EmailAddresses/any()', [{}, { kind: 'call' }, { name: 'EmailAddresses' }, { kind: 'lambda', op: 'any', pos: 44 }]],
    ['Products/Model.ProductsByColor()/all(x:x/Price gt 5)', [{}, { kind: 'call' }, { kind: 'lambda', op: 'all', variable: 'x', predicate: { kind: 'binary', op: 'gt' } }]],
  ])('%s', (input, segments) => {
    expect(parseExpression(input)).toMatchObject({ kind: 'path', segments, pos: 0 });
  });

  it('takes parameter values from aliases', () => {
    const expr = parseExpression('Model.F(Word=@w,Other=@missing)', { aliases: new Map([['@w', '5 add 3']]) });
    expect(expr).toMatchObject({ kind: 'path', segments: [{ kind: 'call', parameters: [{ value: { kind: 'binary', op: 'add' } }, { value: { kind: 'literal', type: 'null' } }] }] });
  });

  it('keeps built-in calls (positional arguments, geo.*) as CallExpr', () => {
    expect(parseExpression('geo.distance(a,b)')).toMatchObject({ kind: 'call', name: 'geo.distance' });
    expect(parseExpression('now()')).toMatchObject({ kind: 'call', name: 'now', args: [] });
  });

  it.each([
    ['Model.F(p =1)', 10, 'whitespace before ='],
    ['Model.F(p=1,)', 12, 'dangling comma'],
    ['Model.F(p=1 q=2)', 12, 'missing comma'],
    ['Model.F(p=1', 11, 'unclosed'],
    ['length(Name)/x', 12, 'a built-in result followed by /'],
    ['Items(1)(2)', 8, 'two keys'],
    ['F(p=1)(Name)', 7, 'a key that is not a literal'],
    ['Products/Model.F(p=1)x', 21, 'text after the call'],
  ])('rejects %j (%s)', (input, pos) => {
    expectRejected(() => parseExpression(input), ErrorCodes.syntax, pos, '$filter');
  });
});

describe('keys, $filter, $count(…) and $root in expression paths', () => {
  it('keeps $root paths with their keys', () => {
    expect(parseExpression("$root/Employees('A1245')/LastName")).toEqual({
      kind: 'path',
      segments: [
        name('$root', 0),
        name('Employees', 6),
        { kind: 'key', key: { kind: 'single', value: { kind: 'literal', type: 'string', value: 'A1245', pos: 16 } }, pos: 15 },
        name('LastName', 25),
      ],
      pos: 0,
    });
  });

  it.each([
    ['$root/SalesOrganizations', [name('$root', 0), name('SalesOrganizations', 6)]],
    ['$root/TheMostPopularAddress()/City', [{}, { kind: 'call', name: 'TheMostPopularAddress' }, { name: 'City' }]],
    ['$root/Customers(1)/Model.VipCustomer/AccountRepresentative', [{}, { name: 'Customers' }, { kind: 'key' }, { name: 'Model.VipCustomer' }, { name: 'AccountRepresentative' }]],
    ['Items(1)/Name', [name('Items', 0), { kind: 'key', key: { kind: 'single', value: int('1', 6) }, pos: 5 }, name('Name', 9)]],
    ['Items(ID=1,Code=\'x\')/Name', [{}, { kind: 'key', key: { kind: 'named', pairs: [{ name: 'ID' }, { name: 'Code' }] } }, {}]],
    ['f(p=1)', [name('f', 0), { kind: 'key', key: { kind: 'named', pairs: [{ name: 'p', value: int('1', 4) }] }, pos: 1 }]],
    ['Orders/1/Amount', [{}, { kind: 'key', key: { kind: 'single', value: int('1', 7) }, pos: 7 }, { name: 'Amount' }]],
    ['Products/$filter(Age gt 3)/$count', [{}, { kind: 'filter', predicate: { kind: 'binary', op: 'gt' }, pos: 9 }, { kind: 'count', pos: 27 }]],
    ["Products/$filter(Age gt 3)(ID='Sugar')", [{}, { kind: 'filter' }, { kind: 'key', key: { kind: 'named' } }]],
    ["Addresses/$filter(endswith(Street,'St'))/$count", [{}, { kind: 'filter', predicate: { kind: 'call', name: 'endswith' } }, { kind: 'count' }]],
    ['Products/$count($filter=Price gt 5.00)', [{}, { kind: 'count', filter: { kind: 'binary', op: 'gt' }, pos: 9 }]],
    ['Products/$count($search=blue;$filter=true)', [{}, { kind: 'count', search: { kind: 'term', text: 'blue' }, filter: { value: 'true' } }]],
  ])('%s', (input, segments) => {
    expect(parseExpression(input)).toMatchObject({ kind: 'path', segments, pos: 0 });
  });

  it('parses $count(…) as an operand and goes on after it', () => {
    expect(parseExpression('Products/$count($filter=Price gt 5.00) gt 2')).toMatchObject({
      kind: 'binary',
      op: 'gt',
      left: { kind: 'path', segments: [{}, { kind: 'count' }] },
      right: { value: '2' },
    });
  });

  it('continues a path from an alias holding one', () => {
    const aliases = new Map([['@c', '$root/Customers(1)']]);
    expect(parseExpression('@c/Name', { aliases })).toMatchObject({ kind: 'path', segments: [{ name: '$root' }, { name: 'Customers' }, { kind: 'key' }, { name: 'Name', pos: 3 }] });
  });

  it.each([
    ['$root', 5, ErrorCodes.syntax],
    ['$root/', 6, ErrorCodes.syntax],
    ['$root /x', 5, ErrorCodes.syntax],
    ['Products/$filter', 9, ErrorCodes.syntax],
    ['Products/$filter(true', 21, ErrorCodes.syntax],
    ['Products/$it', 9, ErrorCodes.syntax],
    ['Products/$count()', 16, ErrorCodes.syntax],
    ['Products/$count($filter=true)/Name', 29, ErrorCodes.syntax],
    ['Products/$count($top=1)', 16, ErrorCodes.invalidQueryOption],
    ['Products/$count($filter=true;$filter=false)', 29, ErrorCodes.duplicateQueryOption],
  ])('rejects %j', (input, pos, code) => {
    expectRejected(() => parseExpression(input), code, pos, '$filter');
  });

  it('rejects a path alias that cannot go on', () => {
    expectRejected(() => parseExpression('@p/x', { aliases: new Map([['@p', '1']]) }), ErrorCodes.syntax, 2, '$filter');
    expectRejected(() => parseExpression('@p/x', { aliases: new Map([['@p', 'a/$count($filter=true)']]) }), ErrorCodes.syntax, 2, '$filter');
  });
});

describe('expressions inside JSON', () => {
  it('makes an array with an expression an ArrayExpr', () => {
    expect(parseExpression('[FirstName,LastName]')).toEqual({
      kind: 'array',
      items: [
        { kind: 'member', path: ['FirstName'], pos: 1 },
        { kind: 'member', path: ['LastName'], pos: 11 },
      ],
      pos: 0,
    });
  });

  it('makes an object with an expression an ObjectExpr, nested plain JSON staying JSON', () => {
    expect(parseExpression('{"FirstName":Customer/FirstName,"Tags":["a"],"Sizes":[1, 2 add 3]}')).toMatchObject({
      kind: 'object',
      members: [
        { name: 'FirstName', value: { kind: 'member', path: ['Customer', 'FirstName'] } },
        { name: 'Tags', value: { kind: 'json', value: ['a'] } },
        { name: 'Sizes', value: { kind: 'array', items: [int('1', 54), { kind: 'binary', op: 'add' }] } },
      ],
      pos: 0,
    });
  });

  it.each([
    ['[FirstName,LastName] in [["John","Doe"],["Jane","Smith"]]', { kind: 'in', left: { kind: 'array' }, list: [{ kind: 'json', value: ['John', 'Doe'] }, { kind: 'json' }] }],
    ["[$root/Customers('ALFKI'),$root/Customers('BLAUS')]", { kind: 'array', items: [{ kind: 'path' }, { kind: 'path' }] }],
    ['[[1],[a]]', { kind: 'array', items: [{ kind: 'json', value: [1] }, { kind: 'array' }] }],
    ['Name in [a, \'b\']', { kind: 'in', list: [{ kind: 'member' }, { kind: 'literal', value: 'b' }] }],
    ['[-a, not b, (c)]', { kind: 'array', items: [{ kind: 'negate' }, { kind: 'not' }, { kind: 'member' }] }],
  ])('%s', (input, expected) => {
    expect(parseExpression(input)).toMatchObject(expected);
  });

  it('takes an alias holding an ArrayExpr as the list of in', () => {
    expect(parseExpression('Name in @list', { aliases: new Map([['@list', '[a,1]']]) })).toMatchObject({ kind: 'in', list: [{ kind: 'member' }, { value: '1' }] });
  });

  it.each([
    ['[a b]', 3],
    ['[1,]', 3],
    ['{"a":}', 5],
    ['{"a" 1}', 5],
    ['["a" eq "b"]', 5],
    ['{a:b}', 1],
  ])('rejects %j', (input, pos) => {
    expectRejected(() => parseExpression(input), ErrorCodes.syntax, pos, '$filter');
  });
});
