import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { expectRejected } from './parse-failure.js';

const options = (query: string) => parseRequest({ path: 'Products', query }).options;

describe('option names', () => {
  it.each(['$filter', 'filter', 'FILTER', '$Filter', '%24filter', 'Filter'])('%s is $filter', (name) => {
    expect(options(`${name}=true`).filter).toMatchObject({ kind: 'literal', value: 'true' });
  });

  it.each([
    ['$top=5&$skip=10', { top: 5, skip: 10 }],
    ['top=5&skip=10', { top: 5, skip: 10 }],
    ['$TOP=0&SKIP=007', { top: 0, skip: 7 }],
    ['$top=9007199254740991', { top: 9007199254740991 }],
    ['$count=true', { count: true }],
    ['count=FALSE', { count: false }],
    ['$count=True', { count: true }],
    ['$inlinecount=allpages', { count: true }],
    ['$inlinecount=none', { count: false }],
    ['$levels=4', { levels: 4 }],
    ['$levels=MAX', { levels: 'max' }],
    ['$format=json', { format: 'json' }],
    ['format=application/json;odata.metadata=minimal', { format: 'application/json;odata.metadata=minimal' }],
    ['$skiptoken=Start@Next_Chunk:From?=Here!', { skiptoken: 'Start@Next_Chunk:From?=Here!' }],
    ['$deltatoken=A%40Lot', { deltatoken: 'A@Lot' }],
    ['$schemaversion=*', { schemaversion: '*' }],
    ['schemaversion=1.42.2', { schemaversion: '1.42.2' }],
    ['$id=Products(0)', { id: 'Products(0)' }],
    ['$index=42', { index: 42 }],
    ['index=-42', { index: -42 }],
    ['$INDEX=-0', { index: 0 }],
  ])('%s', (query, expected) => {
    expect(options(query)).toEqual(expected);
  });

  it.each([
    ['$top=-1', '$top'],
    ['$top=1.5', '$top'],
    ['$top=', '$top'],
    ['$top=9007199254740992', '$top'],
    ['$skip=ten', '$skip'],
    ['$skip= 1', '$skip'],
    ['$count=yes', '$count'],
    ['$count', '$count'],
    ['$inlinecount=all', '$inlinecount'],
    ['$levels=0', '$levels'],
    ['$levels=04', '$levels'],
    ['$format=', '$format'],
    ['$schemaversion=a b', '$schemaversion'],
    ['$index=fortytwo', '$index'],
    ['$index=--1', '$index'],
    ['$index=+1', '$index'],
    ['$index=1.5', '$index'],
    ['$index=', '$index'],
    ['$index=-9007199254740992', '$index'],
  ])('rejects %s', (query, target) => {
    expectRejected(() => options(query), ErrorCodes.invalidQueryOption, 0, target);
  });

  it.each([
    ['$filter=true&filter=false', '$filter'],
    ['$top=1&TOP=2', '$top'],
    ['$count=true&$inlinecount=allpages', '$inlinecount'],
    ['$format=json&$format=xml', '$format'],
  ])('rejects the duplicate in %s', (query, target) => {
    expectRejected(() => options(query), ErrorCodes.duplicateQueryOption, 0, target);
  });

  it.each([['$foo=1', '$foo'], ['$apply=groupby((a))', '$apply'], ['$filter%20=true', '$filter ']])(
    'rejects the unknown %s',
    (query, target) => {
      expectRejected(() => options(query), ErrorCodes.invalidQueryOption, 0, target);
    },
  );
});

describe('custom options and splitting', () => {
  it('keeps custom options as decoded text', () => {
    const request = parseRequest({ path: 'Products', query: 'find=O%27Neil&!special&debug-mode=true&x=a=b&x=last' });
    expect(request.customOptions).toEqual(new Map([['find', "O'Neil"], ['!special', ''], ['debug-mode', 'true'], ['x', 'last']]));
    expect(request.options).toEqual({});
  });

  it('ignores empty parts', () => {
    expect(parseRequest({ path: 'Products', query: '&&$top=1&' }).options).toEqual({ top: 1 });
    expect(parseRequest({ path: 'Products', query: '' })).toEqual({ path: expect.anything(), options: {}, customOptions: new Map() });
  });

  it('splits on & before decoding, and on the first =', () => {
    expect(options("$filter=Name eq 'a%26b=c'").filter).toMatchObject({ right: { value: 'a&b=c' } });
    expect(options('$search=more%26more').search).toEqual({ kind: 'term', text: 'more&more', phrase: false });
  });

  it.each([
    ['=1', 'query'],
    ['@=1', 'query'],
  ])('rejects the nameless option %s', (query, target) => {
    expectRejected(() => options(query), ErrorCodes.invalidQueryOption, 0, target);
  });
});

