import type { ExpressionParser } from './expression-parser.js';
import { literalExpr } from './literal-expr.js';
import { parseJsonArrayElements } from './parse-json.js';
import type { Expr, MemberExpr } from './syntax.js';
import { isPunctuation } from './token.js';

/** Turns a JSON value from an alias back into nodes (`@list=["a",1]` used as `x in @list`). */
function jsonToExpr(value: unknown, pos: number): Expr {
  if (value === null) return literalExpr('null', 'null', pos);
  if (typeof value === 'boolean') return literalExpr('boolean', String(value), pos);
  if (typeof value === 'string') return literalExpr('string', value, pos);
  if (typeof value === 'number') {
    const text = String(value);
    return literalExpr(/[eE]/.test(text) ? 'double' : text.includes('.') ? 'decimal' : 'integer', text, pos);
  }
  return { kind: 'json', value, pos };
}

function toList(parser: ExpressionParser, expr: Expr): readonly Expr[] | MemberExpr {
  switch (expr.kind) {
    case 'member':
      return expr;
    case 'literal':
      return [expr];
    case 'json':
      if (Array.isArray(expr.value)) return expr.value.map((item: unknown) => jsonToExpr(item, expr.pos));
      break;
    case 'array':
      return expr.items;
    default:
      break;
  }
  return parser.fail(expr.pos, "the right operand of 'in' must be a list of literals, a JSON array or a collection path");
}

/**
 * The right operand of `in`: `(1, 2, 3)` (literals only), `()`, `["a","b"]` (any expressions), `@alias`, a
 * collection path (`Tags`), or `(Tags)`. A parenthesised single item is that item.
 */
export function parseInList(parser: ExpressionParser): readonly Expr[] | MemberExpr {
  const { lexer } = parser;
  const token = lexer.peek();
  if (isPunctuation(token, '[')) return parseJsonArrayElements(parser);
  if (!isPunctuation(token, '(')) return toList(parser, parser.parsePrimary());
  lexer.next();
  parser.enter(token.start);
  if (isPunctuation(lexer.peek(), ')')) {
    lexer.next();
    parser.leave();
    return [];
  }
  const first = parser.parseExpr();
  if (!isPunctuation(lexer.peek(), ',')) {
    parser.expect(')');
    parser.leave();
    return toList(parser, first);
  }
  const items: Expr[] = [first];
  while (isPunctuation(lexer.peek(), ',')) {
    lexer.next();
    items.push(parser.parseExpr());
  }
  parser.expect(')');
  parser.leave();
  const notLiteral = items.find((item) => item.kind !== 'literal');
  if (notLiteral !== undefined) parser.fail(notLiteral.pos, "a list after 'in' may only contain literals");
  return items;
}
