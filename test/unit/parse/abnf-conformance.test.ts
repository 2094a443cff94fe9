import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseExpression } from '../../../src/parse/parse-expression.js';
import { parseLiteral } from '../../../src/parse/parse-literal.js';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { percentDecode } from '../../../src/parse/percent-decode.js';
import type { LiteralType } from '../../../src/parse/syntax.js';
import { oasisPath } from '../../support/oasis-material.js';
import { knownGaps } from './abnf-known-gaps.js';

/**
 * Conformance with the OASIS ABNF test cases: every case whose rule this parser covers is run
 * through the matching entry point; cases without `FailAt` must parse, cases with `FailAt` must be
 * rejected. Known gaps (abnf-known-gaps.ts) must still fail, so the list stays honest.
 */
const file = oasisPath('abnf', 'odata-abnf-testcases.yaml');

interface TestCase {
  readonly Name: string;
  readonly Rule: string;
  readonly Input: string | number | boolean;
  readonly FailAt?: number;
}

/** Rules about things this parser never sees. */
const outOfScope: Readonly<Record<string, string>> = {
  odataUri: 'absolute URLs: the parser receives the path relative to the service root',
  context: 'context URL fragments are written by the response stage, not parsed',
  header: 'HTTP headers',
  prefer: 'HTTP headers',
  preference: 'HTTP headers',
  includeAnnotationsPreference: 'HTTP headers',
  maxpagesizePreference: 'HTTP headers',
  'request-id': '$batch request ids',
  functionParameter: 'a fragment of a function call in the resource path',
  stringInUrl: 'a fragment of JSON in a URL',
};
/** Payload and CSDL `…Value` rules (`booleanValue`, `primitiveValue`…) are not URL syntax either. */
const isPayloadRule = (rule: string) => /Value$/.test(rule) && rule !== 'dateTimeOffsetValueInUrl';

const numeric: readonly LiteralType[] = ['integer', 'decimal', 'double'];
/** Literal rules and the literal types that satisfy them (a bare `'P1D'` or `'Red'` is a string literal). */
const literalRules: Readonly<Record<string, readonly LiteralType[] | 'any'>> = {
  primitiveLiteral: 'any',
  null: ['null'],
  boolean: ['boolean'],
  stringLiteral: ['string'],
  guid: ['guid'],
  date: ['date'],
  dateTimeOffsetLiteral: ['dateTimeOffset'],
  dateTimeOffsetValueInUrl: ['dateTimeOffset'],
  timeOfDayLiteral: ['timeOfDay'],
  decimalLiteral: numeric,
  doubleLiteral: numeric,
  singleLiteral: numeric,
  sbyteLiteral: ['integer'],
  int16Literal: ['integer'],
  int32Literal: ['integer'],
  int64Literal: ['integer'],
  binaryLiteral: ['binary'],
  durationLiteral: ['duration', 'string'],
  enumLiteral: ['enum', 'string'],
};
const expressionRules = new Set(['commonExpr', 'boolCommonExpr', 'boolcommonExpr', 'notExpr', 'firstMemberExpr', 'propertyPathExpr', 'isofExpr']);
const queryRules = new Set(['filter', 'orderby', 'orderBy', 'select', 'expand', 'compute', 'search', 'queryOptions', 'systemQueryOption', 'skiptoken', 'deltatoken', 'customQueryOption']);
const uriRules = new Set(['odataRelativeUri', 'resourcePath', 'entitySetName']);

const decoded = (input: string) => percentDecode(input, 'test').text;

