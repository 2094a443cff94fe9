import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { parseExpression } from '../../../src/parse/parse-expression.js';
import { defaultParseLimits } from '../../../src/parse/parse-limits.js';
import { parseRequest } from '../../../src/parse/parse-request.js';
import type { Expr } from '../../../src/parse/syntax.js';
import { rejectionOf } from '../../support/odata-rejection.js';
import { expectRejected } from './parse-failure.js';

function orChain(clauses: number): string {
  return Array.from({ length: clauses }, (_, i) => `a eq ${i}`).join(' or ');
}

/** Follows `left` operands without recursion: the depth of a left-leaning operator chain. */
function leftDepth(expr: Expr): number {
  let depth = 0;
  for (let node = expr; node.kind === 'binary' && node.op === 'or'; node = node.left) depth++;
  return depth;
}

describe('default limits', () => {
  it('are 64 KiB, 64 levels, 10,000 nodes', () => {
    expect(defaultParseLimits).toEqual({ maxLength: 65536, maxDepth: 64, maxNodes: 10000 });
    expect(Object.isFrozen(defaultParseLimits)).toBe(true);
  });
});

describe('long operator chains are parsed iteratively', () => {
  it('parses a 9.5 KB or-chain', () => {
    const text = orChain(820);
    expect(text.length).toBeGreaterThan(9500);
    const expr = parseExpression(text);
    expect(leftDepth(expr)).toBe(819);
    expect(expr).toMatchObject({ op: 'or', right: { op: 'eq', right: { value: '819' } } });
  });

  it('parses 10,000 clauses when the limits allow it', () => {
    const limits = { maxLength: 1_000_000, maxDepth: 64, maxNodes: 100_000 };
    expect(leftDepth(parseExpression(orChain(10_000), { limits }))).toBe(9999);
    expect(leftDepth(parseRequest({ path: 'Products', query: `$filter=${orChain(10_000)}` }, limits).options.filter as Expr)).toBe(9999);
  });

  it('parses a long chain of mixed precedence', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `a${i} add 1 mul 2 gt 3`).join(' and ');
    expect(parseExpression(text, { limits: { ...defaultParseLimits, maxLength: 100_000, maxNodes: 100_000 } })).toMatchObject({ op: 'and' });
  });
});

describe('maxLength', () => {
  const limits = { maxLength: 20, maxDepth: 64, maxNodes: 1000 };

  it('rejects a long expression before parsing it', () => {
    expectRejected(() => parseExpression(`a eq 1 ${'%'.repeat(20)}`, { limits }), ErrorCodes.inputTooLong);
  });

  it('rejects a long URL before parsing it, with 414', () => {
    for (const input of [{ path: 'Products', query: '$filter=%%%%%%%%%%%%%%' }, { path: 'P'.repeat(21), query: '' }]) {
      const error = rejectionOf(() => parseRequest(input, limits));
      expect({ status: error.status, code: error.code }).toEqual({ status: 414, code: ErrorCodes.inputTooLong });
    }
  });

  it('accepts input of exactly maxLength', () => {
    expect(parseRequest({ path: 'Products', query: '$top=1234' }, limits).options.top).toBe(1234);
  });
});

