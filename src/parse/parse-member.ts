import type { ExpressionParser } from './expression-parser.js';
import type { Expr, LambdaExpr, MemberExpr } from './syntax.js';
import { describeToken, isAdjacent } from './token.js';

/**
 * Continues a member path after its first segment(s): `/Name`, `/Namespace.Type` (type cast),
 * `/@Namespace.Term` (annotation), a final `/$count`, or a final `/any(…)` / `/all(…)` lambda.
 * Key predicates, bound functions and `$filter(…)` segments inside expressions are not supported.
 */
export function parseMemberPath(parser: ExpressionParser, first: readonly string[], pos: number): Expr {
  const { lexer } = parser;
  const source = lexer.source.text;
  const path = [...first];
  while (isAdjacent(lexer.peek(), '/')) {
    lexer.next();
    const segment = lexer.peek();
    if (segment.spaceBefore) parser.fail(segment.start, "unexpected whitespace after '/'");
    const callFollows = isAdjacent(lexer.peek(1), '(');
    switch (segment.kind) {
      case 'identifier': {
        const lower = segment.text.toLowerCase();
        if (callFollows && (lower === 'any' || lower === 'all')) {
          lexer.next();
          return parseLambda(parser, lower, parser.node({ kind: 'member', path, pos }));
        }
        if (callFollows) parser.fail(lexer.peek(1).start, 'key predicates and bound functions in expression paths are not supported');
        break;
      }
      case 'qualifiedName':
        if (callFollows) parser.fail(lexer.peek(1).start, 'bound functions in expression paths are not supported');
        break;
      case 'at':
        break;
      case 'dollarName':
        if (segment.text !== '$count') parser.fail(segment.start, `${describeToken(segment, source)} segments are not supported in expressions`);
        if (callFollows) parser.fail(lexer.peek(1).start, '$count with query options is not supported in expressions');
        lexer.next();
        path.push(segment.text);
        if (isAdjacent(lexer.peek(), '/')) parser.fail(lexer.peek().start, '$count must be the last segment');
        return parser.node({ kind: 'member', path, pos });
      default:
        return parser.fail(segment.start, `expected a property name after '/' but found ${describeToken(segment, source)}`);
    }
    lexer.next();
    path.push(segment.text);
  }
  return parser.node({ kind: 'member', path, pos });
}

/** `any()`, `any(v: predicate)`, `all(v: predicate)`; the lexer is at the opening parenthesis. */
function parseLambda(parser: ExpressionParser, op: 'any' | 'all', collection: MemberExpr): LambdaExpr {
  const { lexer } = parser;
  const open = parser.expect('(');
  parser.enter(open.start);
  const first = lexer.peek();
  if (first.kind === 'punctuation' && first.text === ')') {
    if (op === 'all') parser.fail(first.start, 'all() needs a lambda variable and predicate');
    lexer.next();
    parser.leave();
    return parser.node({ kind: 'lambda', op, collection, pos: collection.pos });
  }
  if (first.kind !== 'identifier') parser.fail(first.start, 'expected a lambda variable name');
  lexer.next();
  parser.expect(':');
  const predicate = parser.parseExpr();
  parser.expect(')');
  parser.leave();
  return parser.node({ kind: 'lambda', op, collection, variable: first.text, predicate, pos: collection.pos });
}
