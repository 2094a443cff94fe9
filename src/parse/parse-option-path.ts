import { syntaxError } from './parse-errors.js';
import type { Lexer } from './lexer.js';
import { isAdjacent, type Token } from './token.js';

function isPathSegment(token: Token): token is Token & { readonly kind: 'identifier' | 'qualifiedName' | 'at'; readonly text: string } {
  return token.kind === 'identifier' || token.kind === 'qualifiedName' || token.kind === 'at';
}

/**
 * The segments of a `$select`/`$expand` path: properties, type casts (`Namespace.Type`) and
 * annotations (`@Namespace.Term`) joined by `/` without whitespace. Stops before a `/` that is not
 * followed by such a segment (`/*`, `/$ref`, `/$count` are left to the caller); empty when the
 * next token is not a segment.
 */
export function parseOptionPath(lexer: Lexer): string[] {
  const first = lexer.peek();
  if (!isPathSegment(first)) return [];
  lexer.next();
  const segments = [first.text];
  while (isAdjacent(lexer.peek(), '/')) {
    const segment = lexer.peek(1);
    if (segment.spaceBefore) throw syntaxError(lexer.source.target, segment.start, "unexpected whitespace after '/'");
    if (!isPathSegment(segment)) break;
    lexer.next();
    lexer.next();
    segments.push(segment.text);
  }
  return segments;
}
