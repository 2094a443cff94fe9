import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { expectRejected } from './parse-failure.js';

const options = (query: string) => parseRequest({ path: 'Products', query }).options;

describe('$select', () => {
  it('gives each item its kind and position', () => {
    expect(options('$select=*,Model.*,Rating,Address/Street').select).toEqual([
      { kind: 'star', pos: 0 },
      { kind: 'allOperations', namespace: 'Model', pos: 2 },
      { kind: 'path', path: ['Rating'], pos: 10 },
      { kind: 'path', path: ['Address', 'Street'], pos: 17 },
    ]);
  });

  it.each([
    ['Address/Model.AddressWithLocation/Location', [{ path: ['Address', 'Model.AddressWithLocation', 'Location'] }]],
    ['Model.PreferredSupplier/Name', [{ path: ['Model.PreferredSupplier', 'Name'] }]],
    ['Model.ActionName,My.Ns.*', [{ path: ['Model.ActionName'] }, { kind: 'allOperations', namespace: 'My.Ns' }]],
    ['@Core.Messages,Address/@Core.Messages', [{ path: ['@Core.Messages'] }, { path: ['Address', '@Core.Messages'] }]],
    ['Rating, ReleaseDate', [{ path: ['Rating'] }, { path: ['ReleaseDate'] }]],
    ['Model.ActionName,Model.MostPopularName(Location,Kind)', [{ kind: 'path', path: ['Model.ActionName'] }, { kind: 'overload', path: ['Model.MostPopularName'], parameterNames: ['Location', 'Kind'], pos: 17 }]],
    ['Model.Customer/MostPopularName(Location)', [{ kind: 'overload', path: ['Model.Customer', 'MostPopularName'], parameterNames: ['Location'] }]],
  ])('%s', (value, expected) => {
    expect(options(`$select=${value}`).select).toMatchObject(expected);
  });

  it('takes nested options', () => {
    const [item] = options("$select=Addresses($filter=startswith(City,'H');$top=5;$skip=0;$count=true;$orderby=$it;$search=blue;$select=City;@c=15)").select ?? [];
    expect(item).toMatchObject({
      kind: 'path',
      path: ['Addresses'],
      options: {
        filter: { kind: 'call', name: 'startswith' },
        top: 5,
        skip: 0,
        count: true,
        orderby: [{ expr: { path: ['$it'] }, direction: 'asc' }],
        search: { kind: 'term', text: 'blue' },
        select: [{ path: ['City'] }],
      },
    });
  });

  it.each([
    ['', 0, ErrorCodes.syntax],
    [' Name', 0, ErrorCodes.syntax],
    ['Name,', 5, ErrorCodes.syntax],
    ['Name/', 5, ErrorCodes.syntax],
    ['Name/*', 5, ErrorCodes.syntax],
    ['1', 0, ErrorCodes.syntax],
    ['Name()', 5, ErrorCodes.syntax],
    ['Name(Location,)', 14, ErrorCodes.syntax],
    ['Name(Location, Kind)', 15, ErrorCodes.syntax],
    ['Name(Location;Kind)', 13, ErrorCodes.syntax],
    ['Name(1)', 5, ErrorCodes.syntax],
    ['Name($top=1', 11, ErrorCodes.syntax],
    ['Name($top=1;)', 12, ErrorCodes.syntax],
    ['Name($expand=x)', 5, ErrorCodes.invalidQueryOption],
    ['Name($levels=1)', 5, ErrorCodes.invalidQueryOption],
    ['Name($format=json)', 5, ErrorCodes.invalidQueryOption],
    ['Name(foo=1)', 5, ErrorCodes.invalidQueryOption],
    ['Name($top=1;top=2)', 12, ErrorCodes.duplicateQueryOption],
  ])('rejects %j', (value, pos, code) => {
    expectRejected(() => options(`$select=${value}`), code, pos, '$select');
  });
});

