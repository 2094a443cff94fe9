import { describe, expect, it } from 'vitest';
import { ODataError } from '../../../src/errors/odata-error.js';
import { compileFilterText } from '../sql/compile-helpers.js';

describe('type checking of $filter', () => {
  it.each<[string, number, string]>([
    ["price eq 'ten'", 400, 'OF203'],
    ['name eq 1', 400, 'OF203'],
    ["substring(name,0,-1) eq ''", 400, 'OF208'],
    ['price', 400, 'OF203'],
    ['price and discontinued', 400, 'OF203'],
    ['not price', 400, 'OF203'],
    ["-name eq 'a'", 400, 'OF203'],
    ["name add 'a' eq 'b'", 400, 'OF203'],
    ['length(price) eq 1', 400, 'OF203'],
    ['year(name) eq 1', 400, 'OF203'],
    ["mood eq 'grumpy'", 400, 'OF203'],
    ["mood eq Demo.Other'happy'", 400, 'OF203'],
    ['tags eq null', 400, 'OF203'],
    ["id eq 'abc'", 400, 'OF203'],
    ['nope eq 1', 400, 'OF202'],
    ['name/first eq 1', 400, 'OF202'],
    ['frobnicate(name)', 400, 'OF207'],
    ['length(name,name) eq 1', 400, 'OF208'],
    ['length() eq 1', 400, 'OF208'],
    ['category eq null', 400, 'OF202'],
    ['category/nope eq 1', 400, 'OF202'],
    ['tags/any(t: t)', 400, 'OF203'],
    ['tags/all()', 400, 'OF101'],
    ["tags/any(t: t/x eq 'a')", 400, 'OF202'],
    ["name/any(t: t eq 'a')", 400, 'OF203'],
    ['tags/any(t: tags/any(t: true))', 400, 'OF208'],
    ['category/products/any(p: true)', 501, 'OF206'],
    ["case(true:1)", 501, 'OF206'],
    ["matchesPattern(price,'^a')", 400, 'OF203'],
    ['hassubset(name, ["a"])', 400, 'OF203'],
    ['hassubset(tags, [1])', 400, 'OF203'],
    ["geo.distance(name, name) lt 1", 501, 'OF206'],
    ['cast(name, Edm.Binary) eq 1', 501, 'OF206'],
  ])('%s → %i %s', (filter, status, code) => {
    try {
      compileFilterText(filter);
      expect.unreachable(`${filter} was accepted`);
    } catch (error) {
      expect(error).toBeInstanceOf(ODataError);
      expect({ status: (error as ODataError).status, code: (error as ODataError).code, target: (error as ODataError).target }).toEqual({
        status,
        code,
        target: '$filter',
      });
    }
  });
});
