import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { parseExpression } from '../../../src/parse/parse-expression.js';
import { expectRejected } from './parse-failure.js';

describe('member paths', () => {
  it.each([
    ['Name', ['Name']],
    ['a/b/c', ['a', 'b', 'c']],
    ['Address/Model.AddressWithLocation/Location', ['Address', 'Model.AddressWithLocation', 'Location']],
    ['Model.VipCustomer/Rating', ['Model.VipCustomer', 'Rating']],
    ['$it/Name', ['$it', 'Name']],
    ['$it', ['$it']],
    ['$this', ['$this']],
    ['Products/$count', ['Products', '$count']],
    ['Price/@Measures.Currency', ['Price', '@Measures.Currency']],
    ['Price/@Measures.Currency#Reporting', ['Price', '@Measures.Currency#Reporting']],
    ['@Core.Messages', ['@Core.Messages']],
    ['_id/__ID', ['_id', '__ID']],
    ['Größe/Straße', ['Größe', 'Straße']],
    ['and/or', ['and', 'or']],
  ])('%s', (input, path) => {
    expect(parseExpression(input)).toEqual({ kind: 'member', path, pos: 0 });
  });

  it.each([
    ['a/', 2],
    ['a/ b', 3],
    ['a /b', 2],
    ['Model.Available', 15],
    ['Products/$count/Name', 15],
    ["a/b'x'", 2],
  ])('rejects %j', (input, pos) => {
    expectRejected(() => parseExpression(input), ErrorCodes.syntax, pos, '$filter');
  });
});

describe('lambdas', () => {
  it('any with a predicate', () => {
    expect(parseExpression("tags/any(t: t eq 'a')")).toEqual({
      kind: 'lambda',
      op: 'any',
      collection: { kind: 'member', path: ['tags'], pos: 0 },
      variable: 't',
      predicate: {
        kind: 'binary',
        op: 'eq',
        left: { kind: 'member', path: ['t'], pos: 12 },
        right: { kind: 'literal', type: 'string', value: 'a', pos: 17 },
        pos: 12,
      },
      pos: 0,
    });
  });

  it.each([
    ['tags/any()', { op: 'any', collection: { path: ['tags'] } }],
    ['tags/any( )', { op: 'any' }],
    ['Products/ALL(p:p/Price gt 1)', { op: 'all', variable: 'p', predicate: { op: 'gt', left: { path: ['p', 'Price'] } } }],
    ['Supplier/Products/any( lambda : true )', { collection: { path: ['Supplier', 'Products'] }, variable: 'lambda' }],
    ['DirectReports/Sales.Manager/any()', { collection: { path: ['DirectReports', 'Sales.Manager'] } }],
    ['@Core.Messages/any(m:m/severity eq 3)', { collection: { path: ['@Core.Messages'] } }],
    ['Products/any(p:p/Tags/all(t:t ne $it/Name))', { predicate: { kind: 'lambda', op: 'all', predicate: { right: { path: ['$it', 'Name'] } } } }],
  ])('%s', (input, expected) => {
    expect(parseExpression(input)).toMatchObject({ kind: 'lambda', ...expected });
  });

  it('leaves the variable and predicate out of any()', () => {
    const lambda = parseExpression('tags/any()');
    expect(lambda).not.toHaveProperty('variable');
    expect(lambda).not.toHaveProperty('predicate');
  });

  it.each([
    ['any()', 0],
    ['all(x:true)', 0],
    ['Products/all()', 13],
    ['tags/any(t)', 10],
    ['tags/any(1:true)', 9],
    ['tags/any(t:t eq 1', 17],
    ['tags/any(t:t eq 1)/x', 18],
  ])('rejects %j', (input, pos) => {
    expectRejected(() => parseExpression(input), ErrorCodes.syntax, pos, '$filter');
  });
});

describe('in', () => {
  it.each([
    ['Name in (1,2,3)', [{ type: 'integer', value: '1', pos: 9 }, { type: 'integer', value: '2' }, { type: 'integer', value: '3' }]],
    ["Name in ('Milk', 'Cheese')", [{ type: 'string', value: 'Milk' }, { type: 'string', value: 'Cheese' }]],
    ['Name in ["a","b"]', [{ type: 'string', value: 'a', pos: 9 }, { type: 'string', value: 'b', pos: 13 }]],
    ["Name in [ \"Miller\" , 'Smith' ]", [{ type: 'string', value: 'Miller' }, { type: 'string', value: 'Smith' }]],
    ['Name in [1,2.5,true,null]', [{ type: 'integer' }, { type: 'decimal' }, { type: 'boolean' }, { type: 'null' }]],
    ['Name in ()', []],
    ['Name in []', []],
    ['Name in (1)', [{ type: 'integer', value: '1' }]],
  ])('%s', (input, list) => {
    const expr = parseExpression(input);
    expect(expr).toMatchObject({ kind: 'in', left: { kind: 'member', path: ['Name'] }, pos: 0 });
    expect(expr.kind === 'in' && expr.list).toMatchObject(list);
  });

  it('takes a collection path', () => {
    expect(parseExpression('Name in Tags')).toMatchObject({ kind: 'in', list: { kind: 'member', path: ['Tags'] } });
    expect(parseExpression('FirstName in (FirstName)')).toMatchObject({ kind: 'in', list: { kind: 'member', path: ['FirstName'] } });
  });

  it('takes JSON arrays of arrays', () => {
    expect(parseExpression('["Joe","Smith"] in [["John","Doe"],["Jane","Smith"]]')).toMatchObject({
      kind: 'in',
      left: { kind: 'json', value: ['Joe', 'Smith'] },
      list: [{ kind: 'json', value: ['John', 'Doe'] }, { kind: 'json', value: ['Jane', 'Smith'] }],
    });
  });

  it.each([
    ['Name in (FirstName,LastName)', 9],
    ['Name in (1 add 2)', 9],
    ['Name in (1,2', 12],
    ['Name in $count', 8],
  ])('rejects %j', (input, pos) => {
    expectRejected(() => parseExpression(input), ErrorCodes.syntax, pos, '$filter');
  });
});

describe('JSON values', () => {
  it.each([
    ['[]', []],
    ['{}', {}],
    ['["Hello",42,true,false,null,\'World\']', ['Hello', 42, true, false, null, 'World']],
    ['{"FirstName":"John","Sizes":["Large","Small"]}', { FirstName: 'John', Sizes: ['Large', 'Small'] }],
    ['[[],{},1.5e3,{"no property name":"value","@something":true}]', [[], {}, 1500, { 'no property name': 'value', '@something': true }]],
    ['{ "Name" : "double quote (\\") in value" }', { Name: 'double quote (") in value' }],
    ['["\\u00e9\\n\\/"]', ['é\n/']],
    ['[2012-09-03,INF]', ['2012-09-03', 'INF']],
    ['{"__proto__":1}', JSON.parse('{"__proto__":1}')],
  ])('%s', (input, value) => {
    expect(parseExpression(input)).toEqual({ kind: 'json', value, pos: 0 });
  });

  it('is allowed as a function argument', () => {
    expect(parseExpression('hassubset(Names,["Milk", "Cheese"])')).toMatchObject({
      kind: 'call',
      args: [{ kind: 'member' }, { kind: 'json', value: ['Milk', 'Cheese'], pos: 16 }],
    });
  });

  it.each([
    ['{a:1}', 1],
    ['["a"', 4],
    ['["a\\x"]', 3],
    ['"a"', 0],
  ])('rejects %j', (input, pos) => {
    expectRejected(() => parseExpression(input), ErrorCodes.syntax, pos, '$filter');
  });
});
