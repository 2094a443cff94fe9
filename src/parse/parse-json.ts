import { assertNever } from '../errors/assert-never.js';
import type { ExpressionParser } from './expression-parser.js';
import { keywordLiteral } from './keyword-literal.js';
import { literalExpr } from './literal-expr.js';
import type { Expr, JsonExpr, LiteralExpr } from './syntax.js';
import { describeToken, isPunctuation } from './token.js';

/** An element of a JSON array or member of a JSON object: a scalar literal or a nested JSON value. */
export type JsonElement = LiteralExpr | JsonExpr;

/**
 * The JSON value of a literal, as the OData JSON format writes it: numbers as numbers (`INF`,
 * `NaN` as strings), booleans, `null`, and every other type (dates, Guids, durations, enums…) as
 * its string value.
 */
function jsonValueOf(literal: LiteralExpr): unknown {
  switch (literal.type) {
    case 'null':
      return null;
    case 'boolean':
      return literal.value === 'true';
    case 'integer':
    case 'decimal':
    case 'double': {
      const number = Number(literal.value);
      return Number.isFinite(number) ? number : literal.value;
    }
    case 'string':
    case 'guid':
    case 'date':
    case 'dateTimeOffset':
    case 'timeOfDay':
    case 'duration':
    case 'binary':
    case 'enum':
    case 'geography':
    case 'geometry':
      return literal.value;
    default:
      return assertNever(literal.type);
  }
}

function valueOf(element: JsonElement): unknown {
  return element.kind === 'json' ? element.value : jsonValueOf(element);
}

/** One array element or object member value: JSON, an OData literal, or an alias holding one. */
function parseElement(parser: ExpressionParser): JsonElement {
  const { lexer } = parser;
  const token = lexer.peek();
  if (isPunctuation(token, '[') || isPunctuation(token, '{')) return parseJsonValue(parser);
  if (token.kind === 'jsonString') {
    lexer.next();
    return parser.node(literalExpr('string', token.value, token.start));
  }
  if (token.kind === 'literal') {
    lexer.next();
    return parser.node(token.literal);
  }
  const keyword = keywordLiteral(token);
  if (keyword !== undefined) {
    lexer.next();
    return parser.node(keyword);
  }
  if (token.kind === 'at') {
    lexer.next();
    const value: Expr | undefined = parser.resolveAlias(token.text, token.start);
    if (value === undefined) return parser.node(literalExpr('null', 'null', token.start));
    if (value.kind === 'literal' || value.kind === 'json') return value;
  }
  return parser.fail(token.start, `expected a JSON value but found ${describeToken(token, lexer.source.text)} (expressions inside JSON are not supported)`);
}

/** The elements of a JSON array; the lexer is at `[`. Used directly by `in [...]`. */
export function parseJsonArrayElements(parser: ExpressionParser): JsonElement[] {
  const { lexer } = parser;
  const open = parser.expect('[');
  parser.enter(open.start);
  const elements: JsonElement[] = [];
  if (!isPunctuation(lexer.peek(), ']')) {
    elements.push(parseElement(parser));
    while (isPunctuation(lexer.peek(), ',')) {
      lexer.next();
      elements.push(parseElement(parser));
    }
  }
  parser.expect(']');
  parser.leave();
  return elements;
}

function parseJsonObjectMembers(parser: ExpressionParser): [string, unknown][] {
  const { lexer } = parser;
  const open = parser.expect('{');
  parser.enter(open.start);
  const members: [string, unknown][] = [];
  const parseMember = (): void => {
    const name = lexer.next();
    if (name.kind !== 'jsonString') parser.fail(name.start, 'expected a double-quoted member name');
    parser.expect(':');
    members.push([name.value, valueOf(parseElement(parser))]);
  };
  if (!isPunctuation(lexer.peek(), '}')) {
    parseMember();
    while (isPunctuation(lexer.peek(), ',')) {
      lexer.next();
      parseMember();
    }
  }
  parser.expect('}');
  parser.leave();
  return members;
}

/** A JSON array or object (`["a","b"]`, `{"City":"Oslo"}`) as a `JsonExpr`; the lexer is at `[` or `{`. */
export function parseJsonValue(parser: ExpressionParser): JsonExpr {
  const token = parser.lexer.peek();
  const value = isPunctuation(token, '[')
    ? parseJsonArrayElements(parser).map(valueOf)
    : Object.fromEntries(parseJsonObjectMembers(parser));
  return parser.node({ kind: 'json', value, pos: token.start });
}
