import type { LiteralExpr } from './syntax.js';

export type Punctuation = '(' | ')' | ',' | '/' | ':' | '[' | ']' | '{' | '}' | ';' | '=' | '*' | '-';

interface TokenPosition {
  /** Offset of the first character in the source text. */
  readonly start: number;
  /** Offset just after the last character. */
  readonly end: number;
  /** Whether whitespace (space or tab) precedes the token. */
  readonly spaceBefore: boolean;
}

/**
 * Lexical tokens shared by the expression, `$select`/`$expand` and path parsers. Keywords (`eq`,
 * `and`, `true`, `asc`…) are plain identifiers: whether they are keywords depends on position.
 */
export type Token = TokenPosition &
  (
    | { readonly kind: 'eof' }
    /** `Name`, `eq`, `true` */
    | { readonly kind: 'identifier'; readonly text: string }
    /** `Namespace.Name`, `geo.distance`, `Edm.Int32` */
    | { readonly kind: 'qualifiedName'; readonly text: string }
    /** `Namespace.*` (the text is the namespace) */
    | { readonly kind: 'allOperations'; readonly text: string }
    /** `$it`, `$this`, `$count`, `$filter`, `$ref`… (text includes the `$`) */
    | { readonly kind: 'dollarName'; readonly text: string }
    /** `@alias`, `@Namespace.Term`, `@Term#qualifier` (text includes the `@`) */
    | { readonly kind: 'at'; readonly text: string }
    | { readonly kind: 'literal'; readonly literal: LiteralExpr }
    /** A JSON string `"…"`, value unescaped. */
    | { readonly kind: 'jsonString'; readonly value: string }
    | { readonly kind: 'punctuation'; readonly text: Punctuation }
  );

/** A short description of a token for error messages. */
export function describeToken(token: Token, source: string): string {
  return token.kind === 'eof' ? 'end of input' : `'${source.slice(token.start, Math.min(token.end, token.start + 20))}'`;
}

export function isPunctuation(token: Token, text: Punctuation): boolean {
  return token.kind === 'punctuation' && token.text === text;
}

/** Punctuation directly after the previous token, as the `(` in `name(` or the `/` in `a/b`. */
export function isAdjacent(token: Token, text: Punctuation): boolean {
  return isPunctuation(token, text) && !token.spaceBefore;
}