describe('percent-decoding', () => {
  it('reads + as a plus sign, not a space (RFC 3986 and the OData ABNF SIGN rule)', () => {
    expect(options('$filter=d eq 2012-09-03T08:00:00+01:00').filter).toMatchObject({ right: { type: 'dateTimeOffset', value: '2012-09-03T08:00:00+01:00' } });
    expect(options('$filter=d eq 2012-09-03T08:00:00%2B01:00').filter).toMatchObject({ right: { value: '2012-09-03T08:00:00+01:00' } });
    expect(options('$filter=x eq 1e+10').filter).toMatchObject({ right: { type: 'double', value: '1e10' } });
    expect(options('$filter=x eq %2B42').filter).toMatchObject({ right: { type: 'integer', value: '42' } });
    expect(options("$filter=x eq 'a+b'").filter).toMatchObject({ right: { value: 'a+b' } });
    expectRejected(() => options('$filter=a+eq+1'), ErrorCodes.syntax, 1, '$filter');
  });

  it('decodes UTF-8 and percent-encoded delimiters', () => {
    expect(options("$filter=Name eq '%C3%A9t%C3%A9'").filter).toMatchObject({ right: { value: 'été' } });
    expect(options('$filter=now%28%20%29').filter).toMatchObject({ kind: 'call', name: 'now', args: [] });
    expect(options('$filter=d eq 2012-09-03T23%3A59%3A59Z').filter).toMatchObject({ right: { value: '2012-09-03T23:59:59Z' } });
  });

  it.each([
    ['$filter=a eq %ZZ', '$filter', 5],
    ['$filter=a eq %4', '$filter', 5],
    ['$filter=%C3%28', '$filter', 0],
    ['$search=%231 #2', '$search', 3],
    ['$filter=a eq #1', '$filter', 5],
  ])('rejects %s', (query, target, pos) => {
    expectRejected(() => options(query), ErrorCodes.syntax, pos, target);
  });
});

describe('$filter, $orderby, $compute', () => {
  it('$filter', () => {
    expect(options('$filter=Price gt 5.00').filter).toEqual({
      kind: 'binary',
      op: 'gt',
      left: { kind: 'member', path: ['Price'], pos: 0 },
      right: { kind: 'literal', type: 'decimal', value: '5.00', pos: 9 },
      pos: 0,
    });
  });

  it.each([
    ['Name', [{ expr: { path: ['Name'] }, direction: 'asc' }]],
    ['Name asc,Rating,ReleaseDate DESC', [{ direction: 'asc' }, { expr: { path: ['Rating'] }, direction: 'asc' }, { direction: 'desc' }]],
    ['Name\tasc', [{ direction: 'asc' }]],
    ['Cost ge Revenue asc', [{ expr: { op: 'ge' }, direction: 'asc' }]],
    ['Products/$count desc, Name', [{ expr: { path: ['Products', '$count'] }, direction: 'desc' }, { expr: { path: ['Name'] } }]],
    ['tolower(Name) desc', [{ expr: { kind: 'call', name: 'tolower' }, direction: 'desc' }]],
  ])('$orderby=%s', (value, expected) => {
    expect(options(`$orderby=${value}`).orderby).toMatchObject(expected);
  });

  it.each([
    ['Amount mul Product/TaxRate as Tax', [{ expr: { op: 'mul' }, alias: 'Tax' }]],
    ['Amount mul Product/TaxRate as Tax,day(Time/Date) AS WeekDay', [{ alias: 'Tax' }, { expr: { name: 'day' }, alias: 'WeekDay' }]],
    ['case(X gt 0:1,true:0) as SignumX', [{ expr: { name: 'case' }, alias: 'SignumX' }]],
  ])('$compute=%s', (value, expected) => {
    expect(options(`$compute=${value}`).compute).toMatchObject(expected);
  });

  it.each([
    ['$filter= true', '$filter', 0],
    ['$filter=true ', '$filter', 4],
    ['$filter=a eq 1)', '$filter', 6],
    ['$orderby=', '$orderby', 0],
    ['$orderby=Name up', '$orderby', 5],
    ['$orderby=Name asc desc', '$orderby', 9],
    ['$orderby=Name,', '$orderby', 5],
    ['$compute=Price', '$compute', 5],
    ['$compute=Price as', '$compute', 8],
    ['$compute=Price as 1', '$compute', 9],
    ['$compute=Price asX', '$compute', 6],
  ])('rejects %s', (query, target, pos) => {
    expectRejected(() => options(query), ErrorCodes.syntax, pos, target);
  });
});
