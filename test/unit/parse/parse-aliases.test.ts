import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { parseExpression } from '../../../src/parse/parse-expression.js';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { expectRejected } from './parse-failure.js';

const request = (query: string, path = 'Products') => parseRequest({ path, query });

describe('parameter aliases in expressions', () => {
  it.each([
    ["$filter=Title eq @title&@title='Wizard%20of%20Oz'", { right: { kind: 'literal', type: 'string', value: 'Wizard of Oz' } }],
    ['$filter=contains(Title,@word)&@word=%27Black%27', { kind: 'call', args: [{}, { type: 'string', value: 'Black' }] }],
    ['$filter=a eq @x&@x=1 add 2', { right: { kind: 'binary', op: 'add' } }],
    ['$filter=a in @list&@list=["x","y"]', { kind: 'in', list: [{ type: 'string', value: 'x' }, { type: 'string', value: 'y' }] }],
    ['$filter=a in @tags&@tags=Tags', { kind: 'in', list: { kind: 'member', path: ['Tags'] } }],
    ['$filter=a eq @obj&@obj={"City":"Oslo"}', { right: { kind: 'json', value: { City: 'Oslo' } } }],
    ['$filter=a eq @a&@a=@b&@b=3', { right: { type: 'integer', value: '3' } }],
    ['$filter=a eq @b&@a=1&@b=@a', { right: { type: 'integer', value: '1' } }],
    ['$filter=a eq @missing', { right: { kind: 'literal', type: 'null', value: 'null' } }],
    ['$filter=@p/Name eq 1&@p=$it/Address', { left: { kind: 'member', path: ['$it', 'Address', 'Name'] } }],
  ])('%s', (query, expected) => {
    expect(request(query).options.filter).toMatchObject(expected);
  });

  it('resolves aliases in $orderby and $compute', () => {
    const options = request('$orderby=@o desc&$compute=@c as X&@o=Name&@c=Price mul 2').options;
    expect(options.orderby).toMatchObject([{ expr: { kind: 'member', path: ['Name'] }, direction: 'desc' }]);
    expect(options.compute).toMatchObject([{ expr: { kind: 'binary', op: 'mul' }, alias: 'X' }]);
  });

  it('reuses one alias in several places', () => {
    const filter = request('$filter=a eq @v or b eq @v&@v=5').options.filter;
    expect(filter).toMatchObject({ left: { right: { value: '5' } }, right: { right: { value: '5' } } });
  });

  it('takes aliases from parseExpression options', () => {
    expect(parseExpression('a eq @p', { aliases: new Map([['@p', "'x'"]]) })).toMatchObject({ right: { value: 'x' } });
  });

  it('treats qualified or path-prefixed @names without a value as annotations', () => {
    expect(request('$filter=@Core.Messages/any(m:m/severity eq 1)').options.filter).toMatchObject({
      kind: 'lambda',
      collection: { path: ['@Core.Messages'] },
    });
  });

  it.each([
    ['$filter=a eq @a&@a=@b&@b=@a', '@b', 0],
    ['$filter=a eq @a&@a=@a', '@a', 0],
    ['$filter=a eq @a&@a=1 eq', '@a', 4],
    ['$filter=a eq @a&@a=', '@a', 0],
    ['$filter=a eq @a&@a= 1', '@a', 0],
    ['$filter=@a/x eq 1&@a=1', '$filter', 2],
  ])('rejects %s', (query, target, pos) => {
    expectRejected(() => request(query), ErrorCodes.syntax, pos, target);
  });

  it('rejects a repeated alias', () => {
    expectRejected(() => request('@a=1&@a=2'), ErrorCodes.duplicateQueryOption, 0, '@a');
  });
});

describe('parameter aliases in keys', () => {
  it.each([
    ['Products(@k)', '@k=1', { kind: 'single', value: { type: 'integer', value: '1' } }],
    ['Products(ID=@key)', "@key='x'", { kind: 'named', pairs: [{ name: 'ID', value: { type: 'string', value: 'x' } }] }],
    ['Products(@k)', '@k=@j&@j=3fa85f64-5717-4562-b3fc-2c963f66afa6', { kind: 'single', value: { type: 'guid' } }],
  ])('%s?%s', (path, query, key) => {
    const resource = parseRequest({ path, query }).path;
    expect(resource).toMatchObject({ kind: 'resource', segments: [{ kind: 'identifier', name: 'Products', key }] });
  });

  it('rejects a key alias without a value', () => {
    expectRejected(() => parseRequest({ path: 'Products(@k)', query: '' }), ErrorCodes.unknownAlias, 9, 'path');
  });

  it.each([
    ['Products(@k)', '@k=a/b', 9],
    ['Products(@k)', '@k=null', 9],
    ['Products(@k)', '@k=[1]', 9],
  ])('rejects %s?%s (not a key literal)', (path, query, pos) => {
    expectRejected(() => parseRequest({ path, query }), ErrorCodes.syntax, pos, 'path');
  });
});

describe('aliases in nested options', () => {
  it('defines aliases for the options of the same list and below', () => {
    const [item] = request('$expand=Items(@m=$this;$expand=Product($filter=@m/Name eq Name);$filter=Price gt @m/Min)').options.expand ?? [];
    expect(item?.options.filter).toMatchObject({ right: { kind: 'member', path: ['$this', 'Min'] } });
    expect(item?.options.expand?.[0]?.options.filter).toMatchObject({ left: { kind: 'member', path: ['$this', 'Name'] } });
  });

  it('sees top-level aliases', () => {
    const [item] = request('$expand=Items($filter=Price gt @p)&@p=5').options.expand ?? [];
    expect(item?.options.filter).toMatchObject({ right: { value: '5' } });
  });

  it('rejects a nested alias used before its definition', () => {
    expectRejected(() => request('$expand=Items($filter=Price gt @p;@p=5)'), ErrorCodes.syntax, 26, '$expand');
  });

  it('rejects a nested alias defined twice', () => {
    expectRejected(() => request('$expand=Items(@p=1;@p=2)'), ErrorCodes.duplicateQueryOption, 11, '$expand');
  });
});
