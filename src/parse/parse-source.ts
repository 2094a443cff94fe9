/**
 * The percent-decoded text of one query option value, alias value or path, with what every
 * parser needs to report errors. `encoded[i]` is 1 when `text[i]` came from a `%XX` escape: a few
 * rules treat a literal delimiter differently from an encoded one (a raw `;` ends a nested
 * `$search`, `%3B` does not; a raw `#` cannot appear in a query string).
 */
export interface ParseSource {
  readonly text: string;
  readonly encoded: Uint8Array;
  /** `$filter`, `@alias`, `path`… used as the error target. */
  readonly target: string;
}

/** A source for text that was never percent-encoded (e.g. `parseExpression` input). */
export function plainSource(text: string, target: string): ParseSource {
  return { text, encoded: new Uint8Array(text.length), target };
}
