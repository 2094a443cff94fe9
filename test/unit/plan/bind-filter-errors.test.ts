import { describe, expect, it } from 'vitest';
import { ODataError } from '../../../src/errors/odata-error.js';
import { compileFilterText } from '../sql/compile-helpers.js';

describe('type checking of $filter', () => {
  it.each<[string, number, string]>([
    ["price eq 'ten'", 400, 'OF203'],
    ['name eq 1', 400, 'OF203'],
    ['discontinued gt false', 400, 'OF203'],
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
    ["category/name eq 'x'", 501, 'OF206'],
    ["tags/any(t: t eq 'a')", 501, 'OF206'],
    ["matchesPattern(name,'^a')", 501, 'OF206'],
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
