import type { ExpressionParser } from './expression-parser.js';
import type { CallExpr, Expr, TypeNameExpr } from './syntax.js';
import { describeToken, isAdjacent, isPunctuation, type Token } from './token.js';

/**
 * A function call `name(args)`; the lexer is at the opening parenthesis. Any name is accepted and
 * lower-cased (the planner checks names and arities). Special forms:
 * - `cast(x, Type)`, `cast(Type)`, `isof(x, Type)`, `isof(Type)`: the last argument is a `TypeNameExpr`
 *   (`Edm.Int32`, `Namespace.Type`, `Type`, `Collection(Edm.String)`);
 * - `case(c1:v1, c2:v2, …)`: the arguments are the flattened pairs `[c1, v1, c2, v2, …]`.
 */
export function parseCall(parser: ExpressionParser, nameToken: Token & { readonly text: string }): CallExpr {
  const { lexer } = parser;
  const name = nameToken.text.toLowerCase();
  const pos = nameToken.start;
  if (name === 'any' || name === 'all') parser.fail(pos, `${name}() must follow a collection path, as in Tags/${name}(…)`);
  const open = parser.expect('(');
  parser.enter(open.start);
  const args: Expr[] = [];
  const typed = name === 'cast' || name === 'isof';
  if (isPunctuation(lexer.peek(), ')')) {
    lexer.next();
  } else {
    for (;;) {
      const typeName = typed ? parseTypeName(parser) : undefined;
      if (typeName !== undefined) {
        args.push(typeName);
        parser.expect(')');
        break;
      }
      const token = lexer.peek();
      if (token.kind === 'identifier' && isPunctuation(lexer.peek(1), '=')) {
        parser.fail(token.start, 'built-in functions take positional arguments');
      }
      args.push(parser.parseExpr());
      if (name === 'case') {
        parser.expect(':');
        args.push(parser.parseExpr());
      }
      const separator = lexer.next();
      if (isPunctuation(separator, ')')) break;
      if (!isPunctuation(separator, ',')) parser.fail(separator.start, `expected ',' or ')' but found ${describeToken(separator, lexer.source.text)}`);
    }
  }
  parser.leave();
  if (typed && !(args.length >= 1 && args.length <= 2 && args.at(-1)?.kind === 'typeName')) {
    parser.fail(pos, `${name} expects (Type) or (expression, Type)`);
  }
  if (name === 'case' && args.length === 0) parser.fail(pos, 'case expects at least one condition:value pair');
  return parser.node({ kind: 'call', name, args, pos });
}

/** A type name when it is the last argument: `Edm.Int32)`, `Customer)`, `Collection(Edm.String))`. */
function parseTypeName(parser: ExpressionParser): TypeNameExpr | undefined {
  const { lexer } = parser;
  const token = lexer.peek();
  if (token.kind !== 'identifier' && token.kind !== 'qualifiedName') return undefined;
  if (isPunctuation(lexer.peek(1), ')')) {
    lexer.next();
    return parser.node({ kind: 'typeName', name: token.text, pos: token.start });
  }
  const element = lexer.peek(2);
  const isCollection =
    token.text === 'Collection' &&
    isAdjacent(lexer.peek(1), '(') &&
    (element.kind === 'identifier' || element.kind === 'qualifiedName') &&
    isPunctuation(lexer.peek(3), ')') &&
    isPunctuation(lexer.peek(4), ')');
  if (!isCollection || (element.kind !== 'identifier' && element.kind !== 'qualifiedName')) return undefined;
  for (let i = 0; i < 4; i++) lexer.next();
  return parser.node({ kind: 'typeName', name: `Collection(${element.text})`, pos: token.start });
}
