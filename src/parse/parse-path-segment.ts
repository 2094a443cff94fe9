import type { AliasScope } from './alias-scope.js';
import { ExpressionParser } from './expression-parser.js';
import { Lexer } from './lexer.js';
import type { ParseBudget } from './parse-budget.js';
import { parseCallOrKey } from './parse-call-or-key.js';
import { parseKeyPredicate } from './parse-key.js';
import type { ParseSource } from './parse-source.js';
import type { PathSegment } from './syntax.js';
import { describeToken, isAdjacent, isPunctuation, type Token } from './token.js';

export interface PathScope {
  readonly budget: ParseBudget;
  readonly aliases: AliasScope;
}

const namePattern = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]*(?:\.[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]*)*/uy;

/**
 * A segment that is not a name, nor a name followed by parentheses, nor a `$` segment: a key
 * written as a segment or an ordinal index (`1`, `-1`, `O'Neil`, `Smartphone%2FTablet`, a Guid).
 */
function isKeyOrIndex(text: string, start: number, end: number): boolean {
  if (text.charAt(start) === '$') return false;
  namePattern.lastIndex = start;
  if (!namePattern.test(text)) return true;
  const after = namePattern.lastIndex;
  return after !== end && text.charAt(after) !== '(';
}

/** `Name`, `Name(key)`, `Name(p=1)`, `Name()(key)`, and with a qualified name also a type cast, `Model.Type(key)`. */
function parseNamed(parser: ExpressionParser, token: Token & { readonly kind: 'identifier' | 'qualifiedName' }): PathSegment[] {
  const qualified = token.kind === 'qualifiedName';
  const bare: PathSegment = qualified ? { kind: 'cast', typeName: token.text } : { kind: 'identifier', name: token.text };
  if (!isAdjacent(parser.lexer.peek(), '(')) return [bare];
  const { parameters, key } = parseCallOrKey(parser, qualified, 'literal');
  if (parameters === undefined) {
    if (key === undefined) return [bare];
    return qualified ? [bare, { kind: 'key', key }] : [{ kind: 'identifier', name: token.text, key }];
  }
  const call: PathSegment = { kind: 'call', name: token.text, parameters };
  return key === undefined ? [call] : [call, { kind: 'key', key }];
}

/** `$crossjoin(A,B)`; the lexer is at `(`. */
function parseCrossjoin(parser: ExpressionParser): PathSegment {
  const { lexer } = parser;
  parser.expect('(');
  const entitySets: string[] = [];
  for (;;) {
    const name = lexer.next();
    if (name.kind !== 'identifier' || name.spaceBefore) parser.fail(name.start, `expected an entity set name but found ${describeToken(name, lexer.source.text)}`);
    entitySets.push(name.text);
    const separator = lexer.next();
    if (separator.spaceBefore) parser.fail(separator.start, 'whitespace is not allowed in $crossjoin(…)');
    if (isPunctuation(separator, ')')) return { kind: 'crossjoin', entitySets };
    if (!isPunctuation(separator, ',')) parser.fail(separator.start, `expected ',' or ')' but found ${describeToken(separator, lexer.source.text)}`);
  }
}

/** `$filter(predicate)`, then possibly a key predicate; the lexer is at `(`. */
function parseFilter(parser: ExpressionParser): PathSegment[] {
  const open = parser.expect('(');
  parser.enter(open.start);
  const predicate = parser.parseExpr();
  parser.expect(')');
  parser.leave();
  const filter: PathSegment = { kind: 'filter', predicate };
  return isAdjacent(parser.lexer.peek(), '(') ? [filter, { kind: 'key', key: parseKeyPredicate(parser) }] : [filter];
}

const lastSegments: Readonly<Record<string, PathSegment>> = {
  $count: { kind: 'count' },
  $value: { kind: 'value' },
  $ref: { kind: 'ref' },
  $each: { kind: 'each' },
  $query: { kind: 'query' },
};

function parseDollar(parser: ExpressionParser, token: Token & { readonly kind: 'dollarName' }, first: boolean): PathSegment[] | undefined {
  const parens = isAdjacent(parser.lexer.peek(), '(');
  if (first) {
    if (token.text === '$crossjoin' && parens) return [parseCrossjoin(parser)];
    return token.text === '$all' ? [{ kind: 'all' }] : undefined;
  }
  if (token.text === '$filter' && parens) return parseFilter(parser);
  const segment = Object.hasOwn(lastSegments, token.text) ? lastSegments[token.text] : undefined;
  return segment === undefined ? undefined : [segment];
}

/**
 * One segment of the resource path, `[start, end)` in the decoded path. Most segments are one
 * `PathSegment`; a call or type cast followed by a key predicate is two (`F(p=1)(2)`).
 */
export function parsePathSegment(source: ParseSource, start: number, end: number, first: boolean, scope: PathScope): PathSegment[] {
  if (!first && isKeyOrIndex(source.text, start, end)) {
    scope.budget.addNodes(1, source.target, start);
    return [{ kind: 'keyOrIndex', text: source.text.slice(start, end) }];
  }
  const lexer = new Lexer(source, start, scope.budget);
  const parser = new ExpressionParser(lexer, scope);
  const token = lexer.next();
  let segments: PathSegment[] | undefined;
  if (token.kind === 'dollarName') segments = parseDollar(parser, token, first);
  else if (token.kind === 'identifier' || (token.kind === 'qualifiedName' && !first)) segments = parseNamed(parser, token);
  if (segments === undefined) {
    const expected = first
      ? 'an entity set, singleton or function import name, $crossjoin(…) or $all'
      : 'a property, type cast, function, key, $filter(…), $each, $count, $value, $ref or $query';
    return parser.fail(token.start, `expected ${expected} but found ${describeToken(token, source.text)}`);
  }
  scope.budget.addNodes(segments.length, source.target, start);
  if (token.spaceBefore || lexer.lastEnd !== end) parser.fail(Math.min(lexer.lastEnd, end), 'unexpected text in path segment');
  return segments;
}
