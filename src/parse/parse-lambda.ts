import type { ExpressionParser } from './expression-parser.js';
import type { Expr } from './syntax.js';
import { isPunctuation } from './token.js';

/** The part of a lambda inside its parentheses. */
export interface LambdaBody {
  readonly variable?: string;
  readonly predicate?: Expr;
}

/** `any()`, `any(v: predicate)`, `all(v: predicate)`; the lexer is at the opening parenthesis. */
export function parseLambda(parser: ExpressionParser, op: 'any' | 'all'): LambdaBody {
  const { lexer } = parser;
  const open = parser.expect('(');
  parser.enter(open.start);
  const first = lexer.peek();
  if (isPunctuation(first, ')')) {
    if (op === 'all') parser.fail(first.start, 'all() needs a lambda variable and predicate');
    lexer.next();
    parser.leave();
    return {};
  }
  if (first.kind !== 'identifier') parser.fail(first.start, 'expected a lambda variable name');
  lexer.next();
  parser.expect(':');
  const predicate = parser.parseExpr();
  parser.expect(')');
  parser.leave();
  return { variable: first.text, predicate };
}
