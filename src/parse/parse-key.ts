import { ErrorCodes } from '../errors/codes.js';
import type { ExpressionParser } from './expression-parser.js';
import { keywordLiteral } from './keyword-literal.js';
import { parseError } from './parse-errors.js';
import type { KeyPredicate, LiteralExpr } from './syntax.js';
import { describeToken, isPunctuation, type Token } from './token.js';

function noSpace(parser: ExpressionParser, token: Token): Token {
  if (token.spaceBefore) parser.fail(token.start, 'whitespace is not allowed in a key predicate');
  return token;
}

/** A key value: a literal other than `null`, or an alias whose value is one. */
function parseKeyValue(parser: ExpressionParser): LiteralExpr {
  const { lexer } = parser;
  const token = noSpace(parser, lexer.next());
  if (token.kind === 'at') {
    const value = parser.resolveAlias(token.text, token.start);
    if (value === undefined) throw parseError(ErrorCodes.unknownAlias, parser.target, token.start, `parameter alias ${token.text} has no value`);
    if (value.kind !== 'literal' || value.type === 'null') parser.fail(token.start, `parameter alias ${token.text} must be a key literal`);
    return value;
  }
  const literal = token.kind === 'literal' ? token.literal : keywordLiteral(token);
  if (literal === undefined || literal.type === 'null') {
    return parser.fail(token.start, `expected a key value but found ${describeToken(token, lexer.source.text)}`);
  }
  return parser.node(literal);
}

/**
 * A key predicate; the lexer is at `(`: `(1)`, `('a''b')`, `(@k)`, `(id=1)`, `(a=1,b='x')`.
 * Values are literals (aliases are resolved); whitespace is not allowed.
 */
export function parseKeyPredicate(parser: ExpressionParser): KeyPredicate {
  const { lexer } = parser;
  noSpace(parser, parser.expect('('));
  const first = lexer.peek();
  if (isPunctuation(first, ')')) parser.fail(first.start, 'expected a key value: a key predicate cannot be empty');
  if (first.kind !== 'identifier' || !isPunctuation(lexer.peek(1), '=')) {
    const value = parseKeyValue(parser);
    noSpace(parser, parser.expect(')'));
    return { kind: 'single', value };
  }
  const pairs: { readonly name: string; readonly value: LiteralExpr }[] = [];
  for (;;) {
    const name = noSpace(parser, lexer.next());
    if (name.kind !== 'identifier') parser.fail(name.start, 'expected a key property name');
    noSpace(parser, parser.expect('='));
    pairs.push({ name: name.text, value: parseKeyValue(parser) });
    const separator = noSpace(parser, lexer.next());
    if (isPunctuation(separator, ')')) return { kind: 'named', pairs };
    if (!isPunctuation(separator, ',')) parser.fail(separator.start, `expected ',' or ')' but found ${describeToken(separator, lexer.source.text)}`);
  }
}
