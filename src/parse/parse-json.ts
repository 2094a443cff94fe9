import { assertNever } from '../errors/assert-never.js';
import type { ExpressionParser } from './expression-parser.js';
import { literalExpr } from './literal-expr.js';
import type { ArrayExpr, Expr, JsonExpr, LiteralExpr, ObjectExpr } from './syntax.js';
import { describeToken, isPunctuation } from './token.js';

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

/** Plain JSON: a literal or a JSON value without expressions in it. */
function isPlain(element: Expr): element is LiteralExpr | JsonExpr {
  return element.kind === 'literal' || element.kind === 'json';
}

function valueOf(element: LiteralExpr | JsonExpr): unknown {
  return element.kind === 'json' ? element.value : jsonValueOf(element);
}

/** One array element or object member value (`valueInUrl`): a JSON string, or any expression (JSON, literals and aliases included). */
function parseElement(parser: ExpressionParser): Expr {
  const token = parser.lexer.peek();
  if (token.kind !== 'jsonString') return parser.parseExpr();
  parser.lexer.next();
  return parser.node(literalExpr('string', token.value, token.start));
}

/** The elements of a JSON array; the lexer is at `[`. Used directly by `in [...]`. */
export function parseJsonArrayElements(parser: ExpressionParser): Expr[] {
  const { lexer } = parser;
  const open = parser.expect('[');
  parser.enter(open.start);
  const elements: Expr[] = [];
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

function parseJsonObjectMembers(parser: ExpressionParser): { name: string; value: Expr }[] {
  const { lexer } = parser;
  const open = parser.expect('{');
  parser.enter(open.start);
  const members: { name: string; value: Expr }[] = [];
  const parseMember = (): void => {
    const name = lexer.next();
    if (name.kind !== 'jsonString') parser.fail(name.start, `expected a double-quoted member name but found ${describeToken(name, lexer.source.text)}`);
    parser.expect(':');
    members.push({ name: name.value, value: parseElement(parser) });
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

/**
 * A JSON array or object; the lexer is at `[` or `{`. Plain JSON (`["a",1]`, `{"City":"Oslo"}`)
 * is a `JsonExpr` holding the JSON value; JSON with an expression in it (`[FirstName,2 add 3]`,
 * `{"Name":Customer/Name}`) is an `ArrayExpr` or `ObjectExpr`.
 */
export function parseJsonValue(parser: ExpressionParser): JsonExpr | ArrayExpr | ObjectExpr {
  const token = parser.lexer.peek();
  const pos = token.start;
  if (isPunctuation(token, '[')) {
    const items = parseJsonArrayElements(parser);
    return parser.node(items.every(isPlain) ? { kind: 'json', value: items.map(valueOf), pos } : { kind: 'array', items, pos });
  }
  const members = parseJsonObjectMembers(parser);
  if (!members.every((member) => isPlain(member.value))) return parser.node({ kind: 'object', members, pos });
  const value = Object.fromEntries(members.map((member) => [member.name, valueOf(member.value as LiteralExpr | JsonExpr)]));
  return parser.node({ kind: 'json', value, pos });
}
