import type { ExpressionParser } from './expression-parser.js';
import { keywordLiteral } from './keyword-literal.js';
import { literalExpr } from './literal-expr.js';
import { parseKeyPredicate } from './parse-key.js';
import type { Expr, KeyPredicate, LiteralExpr, NamedParameter } from './syntax.js';
import { describeToken, isAdjacent, isPunctuation, type Token } from './token.js';

/**
 * Where the parentheses are: in the resource path a parameter value is a literal or an alias
 * (`functionParameter`); in an expression it is any expression, JSON included (`functionExprParameter`).
 */
export type ParameterValues = 'literal' | 'expression';

/**
 * What parentheses after a name held: `parameters` when they were a call (`F()`, `F(p=1 add 2)`),
 * `key` when a key predicate followed the name or the call (`Orders(1)`, `F(p=1)(2)`). Both are
 * absent only when there were no parentheses.
 */
export interface CallOrKey {
  readonly parameters?: readonly NamedParameter[];
  readonly key?: KeyPredicate;
  /** Where the key predicate's `(` is. */
  readonly keyPos?: number;
}

type Group = { readonly kind: 'key'; readonly key: KeyPredicate } | { readonly kind: 'parameters'; readonly parameters: readonly NamedParameter[] };

/** A path parameter value: a literal (`null` included) or an alias, resolved (`null` when it has no value). */
function parseLiteralValue(parser: ExpressionParser): Expr {
  const { lexer } = parser;
  const token = lexer.next();
  if (token.kind === 'at') return parser.resolveAlias(token.text, token.start) ?? parser.node(literalExpr('null', 'null', token.start));
  const literal = token.kind === 'literal' ? token.literal : keywordLiteral(token);
  if (literal === undefined) return parser.fail(token.start, `expected a literal or a parameter alias but found ${describeToken(token, lexer.source.text)}`);
  return parser.node(literal);
}

function noSpace(parser: ExpressionParser, token: Token, what: string): void {
  if (token.spaceBefore) parser.fail(token.start, `whitespace is not allowed ${what}`);
}

/**
 * `(p=v, q=w)` or `()`; the lexer is at `(`. Whitespace may surround commas and parentheses, not
 * `=`. The group is returned as a named key predicate when it is valid key syntax as well: no
 * whitespace at all and every value a literal other than `null`.
 */
function parseNamedGroup(parser: ExpressionParser, values: ParameterValues): Group {
  const { lexer } = parser;
  const open = parser.expect('(');
  parser.enter(open.start);
  const parameters: NamedParameter[] = [];
  let keySyntax = true;
  if (isPunctuation(lexer.peek(), ')')) {
    keySyntax = false;
    lexer.next();
  } else {
    for (;;) {
      const name = lexer.next();
      if (name.kind !== 'identifier') parser.fail(name.start, `expected a parameter name but found ${describeToken(name, lexer.source.text)}`);
      noSpace(parser, parser.expect('='), "before '='");
      noSpace(parser, lexer.peek(), "after '='");
      const value = values === 'literal' ? parseLiteralValue(parser) : parser.parseExpr();
      keySyntax &&= !name.spaceBefore && value.kind === 'literal' && value.type !== 'null';
      parameters.push({ name: name.text, value });
      const separator = lexer.next();
      keySyntax &&= !separator.spaceBefore;
      if (isPunctuation(separator, ')')) break;
      if (!isPunctuation(separator, ',')) parser.fail(separator.start, `expected ',' or ')' but found ${describeToken(separator, lexer.source.text)}`);
    }
  }
  parser.leave();
  if (!keySyntax) return { kind: 'parameters', parameters };
  return { kind: 'key', key: { kind: 'named', pairs: parameters.map(({ name, value }) => ({ name, value: value as LiteralExpr })) } };
}

/** `()` or `(name=…`: the start of a parameter list rather than of a single key value. */
function startsNamedGroup(parser: ExpressionParser): boolean {
  const { lexer } = parser;
  const first = lexer.peek(1);
  return isPunctuation(first, ')') || (first.kind === 'identifier' && isPunctuation(lexer.peek(2), '='));
}

/**
 * The parentheses after a name (the lexer is at `(`): a key predicate (`(1)`, `('a')`,
 * `(ID=1,Code='x')`), or the parameters of a function call (`()`, `(p=@a)`, `(p=1 add 2)`), then
 * possibly a key predicate after the call (`F(p=1)(2)`). A named group that is valid key syntax is
 * a key after an unqualified name and parameters after a qualified one (`Model.F(p=1)`); the
 * planner reads it the other way when the model says so. A single value is always a key.
 */
export function parseCallOrKey(parser: ExpressionParser, qualified: boolean, values: ParameterValues): CallOrKey {
  const { lexer } = parser;
  const open = lexer.peek().start;
  const group: Group = startsNamedGroup(parser) ? parseNamedGroup(parser, values) : { kind: 'key', key: parseKeyPredicate(parser) };
  const second = lexer.peek();
  if (!isAdjacent(second, '(')) {
    if (group.kind === 'parameters') return { parameters: group.parameters };
    if (qualified && group.key.kind === 'named') return { parameters: group.key.pairs };
    return { key: group.key, keyPos: open };
  }
  if (group.kind === 'key' && group.key.kind === 'single') parser.fail(second.start, 'a key predicate cannot follow another key predicate');
  const parameters = group.kind === 'parameters' ? group.parameters : group.key.kind === 'named' ? group.key.pairs : [];
  return { parameters, key: parseKeyPredicate(parser), keyPos: second.start };
}
