import type { ExpressionParser } from './expression-parser.js';
import { parseCall } from './parse-call.js';
import { parseKeyPredicate } from './parse-key.js';
import { parseMemberPath, pushNamed } from './parse-member.js';
import type { CallExpr, Expr, PathExprSegment } from './syntax.js';
import { describeToken, isAdjacent, isPunctuation, type Token } from './token.js';

type NameToken = Token & { readonly kind: 'identifier' | 'qualifiedName' };

/**
 * A call followed by `/` or `(` was a path: `Orders(1)/Amount` (a key) or `F()/Name`, `F()(1)`
 * (a function without parameters). Any other call cannot be followed by either.
 */
function continueAfterCall(parser: ExpressionParser, call: CallExpr, token: NameToken): Expr {
  const next = parser.lexer.peek();
  const slash = isAdjacent(next, '/');
  if (!slash && !isAdjacent(next, '(')) return call;
  const [arg] = call.args;
  if (call.args.length === 0) {
    const segments: PathExprSegment[] = [{ kind: 'call', name: token.text, parameters: [], pos: token.start }];
    if (!slash) segments.push({ kind: 'key', key: parseKeyPredicate(parser), pos: next.start });
    return parseMemberPath(parser, segments, token.start);
  }
  if (slash && call.args.length === 1 && arg?.kind === 'literal' && arg.type !== 'null') {
    const key: PathExprSegment = { kind: 'key', key: { kind: 'single', value: arg }, pos: token.end };
    return parseMemberPath(parser, [{ kind: 'name', name: token.text, pos: token.start }, key], token.start);
  }
  return parser.fail(next.start, `the result of ${token.text}(…) cannot be followed by ${describeToken(next, parser.lexer.source.text)}`);
}

/**
 * A name followed by `(` at the start of an operand; the lexer is at `(`.
 * - Named parameters (`Model.F(p=1)`, `F(p=1 add 2)`), or empty parentheses after a qualified name
 *   (`Model.F()`), call a function of the model: a `PathExpr`, name kept as written. An
 *   unqualified name with key syntax (`Orders(ID=1)`) is a key, as after `/`.
 * - Positional arguments call a built-in function (`length(Name)`, `geo.distance(a,b)`), as does
 *   any `geo.` name: a `CallExpr`. When `/` or `(` follows an unqualified call, it was a path after
 *   all (`Orders(1)/Amount`, `F()/Name`).
 */
export function parseNameCall(parser: ExpressionParser, token: NameToken): Expr {
  const { lexer } = parser;
  const inside = lexer.peek(1);
  const qualified = token.kind === 'qualifiedName';
  const builtIn = qualified && token.text.toLowerCase().startsWith('geo.');
  const named = (inside.kind === 'identifier' && isPunctuation(lexer.peek(2), '=')) || (qualified && isPunctuation(inside, ')'));
  if (named && !builtIn) {
    const segments: PathExprSegment[] = [];
    pushNamed(parser, segments, token);
    return parseMemberPath(parser, segments, token.start);
  }
  const call = parseCall(parser, token);
  return qualified ? call : continueAfterCall(parser, call, token);
}
