import { literalExpr } from './literal-expr.js';
import type { ParseBudget } from './parse-budget.js';
import { syntaxError } from './parse-errors.js';
import type { ParseSource } from './parse-source.js';
import { prefixedLiteral } from './prefixed-literal.js';
import { scanTemporal } from './temporal-literal.js';
import type { LiteralExpr } from './syntax.js';
import type { Punctuation, Token } from './token.js';

const punctuation: ReadonlySet<string> = new Set(['(', ')', ',', '/', ':', '[', ']', '{', '}', ';', '=', '*', '-']);
const maxIdentifierLength = 128;

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * Tokenizer over one source, started at any offset (nested options hand over positions between
 * parsers). Tokens are produced on demand with up to two tokens of lookahead, so a parser that
 * stops at `;` or `)` never reads text that belongs to the next option.
 */
export class Lexer {
  readonly source: ParseSource;
  readonly #budget: ParseBudget;
  readonly #buffer: Token[] = [];
  #pos: number;
  #lastEnd: number;

  constructor(source: ParseSource, start: number, budget: ParseBudget) {
    this.source = source;
    this.#budget = budget;
    this.#pos = start;
    this.#lastEnd = start;
  }

  /** End offset of the last consumed token (where the next parser takes over). */
  get lastEnd(): number {
    return this.#lastEnd;
  }

  peek(ahead = 0): Token {
    while (this.#buffer.length <= ahead) this.#buffer.push(this.#scan());
    return this.#buffer[ahead] as Token;
  }

  next(): Token {
    const token = this.peek();
    this.#buffer.shift();
    this.#lastEnd = token.end;
    return token;
  }

  /** Drops the lookahead and goes on at `pos`, after another parser consumed the text before it (nested options). */
  skipTo(pos: number): void {
    this.#buffer.length = 0;
    this.#pos = pos;
    this.#lastEnd = pos;
  }

  #fail(pos: number, detail: string): never {
    throw syntaxError(this.source.target, pos, detail);
  }

