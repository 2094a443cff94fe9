import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { parseExpression } from '../../../src/parse/parse-expression.js';
import { parseLiteral } from '../../../src/parse/parse-literal.js';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { percentDecode } from '../../../src/parse/percent-decode.js';
import type { LiteralType } from '../../../src/parse/syntax.js';
import { oasisPath } from '../../support/oasis-material.js';
import { expectRejected } from './parse-failure.js';

/**
 * Conformance with the OASIS ABNF test cases: every case in scope is run through the matching
 * entry point; cases without `FailAt` must parse, cases with `FailAt` must be rejected. What is out
 * of scope is listed once below, each rule or case with its reason.
 */
const file = oasisPath('abnf', 'odata-abnf-testcases.yaml');

interface TestCase {
  readonly Name: string;
  readonly Rule: string;
  readonly Input: string | number | boolean;
  readonly FailAt?: number;
}

/** A whole rule (`rule` alone) or one case of it (`rule` and `input`) that this parser does not run. */
interface OutOfScope {
  readonly rule: string | RegExp;
  readonly input?: string;
  readonly reason: string;
}

const headers = 'HTTP header syntax, not URL syntax';
/**
 * The suite checks these against its sample model (`Constraints`: `Address` is a complex property,
 * `Thumbnail` a stream property, `TheBestProduct` a function import). The text is valid URL
 * syntax; the parser has no model, so it accepts them and the planner decides.
 */
const needsModel = "rejected by the suite only because of its sample model; without the model it is valid syntax, which the planner rejects";

/**
 * The ABNF cannot say "at most once"; the protocol does (4.01 Part 2, 5: a system query option
 * MUST NOT be specified more than once, whatever its case or `$` prefix), so the parser answers
 * 400 (duplicateQueryOption) rather than pick one of the values.
 */
const repeated = 'repeats a system query option, which the protocol forbids and the parser rejects with 400';

/** Everything this conformance test does not run, with the reason. */
const outOfScope: readonly OutOfScope[] = [
  { rule: 'odataUri', reason: 'absolute URLs: the parser receives the path relative to the service root' },
  { rule: 'context', reason: 'context URL fragments (#…): written by the response stage, never sent to the server' },
  { rule: 'header', reason: headers },
  { rule: 'prefer', reason: headers },
  { rule: 'preference', reason: headers },
  { rule: 'includeAnnotationsPreference', reason: headers },
  { rule: 'maxpagesizePreference', reason: headers },
  { rule: 'request-id', reason: 'request ids inside a $batch payload, not URL syntax' },
  { rule: /^(?!dateTimeOffsetValueInUrl$).*Value$/, reason: 'payload and CSDL values (booleanValue, primitiveValue…), not URL syntax' },
  { rule: 'odataRelativeUri', input: '$metadata#Customers(Address,Orders)', reason: 'the #fragment never reaches the server' },
  { rule: 'odataRelativeUri', input: 'Categories(1)/Address/$value', reason: needsModel },
  { rule: 'odataRelativeUri', input: 'Categories(1)/Thumbnail/$value', reason: needsModel },
  { rule: 'odataRelativeUri', input: 'Categories/TheBestProduct()', reason: needsModel },
  { rule: 'queryOptions', input: '$format=json&$Format=atom&$format=xml&$format=text/html', reason: repeated },
  { rule: 'queryOptions', input: '$format=JSON&$format=Atom&$format=XML&$format=text/html', reason: repeated },
];

function outOfScopeReason(rule: string, input: string): string | undefined {
  const entry = outOfScope.find((item) => (typeof item.rule === 'string' ? item.rule === rule : item.rule.test(rule)) && (item.input === undefined || item.input === input));
  return entry?.reason;
}

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
  // functionParameter is `name=value` inside a call in the resource path; stringInUrl a JSON string.
  if (rule === 'functionParameter') return request(`F(${input})`, '');
  if (rule === 'stringInUrl') {
    return () => {
      const expr = parseExpression(`[${decoded(input)}]`);
      if (expr.kind !== 'json' || !Array.isArray(expr.value) || typeof expr.value[0] !== 'string' || expr.value.length !== 1) throw new Error('not one JSON string');
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
  const cases = suite.TestCases.map((testCase) => {
    const input = String(testCase.Input);
    const reason = outOfScopeReason(testCase.Rule, input);
    const run = reason === undefined ? runCase(testCase.Rule, input, customNames) : undefined;
    if (reason === undefined && run === undefined) throw new Error(`rule ${testCase.Rule} is neither in scope nor listed as out of scope`);
    const expected = testCase.FailAt === undefined ? ('accepted' as const) : ('rejected' as const);
    return { ...testCase, input, reason, run, expected };
  });
  const inScope = cases.flatMap((testCase) => (testCase.run === undefined ? [] : [{ ...testCase, run: testCase.run }]));

  it('passes every in-scope case, and prints the count per rule', () => {
    const byRule = new Map<string, { passed: number; failed: number }>();
    for (const testCase of inScope) {
      const counts = byRule.get(testCase.Rule) ?? { passed: 0, failed: 0 };
      if (outcome(testCase.run) === testCase.expected) counts.passed++;
      else counts.failed++;
      byRule.set(testCase.Rule, counts);
    }
    const totals = [...byRule.values()].reduce((sum, counts) => ({ passed: sum.passed + counts.passed, failed: sum.failed + counts.failed }), { passed: 0, failed: 0 });
    const lines = [...byRule].map(([rule, counts]) => `${rule}: ${counts.passed} passed, ${counts.failed} failed`);
    console.log([...lines, `${totals.passed} passed, ${totals.failed} failed`, `${cases.length - inScope.length} out of scope`].join('\n'));
    expect({ total: cases.length, inScope: inScope.length, ...totals }).toEqual({ total: 840, inScope: 652, passed: 652, failed: 0 });
  });

  it('lists only out-of-scope entries that match a case', () => {
    const unused = outOfScope.filter((entry) => !cases.some((testCase) => outOfScopeReason(testCase.Rule, testCase.input) === entry.reason && (entry.input === undefined || entry.input === testCase.input)));
    expect(unused).toEqual([]);
  });

  it('accepts the cases that need the model to be rejected, and leaves them to the planner', () => {
    const modelCases = cases.filter((testCase) => testCase.reason === needsModel);
    expect(modelCases).toHaveLength(3);
    for (const testCase of modelCases) expect(() => parseRequest({ path: testCase.input, query: '' })).not.toThrow();
  });

  it('rejects the repeated system query options with the duplicate code', () => {
    const repeatedCases = cases.filter((testCase) => testCase.reason === repeated);
    expect(repeatedCases).toHaveLength(2);
    for (const testCase of repeatedCases) expectRejected(() => parseRequest({ path: 'Products', query: testCase.input }), ErrorCodes.duplicateQueryOption);
  });

  it.each(inScope.map((testCase) => [testCase.Rule, testCase.input, testCase.expected, testCase] as const))('%s %j is %s', (_rule, _input, expected, testCase) => {
    expect(outcome(testCase.run)).toBe(expected);
  });
});
