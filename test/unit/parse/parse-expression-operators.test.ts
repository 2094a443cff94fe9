import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { parseExpression } from '../../../src/parse/parse-expression.js';
import type { Expr } from '../../../src/parse/syntax.js';
import { expectRejected } from './parse-failure.js';

/** A compact rendering of a tree: operators in prefix form, members as paths, literals as text. */
function show(expr: Expr): string {
  switch (expr.kind) {
    case 'binary':
      return `(${expr.op} ${show(expr.left)} ${show(expr.right)})`;
    case 'not':
    case 'negate':
      return `(${expr.kind} ${show(expr.operand)})`;
    case 'member':
      return expr.path.join('/');
    case 'literal':
      return expr.type === 'string' ? `'${expr.value}'` : expr.value;
    case 'in':
      return `(in ${show(expr.left)} ${Array.isArray(expr.list) ? `[${expr.list.map(show).join(' ')}]` : show(expr.list as Expr)})`;
    case 'call':
      return `${expr.name}(${expr.args.map(show).join(' ')})`;
    case 'typeName':
      return `<${expr.name}>`;
    case 'lambda':
      return `${show(expr.collection)}/${expr.op}(${expr.variable ?? ''}${expr.predicate ? `: ${show(expr.predicate)}` : ''})`;
    case 'json':
      return JSON.stringify(expr.value);
    case 'array':
      return `[${expr.items.map(show).join(' ')}]`;
    case 'object':
      return `{${expr.members.map((member) => `${member.name}: ${show(member.value)}`).join(' ')}}`;
    case 'path':
      return expr.segments.map((segment) => segment.kind).join('/');
  }
}

describe('operator precedence (4.01 Part 2, 5.1.1.15)', () => {
  it.each([
    ['a eq 1 or b eq 2 and c eq 3', '(or (eq a 1) (and (eq b 2) (eq c 3)))'],
    ['a or b or c', '(or (or a b) c)'],
    ['a and b or c and d', '(or (and a b) (and c d))'],
    ['a eq b ne c', '(ne (eq a b) c)'],
    ['a lt b eq c gt d', '(eq (lt a b) (gt c d))'],
    ['a add b mul c', '(add a (mul b c))'],
    ['a mul b add c', '(add (mul a b) c)'],
    ['a sub b sub c', '(sub (sub a b) c)'],
    ['a div b divby c mod d', '(mod (divby (div a b) c) d)'],
    ['a add b gt c sub d', '(gt (add a b) (sub c d))'],
    ['(a add b) mul c', '(mul (add a b) c)'],
    ['(4 add 5) mod (4 sub 1) eq 0', '(eq (mod (add 4 5) (sub 4 1)) 0)'],
    ['-a mul b', '(mul (negate a) b)'],
    ['- a', '(negate a)'],
    ['-(a add b)', '(negate (add a b))'],
    ['- -a', '(negate (negate a))'],
    ['a sub -1', '(sub a -1)'],
    ['not a and b', '(and (not a) b)'],
    ['not a eq b', '(eq (not a) b)'],
    ['not (a eq b)', '(not (eq a b))'],
    ['not(a eq b)', '(not (eq a b))'],
    ['not not a', '(not (not a))'],
    ["not endswith(Name,'ilk')", "(not endswith(Name 'ilk'))"],
    ["style has Sales.Pattern'Yellow'", '(has style Yellow)'],
    ["not style has Sales.Pattern'Yellow'", '(not (has style Yellow))'],
    ["a has Ns.E'X' eq true", '(eq (has a X) true)'],
    ['a add b in (1,2)', '(add a (in b [1 2]))'],
    ['a in (1,2) and b', '(and (in a [1 2]) b)'],
    ['-a in (1,2)', '(negate (in a [1 2]))'],
  ])('%s', (input, expected) => {
    expect(show(parseExpression(input))).toBe(expected);
  });
});

describe('operators and keywords are case-insensitive', () => {
  it.each([
    ["Name EQ 'Milk' AND Price LT 2.55", "(and (eq Name 'Milk') (lt Price 2.55))"],
    ["Name Eq 'Milk' OR Price Lt 2.55", "(or (eq Name 'Milk') (lt Price 2.55))"],
    ['NOT a', '(not a)'],
    ['a ADD b MUL c DIVBY d MOD e DIV f SUB g', '(sub (add a (div (mod (divby (mul b c) d) e) f)) g)'],
    ['a Has b', '(has a b)'],
    ['a IN (1)', '(in a [1])'],
    ['TRUE ne NULL', '(ne true null)'],
    ['a ge b and a le c', '(and (ge a b) (le a c))'],
  ])('%s', (input, expected) => {
    expect(show(parseExpression(input))).toBe(expected);
  });
});

describe('binary node shape', () => {
  it('keeps operands and the position of the first character', () => {
    expect(parseExpression('Price add 2.45 eq 5.00')).toEqual({
      kind: 'binary',
      op: 'eq',
      left: {
        kind: 'binary',
        op: 'add',
        left: { kind: 'member', path: ['Price'], pos: 0 },
        right: { kind: 'literal', type: 'decimal', value: '2.45', pos: 10 },
        pos: 0,
      },
      right: { kind: 'literal', type: 'decimal', value: '5.00', pos: 18 },
      pos: 0,
    });
  });

  it('gives unary nodes the position of the operator', () => {
    expect(parseExpression('x or not y')).toMatchObject({ right: { kind: 'not', pos: 5, operand: { pos: 9 } } });
    expect(parseExpression('-Price')).toEqual({ kind: 'negate', operand: { kind: 'member', path: ['Price'], pos: 1 }, pos: 0 });
  });
});

describe('whitespace', () => {
  it.each([
    ['( true )', 'true'],
    ['(\ttrue\t)', 'true'],
    ['a  eq   1', '(eq a 1)'],
    ['a\teq\t1', '(eq a 1)'],
  ])('accepts %j', (input, expected) => {
    expect(show(parseExpression(input))).toBe(expected);
  });

  it.each([
    [' a eq 1', 0, 'leading whitespace'],
    ['a eq 1 ', 6, 'trailing whitespace'],
    ["a eq'x'", 2, 'literal glued to the operator'],
    ['a eq(1)', 4, 'no whitespace after eq'],
    ['a eq', 4, 'missing right operand'],
    ['a eq 1 and', 10, 'missing right operand after and'],
    ['a\neq 1', 1, 'newline is not whitespace'],
  ])('rejects %j (%s)', (input, pos) => {
    expectRejected(() => parseExpression(input), ErrorCodes.syntax, pos, '$filter');
  });
});

describe('rejected expressions', () => {
  it.each([
    ['', 0],
    ['(a eq 1', 7],
    ['a eq 1)', 6],
    ['a b', 2],
    ['a eq 1 eq', 9],
    ['()', 1],
    ['a eq ,', 5],
    ['a %', 2],
    ['EmailAddresses eq (1,2)', 20],
  ])('%j', (input, pos) => {
    expectRejected(() => parseExpression(input), ErrorCodes.syntax, pos, '$filter');
  });

  it('names the target given by the caller', () => {
    expectRejected(() => parseExpression('a eq', { target: '$orderby' }), ErrorCodes.syntax, 4, '$orderby');
  });
});