describe('maxDepth', () => {
  it.each([
    ['200 nested parentheses', `${'('.repeat(200)}a eq 1${')'.repeat(200)}`],
    ['200 unclosed parentheses', '('.repeat(200)],
    ['200 nested calls', `${'f('.repeat(200)}1${')'.repeat(200)}`],
    ['200 not operators', `${'not '.repeat(200)}a`],
    ['200 negations', `${'-'.repeat(200)}a`],
    ['200 nested JSON arrays', `a eq ${'['.repeat(200)}${']'.repeat(200)}`],
    ['200 nested lambdas', `${'x/any(v:'.repeat(200)}true${')'.repeat(200)}`],
  ])('rejects %s', (_, text) => {
    expectRejected(() => parseExpression(text), ErrorCodes.nestingTooDeep, undefined, '$filter');
  });

  it('accepts nesting up to the limit', () => {
    expect(parseExpression(`${'('.repeat(64)}a${')'.repeat(64)}`)).toEqual({ kind: 'member', path: ['a'], pos: 64 });
    expectRejected(() => parseExpression(`${'('.repeat(65)}a${')'.repeat(65)}`), ErrorCodes.nestingTooDeep, 64);
  });

  it('rejects deeply nested $expand and $select options', () => {
    const expand = `${'a($expand='.repeat(100)}b${')'.repeat(100)}`;
    expectRejected(() => parseRequest({ path: 'P', query: `$expand=${expand}` }), ErrorCodes.nestingTooDeep, undefined, '$expand');
    const select = `${'a($select='.repeat(100)}b${')'.repeat(100)}`;
    expectRejected(() => parseRequest({ path: 'P', query: `$select=${select}` }), ErrorCodes.nestingTooDeep, undefined, '$select');
  });

  it('rejects deeply nested $search groups and NOT chains', () => {
    expectRejected(() => parseRequest({ path: 'P', query: `$search=${'('.repeat(100)}a${')'.repeat(100)}` }), ErrorCodes.nestingTooDeep);
    expectRejected(() => parseRequest({ path: 'P', query: `$search=${'NOT '.repeat(100)}a` }), ErrorCodes.nestingTooDeep);
  });

  it('rejects a long chain of aliases', () => {
    const aliases = Array.from({ length: 200 }, (_, i) => `@a${i}=@a${i + 1}`).join('&');
    expectRejected(() => parseRequest({ path: 'P', query: `$filter=x eq @a0&${aliases}&@a200=1` }), ErrorCodes.nestingTooDeep);
  });

  it('charges the depth of a reused alias where it is used', () => {
    const deep = `${'('.repeat(40)}1${')'.repeat(40)}`;
    const query = `$filter=${'('.repeat(30)}x eq @d${')'.repeat(30)} or @d eq 1&@d=${deep}`;
    expectRejected(() => parseRequest({ path: 'P', query }), ErrorCodes.nestingTooDeep);
  });

  it('rejects deeply nested geo collections', () => {
    const geo = `geometry'SRID=0;${'GeometryCollection('.repeat(100)}Point(1 2)${')'.repeat(100)}'`;
    expectRejected(() => parseExpression(geo), ErrorCodes.nestingTooDeep);
  });
});

describe('maxNodes', () => {
  it('rejects an expression with too many nodes', () => {
    expectRejected(() => parseExpression(orChain(3000)), ErrorCodes.tooManyNodes, undefined, '$filter');
  });

  it('counts nodes across all options of a request', () => {
    const half = orChain(1500);
    expect(parseRequest({ path: 'P', query: `$filter=${half}` }).options.filter).toBeDefined();
    expectRejected(() => parseRequest({ path: 'P', query: `$filter=${half}&$orderby=${half}` }), ErrorCodes.tooManyNodes, undefined, '$orderby');
  });

  it('charges an alias every time it is used, so doubling chains are stopped', () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `@a${i}=@a${i + 1} add @a${i + 1}`).join('&');
    expectRejected(() => parseRequest({ path: 'P', query: `$filter=x eq @a0&${aliases}&@a30=1` }), ErrorCodes.tooManyNodes);
  });

  it('counts $select, $expand and $search items', () => {
    const limits = { maxLength: 100_000, maxDepth: 64, maxNodes: 100 };
    const list = Array.from({ length: 101 }, (_, i) => `p${i}`);
    expectRejected(() => parseRequest({ path: 'P', query: `$select=${list.join(',')}` }, limits), ErrorCodes.tooManyNodes);
    expectRejected(() => parseRequest({ path: 'P', query: `$expand=${list.join(',')}` }, limits), ErrorCodes.tooManyNodes);
    expectRejected(() => parseRequest({ path: 'P', query: `$search=${list.join(' ')}` }, limits), ErrorCodes.tooManyNodes);
  });
});
