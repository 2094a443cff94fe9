import type { ExpressionParser } from './expression-parser.js';
import { parseCallOrKey } from './parse-call-or-key.js';
import { parseCountOptions } from './parse-count-options.js';
import { parseKeyPredicate } from './parse-key.js';
import { parseLambda } from './parse-lambda.js';
import type { Expr, PathExprSegment } from './syntax.js';
import { describeToken, isAdjacent, type Token } from './token.js';

/**
 * The segments as a `MemberExpr` path (`['a', 'b', '$count']`) when that can hold them: names only,
 * possibly ending in a bare `$count`, not starting at `$root`.
 */
function memberPath(segments: readonly PathExprSegment[]): string[] | undefined {
  const path: string[] = [];
  for (const [index, segment] of segments.entries()) {
    if (segment.kind === 'name' && !(index === 0 && segment.name === '$root')) path.push(segment.name);
    else if (segment.kind === 'count' && segment.filter === undefined && segment.search === undefined && index === segments.length - 1) path.push('$count');
    else return undefined;
  }
  return path;
}

function finish(parser: ExpressionParser, segments: readonly PathExprSegment[], pos: number): Expr {
  const path = memberPath(segments);
  if (path !== undefined) return parser.node({ kind: 'member', path, pos });
  parser.scope.budget.addNodes(segments.length, parser.target, pos);
  return parser.node({ kind: 'path', segments, pos });
}

/**
 * Adds a name just read (`token`) to `segments`, with the call or key predicate that follows it:
 * `Name`, `Name(1)`, `Name()`, `Model.F(p=1)`, `F(p=1)(2)`.
 */
export function pushNamed(parser: ExpressionParser, segments: PathExprSegment[], token: Token & { readonly kind: 'identifier' | 'qualifiedName' }): void {
  if (!isAdjacent(parser.lexer.peek(), '(')) {
    segments.push({ kind: 'name', name: token.text, pos: token.start });
    return;
  }
  const { parameters, key, keyPos } = parseCallOrKey(parser, token.kind === 'qualifiedName', 'expression');
  segments.push(parameters === undefined ? { kind: 'name', name: token.text, pos: token.start } : { kind: 'call', name: token.text, parameters, pos: token.start });
  if (key !== undefined) segments.push({ kind: 'key', key, pos: keyPos ?? token.start });
}

/** `$filter(predicate)`, then possibly a key predicate; the lexer is at `(`. */
function pushFilter(parser: ExpressionParser, segments: PathExprSegment[], pos: number): void {
  const open = parser.expect('(');
  parser.enter(open.start);
  const predicate = parser.parseExpr();
  parser.expect(')');
  parser.leave();
  segments.push({ kind: 'filter', predicate, pos });
  const next = parser.lexer.peek();
  if (isAdjacent(next, '(')) segments.push({ kind: 'key', key: parseKeyPredicate(parser), pos: next.start });
}

/**
 * Continues a member path after its first segment(s): `/Name`, `/Namespace.Type` (type cast),
 * `/@Namespace.Term` (annotation), key predicates (`/Orders(1)`, `/Orders/1`), bound function
 * calls (`/Model.F(p=1)`, `/F()`), `/$filter(…)`, a final `/$count` or `/$count(…)`, or a final
 * `/any(…)` / `/all(…)` lambda. The result is a `MemberExpr` or `LambdaExpr` when those can hold
 * it, otherwise a `PathExpr`.
 */
export function parseMemberPath(parser: ExpressionParser, first: readonly PathExprSegment[], pos: number): Expr {
  const { lexer } = parser;
  const source = lexer.source.text;
  const segments = [...first];
  while (isAdjacent(lexer.peek(), '/')) {
    lexer.next();
    const segment = lexer.next();
    if (segment.spaceBefore) parser.fail(segment.start, "unexpected whitespace after '/'");
    const callFollows = isAdjacent(lexer.peek(), '(');
    switch (segment.kind) {
      case 'identifier': {
        const lower = segment.text.toLowerCase();
        if (callFollows && (lower === 'any' || lower === 'all')) {
          const body = parseLambda(parser, lower);
          const path = memberPath(segments);
          if (path !== undefined) {
            return parser.node({ kind: 'lambda', op: lower, collection: parser.node({ kind: 'member', path, pos }), ...body, pos });
          }
          segments.push({ kind: 'lambda', op: lower, ...body, pos: segment.start });
          return finish(parser, segments, pos);
        }
        pushNamed(parser, segments, segment);
        break;
      }
      case 'qualifiedName':
        pushNamed(parser, segments, segment);
        break;
      case 'at':
        segments.push({ kind: 'name', name: segment.text, pos: segment.start });
        break;
      case 'literal':
        if (segment.literal.type === 'null') parser.fail(segment.start, 'null cannot be a key value');
        segments.push({ kind: 'key', key: { kind: 'single', value: parser.node(segment.literal) }, pos: segment.start });
        break;
      case 'dollarName':
        if (segment.text === '$filter' && callFollows) {
          pushFilter(parser, segments, segment.start);
          break;
        }
        if (segment.text !== '$count') parser.fail(segment.start, `${describeToken(segment, source)} is not allowed in an expression path`);
        segments.push(callFollows ? parseCountOptions(parser, segment.start) : { kind: 'count', pos: segment.start });
        if (isAdjacent(lexer.peek(), '/')) parser.fail(lexer.peek().start, '$count must be the last segment');
        return finish(parser, segments, pos);
      default:
        return parser.fail(segment.start, `expected a property name after '/' but found ${describeToken(segment, source)}`);
    }
  }
  return finish(parser, segments, pos);
}