/** Runs one case; throws when the parser rejects it. `undefined` when the rule is out of scope. */
function runCase(rule: string, input: string, customNames: readonly string[]): (() => void) | undefined {
  const request = (path: string, query: string) => () => {
    const { customOptions } = parseRequest({ path, query });
    // The suite constrains customName to a fixed list; the parser keeps any custom option.
    for (const name of customOptions.keys()) if (!customNames.includes(name)) throw new Error(`custom option ${name} is not in the suite's Constraints`);
  };
  if (expressionRules.has(rule)) return () => parseExpression(decoded(input));
  // anyExpr is what follows `collection/`; run it after a path.
  if (rule === 'anyExpr') return () => parseExpression(`Items/${decoded(input)}`);
  if (rule === 'odataIdentifier') {
    return () => {
      const expr = parseExpression(decoded(input));
      if (expr.kind !== 'member' || expr.path.length !== 1) throw new Error('not a single identifier');
    };
  }
  const geo = /^(geography|geometry)/.exec(rule)?.[1] as LiteralType | undefined;
  const types = geo === undefined ? literalRules[rule] : [geo];
  if (types !== undefined) {
    return () => {
      const literal = parseLiteral(decoded(input));
      if (types !== 'any' && !types.includes(literal.type)) throw new Error(`a ${literal.type} literal, not ${rule}`);
    };
  }
  if (queryRules.has(rule)) return request('Products', input);
  if (rule === 'searchExpr') return request('Products', `$search=${input}`);
  if (uriRules.has(rule)) {
    const question = input.indexOf('?');
    return question < 0 ? request(input, '') : request(input.slice(0, question), input.slice(question + 1));
  }
  return undefined;
}

function outcome(run: () => void): 'accepted' | 'rejected' {
  try {
    run();
    return 'accepted';
  } catch {
    return 'rejected';
  }
}

describe('OASIS ABNF test cases', () => {
  const suite = parse(readFileSync(file, 'utf8')) as { TestCases: TestCase[]; Constraints: Record<string, string[]> };
  const customNames = suite.Constraints.customName ?? [];
  const gaps = new Map(knownGaps.map(([rule, input, reason]) => [`${rule} ${input}`, reason]));
  const inScope = suite.TestCases.flatMap((testCase) => {
    const input = String(testCase.Input);
    if (testCase.Rule in outOfScope || isPayloadRule(testCase.Rule)) return [];
    const run = runCase(testCase.Rule, input, customNames);
    if (run === undefined) throw new Error(`rule ${testCase.Rule} is neither in scope nor listed as out of scope`);
    const expected = testCase.FailAt === undefined ? ('accepted' as const) : ('rejected' as const);
    return [{ ...testCase, input, run, expected, gap: gaps.get(`${testCase.Rule} ${input}`) }];
  });

  it('covers the suite (in-scope cases, passing cases, known gaps)', () => {
    const passing = inScope.filter((testCase) => outcome(testCase.run) === testCase.expected).length;
    expect({ total: suite.TestCases.length, inScope: inScope.length, passing, knownGaps: knownGaps.length }).toEqual({
      total: 840,
      inScope: 656,
      passing: 516,
      knownGaps: 140,
    });
  });

  it('lists every known gap once, and only in-scope cases', () => {
    expect(gaps.size).toBe(knownGaps.length);
    const inScopeKeys = new Set(inScope.map((testCase) => `${testCase.Rule} ${testCase.input}`));
    expect(knownGaps.filter(([rule, input]) => !inScopeKeys.has(`${rule} ${input}`))).toEqual([]);
  });

  const supported = inScope.filter((testCase) => testCase.gap === undefined);
  it.each(supported.map((testCase) => [testCase.Rule, testCase.input, testCase.expected, testCase] as const))('%s %j is %s', (_rule, _input, expected, testCase) => {
    expect(outcome(testCase.run)).toBe(expected);
  });

  const stillGaps = inScope.filter((testCase) => testCase.gap !== undefined);
  it.each(stillGaps.map((testCase) => [testCase.Rule, testCase.input, testCase.gap, testCase] as const))('known gap: %s %j (%s)', (_rule, _input, _gap, testCase) => {
    expect(outcome(testCase.run)).not.toBe(testCase.expected);
  });
});
