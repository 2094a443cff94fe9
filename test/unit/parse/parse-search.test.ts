import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { parseRequest } from '../../../src/parse/parse-request.js';
import type { SearchExpr } from '../../../src/parse/syntax.js';
import { expectRejected } from './parse-failure.js';

const search = (value: string) => parseRequest({ path: 'Products', query: `$search=${value}` }).options.search;

function show(expr: SearchExpr | undefined): string {
  if (expr === undefined) return '';
  switch (expr.kind) {
    case 'term':
      return expr.phrase ? `"${expr.text}"` : expr.text;
    case 'not':
      return `(NOT ${show(expr.operand)})`;
    case 'and':
    case 'or':
      return `(${expr.kind.toUpperCase()} ${show(expr.left)} ${show(expr.right)})`;
  }
}

describe('$search', () => {
  it('builds term nodes', () => {
    expect(search('blue')).toEqual({ kind: 'term', text: 'blue', phrase: false });
    expect(search('"blue%20green"')).toEqual({ kind: 'term', text: 'blue green', phrase: true });
    expect(search('blue OR green')).toEqual({
      kind: 'or',
      left: { kind: 'term', text: 'blue', phrase: false },
      right: { kind: 'term', text: 'green', phrase: false },
    });
  });

  it.each([
    ['blue', 'blue'],
    ['1984', '1984'],
    ['3.14', '3.14'],
    ['9,81', '9,81'],
    ['brand-new', 'brand-new'],
    ["Daniel's", "Daniel's"],
    ['$search', '$search'],
    ['08/15', '08/15'],
    ['%231', '#1'],
    ['a%3Bb', 'a;b'],
    ['%CE%94', 'Δ'],
    ['blue green', '(AND blue green)'],
    ['blue%20green', '(AND blue green)'],
    ['blue AND green', '(AND blue green)'],
    ['blue NOT green', '(AND blue (NOT green))'],
    ['NOT blue', '(NOT blue)'],
    ['NOT (blue green)', '(NOT (AND blue green))'],
    ['foo AND bar OR foo AND baz OR that AND bar', '(OR (OR (AND foo bar) (AND foo baz)) (AND that bar))'],
    ['(foo OR that) AND (bar OR baz) AND NOT quux', '(AND (AND (OR foo that) (OR bar baz)) (NOT quux))'],
    ['a b OR c', '(OR (AND a b) c)'],
    ['(NOT foo) OR baz', '(OR (NOT foo) baz)'],
    ['"blue green" red', '(AND "blue green" red)'],
    ['AND', 'AND'],
    ['OR', 'OR'],
    ['NOT', 'NOT'],
    ['NOT NOT', '(NOT NOT)'],
    ['AND OR', '(AND AND OR)'],
    ['OR AND', '(AND OR AND)'],
    ['AND OR NOT', '(OR AND NOT)'],
    ['and or not', '(AND (AND and or) not)'],
    ['  blue  ', 'blue'],
    ["'\"blue'", '""blue"'],
    ["'\"blue\" \"green'", '""blue" "green"'],
    ["'it''s'", '"it\'s"'],
    ["''", '""'],
  ])('%s', (value, expected) => {
    expect(show(search(value))).toBe(expected);
  });

  it.each([
    ['', 0],
    ['"blue', 0],
    ['%22blue', 0],
    ['""', 0],
    ['"blue"green', 6],
    ['"blue%22green', 6],
    ['a;b', 1],
    ['(a', 2],
    ['a)', 1],
    ['()', 1],
    ['gr(een)', 2],
    ['(a)(b)', 3],
    ["a 'b", 2],
    ["'open", 0],
    ["'a' b", 3],
  ])('rejects %j', (value, pos) => {
    expectRejected(() => search(value), ErrorCodes.syntax, pos, '$search');
  });
});