describe('$expand', () => {
  it('gives each item its path, $ref/$count flags, options and position', () => {
    expect(options('$expand=Customer,Items/$ref,Items/$count,*').expand).toEqual([
      { path: ['Customer'], ref: false, count: false, options: {}, pos: 0 },
      { path: ['Items'], ref: true, count: false, options: {}, pos: 9 },
      { path: ['Items'], ref: false, count: true, options: {}, pos: 20 },
      { path: '*', ref: false, count: false, options: {}, pos: 33 },
    ]);
  });

  it('parses nested options recursively', () => {
    const [category] = options('$expand=category($select=name;$filter=id gt 1;$expand=products($top=2;$orderby=name desc);$levels=2;$count=true)').expand ?? [];
    expect(category).toMatchObject({
      path: ['category'],
      options: {
        select: [{ path: ['name'] }],
        filter: { op: 'gt' },
        expand: [{ path: ['products'], options: { top: 2, orderby: [{ direction: 'desc' }] } }],
        levels: 2,
        count: true,
      },
    });
  });

  it.each([
    ['*/$ref', [{ path: '*', ref: true }]],
    ['*($levels=max)', [{ path: '*', options: { levels: 'max' } }]],
    ['Address/*,Address/*/$ref,Address/*($levels=2)', [{ path: ['Address', '*'] }, { path: ['Address', '*'], ref: true }, { options: { levels: 2 } }]],
    ['Products/Model.BestSellingProduct($select=Name)', [{ path: ['Products', 'Model.BestSellingProduct'], options: { select: [{}] } }]],
    ['Model.VipCustomer/Address/Country', [{ path: ['Model.VipCustomer', 'Address', 'Country'] }]],
    ['@Namespace.EntityTerm($top=2)', [{ path: ['@Namespace.EntityTerm'], options: { top: 2 } }]],
    ['Items/$ref($filter=a eq 1;$orderby=a;$top=1;$skip=1;$count=true;$search=x)', [{ ref: true, options: { top: 1, skip: 1, count: true } }]],
    ['Items/$count($filter=Name eq \'Hugo\';$search=Hugo)', [{ count: true, options: { filter: {}, search: { text: 'Hugo' } } }]],
    ['expand=Customer,Items(expand=Product;levels=4)', [{ path: ['Customer'] }, { path: ['Items'], options: { expand: [{ path: ['Product'] }], levels: 4 } }]],
    ['Sales($compute=Amount mul 2 as Tax;@c=15)', [{ options: { compute: [{ alias: 'Tax' }] } }]],
    ['Manager($search=(green))', [{ options: { search: { kind: 'term', text: 'green' } } }]],
    ['$value,Thumbnail', [{ path: '$value', ref: false, count: false, options: {}, pos: 0 }, { path: ['Thumbnail'], pos: 7 }]],
    ["Manager($search='gr(een')", [{ options: { search: { kind: 'term', text: 'gr(een', phrase: true } } }]],
    ['Manager($search=a%3Bb)', [{ options: { search: { kind: 'term', text: 'a;b' } } }]],
    ['Manager($filter=Name eq \'a;b)\')', [{ options: { filter: { right: { value: 'a;b)' } } } }]],
  ])('%s', (value, expected) => {
    const query = value.startsWith('expand=') ? value : `$expand=${value}`;
    expect(options(query).expand).toMatchObject(expected);
  });

  it.each([
    ['', 0, ErrorCodes.syntax],
    ['Customer/', 9, ErrorCodes.syntax],
    ['Customer/$value', 9, ErrorCodes.syntax],
    ['$value($top=1)', 6, ErrorCodes.syntax],
    ['$value/$ref', 6, ErrorCodes.syntax],
    ['$count', 0, ErrorCodes.syntax],
    ['*/$count', 2, ErrorCodes.syntax],
    ['Items/$ref/$count', 10, ErrorCodes.syntax],
    ['Items (x)', 6, ErrorCodes.syntax],
    ['Items()', 6, ErrorCodes.syntax],
    ['Items($top=1', 12, ErrorCodes.syntax],
    ['Items($top=1)x', 13, ErrorCodes.syntax],
    ['Manager($search=gr(een)', 18, ErrorCodes.syntax],
    ['Customer/$ref($levels=4)', 14, ErrorCodes.invalidQueryOption],
    ['Customer/$ref($select=Name)', 14, ErrorCodes.invalidQueryOption],
    ['Items/$ref($expand=Product)', 11, ErrorCodes.invalidQueryOption],
    ['Items/$ref(@a=1)', 11, ErrorCodes.invalidQueryOption],
    ['Items/$count($count=true)', 13, ErrorCodes.invalidQueryOption],
    ['*($top=1)', 2, ErrorCodes.invalidQueryOption],
    ['Category($levels=04)', 17, ErrorCodes.invalidQueryOption],
    ['Items($skiptoken=x)', 6, ErrorCodes.invalidQueryOption],
    ['Items($filter=true;filter=false)', 19, ErrorCodes.duplicateQueryOption],
  ])('rejects %j', (value, pos, code) => {
    expectRejected(() => options(`$expand=${value}`), code, pos, '$expand');
  });
});