  #scan(): Token {
    const text = this.source.text;
    let pos = this.#pos;
    while (pos < text.length && (text.charCodeAt(pos) === 0x20 || text.charCodeAt(pos) === 0x09)) pos++;
    const spaceBefore = pos > this.#pos;
    const token = this.#scanAt(pos, spaceBefore);
    this.#pos = token.end;
    return token;
  }

  #scanAt(start: number, spaceBefore: boolean): Token {
    const text = this.source.text;
    if (start >= text.length) return { kind: 'eof', start, end: start, spaceBefore };
    const char = text.charAt(start);
    const code = text.charCodeAt(start);
    const nextCode = text.charCodeAt(start + 1);
    if (char === "'") {
      const quoted = this.#scanQuoted(start);
      return this.#literalToken(literalExpr('string', quoted.body, start), start, quoted.end, spaceBefore);
    }
    if (char === '"') return this.#scanJsonString(start, spaceBefore);
    if (char === '$' || char === '@') return this.#scanPrefixedName(start, spaceBefore);
    if (isDigit(code) || ((char === '-' || char === '+') && isDigit(nextCode))) {
      return this.#scanNumeric(start, spaceBefore);
    }
    if (char === '-' && text.startsWith('INF', start + 1)) {
      return this.#literalToken(literalExpr('double', '-INF', start), start, start + 4, spaceBefore);
    }
    if (punctuation.has(char)) {
      return { kind: 'punctuation', text: char as Punctuation, start, end: start + 1, spaceBefore };
    }
    const identifier = /[\p{L}\p{Nl}_]/uy;
    identifier.lastIndex = start;
    if (identifier.test(text)) return this.#scanName(start, spaceBefore);
    return this.#fail(start, `unexpected character '${String.fromCodePoint(text.codePointAt(start) ?? code)}'`);
  }

  #literalToken(literal: LiteralExpr, start: number, end: number, spaceBefore: boolean): Token {
    const after = /[\p{L}\p{N}_.']/uy;
    after.lastIndex = end;
    if (after.test(this.source.text)) this.#fail(end, 'unexpected character after literal');
    return { kind: 'literal', literal, start, end, spaceBefore };
  }

  #scanQuoted(open: number): { body: string; end: number } {
    const text = this.source.text;
    let search = open + 1;
    for (;;) {
      const close = text.indexOf("'", search);
      if (close < 0) this.#fail(open, 'unterminated string literal');
      if (text.charAt(close + 1) !== "'") {
        return { body: text.slice(open + 1, close).replaceAll("''", "'"), end: close + 1 };
      }
      search = close + 2;
    }
  }

  #scanJsonString(start: number, spaceBefore: boolean): Token {
    const text = this.source.text;
    const escapes: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    const parts: string[] = [];
    let chunk = start + 1;
    let pos = start + 1;
    while (pos < text.length) {
      const char = text.charAt(pos);
      if (char === '"') {
        parts.push(text.slice(chunk, pos));
        return { kind: 'jsonString', value: parts.join(''), start, end: pos + 1, spaceBefore };
      }
      if (char === '\\') {
        parts.push(text.slice(chunk, pos));
        const escape = text.charAt(pos + 1);
        const hex = text.slice(pos + 2, pos + 6);
        if (escape === 'u' && /^[0-9A-Fa-f]{4}$/.test(hex)) {
          parts.push(String.fromCharCode(Number.parseInt(hex, 16)));
          pos += 6;
        } else if (escape in escapes) {
          parts.push(escapes[escape] ?? '');
          pos += 2;
        } else {
          this.#fail(pos, 'invalid escape in JSON string');
        }
        chunk = pos;
        continue;
      }
      pos++;
    }
    return this.#fail(start, 'unterminated JSON string');
  }

  /** `$it`, `$count` and `@alias`, `@Namespace.Term#qualifier`. */
  #scanPrefixedName(start: number, spaceBefore: boolean): Token {
    const text = this.source.text;
    const isAt = text.charAt(start) === '@';
    const name = isAt
      ? /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]*(?:\.[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]*)*(?:#[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]*)?/uy
      : /[A-Za-z]+/y;
    name.lastIndex = start + 1;
    if (!name.test(text)) this.#fail(start + 1, `expected a name after '${text.charAt(start)}'`);
    const end = name.lastIndex;
    return { kind: isAt ? 'at' : 'dollarName', text: text.slice(start, end), start, end, spaceBefore };
  }

  #scanNumeric(start: number, spaceBefore: boolean): Token {
    const text = this.source.text;
    const guid = /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/y;
    guid.lastIndex = start;
    if (guid.test(text)) {
      return this.#literalToken(literalExpr('guid', text.slice(start, guid.lastIndex).toLowerCase(), start), start, guid.lastIndex, spaceBefore);
    }
    const temporal = scanTemporal(text, start, this.source.target);
    if (temporal !== undefined) {
      return this.#literalToken(literalExpr(temporal.type, temporal.value, start), start, temporal.end, spaceBefore);
    }
    const number = /[+-]?\d+(\.\d+)?([eE][+-]?\d+)?/y;
    number.lastIndex = start;
    const parts = number.exec(text);
    const written = parts?.[0] ?? '';
    const type = parts?.[2] !== undefined ? 'double' : parts?.[1] !== undefined ? 'decimal' : 'integer';
    const value = written.replace(/^\+/, '').replace(/[eE]\+?/, 'e');
    return this.#literalToken(literalExpr(type, value, start), start, start + written.length, spaceBefore);
  }

  /** Identifiers, qualified names, `Namespace.*`, Guids starting with a letter and prefixed literals. */
  #scanName(start: number, spaceBefore: boolean): Token {
    const text = this.source.text;
    const guid = /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/y;
    guid.lastIndex = start;
    if (guid.test(text)) {
      return this.#literalToken(literalExpr('guid', text.slice(start, guid.lastIndex).toLowerCase(), start), start, guid.lastIndex, spaceBefore);
    }
    const identifier = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]*/uy;
    let end = start;
    let parts = 0;
    for (;;) {
      identifier.lastIndex = end;
      if (!identifier.test(text)) this.#fail(end, "expected an identifier after '.'");
      if (identifier.lastIndex - end > maxIdentifierLength) this.#fail(end, `identifier longer than ${maxIdentifierLength} characters`);
      end = identifier.lastIndex;
      parts += 1;
      if (text.charAt(end) !== '.') break;
      if (text.charAt(end + 1) === '*') {
        return { kind: 'allOperations', text: text.slice(start, end), start, end: end + 2, spaceBefore };
      }
      end += 1;
    }
    const name = text.slice(start, end);
    if (text.charAt(end) === "'") {
      const quoted = this.#scanQuoted(end);
      const literal = prefixedLiteral({ prefix: name, body: quoted.body, pos: start, bodyPos: end + 1 }, this.source.target, this.#budget);
      return this.#literalToken(literal, start, quoted.end, spaceBefore);
    }
    return { kind: parts > 1 ? 'qualifiedName' : 'identifier', text: name, start, end, spaceBefore };
  }
}
