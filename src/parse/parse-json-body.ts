import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';

/** A JSON number as the body writes it: the text is kept, so no Int64 or Decimal digit is ever rounded. */
export interface JsonNumber {
  readonly kind: 'number';
  readonly text: string;
}

export interface JsonArray {
  readonly kind: 'array';
  readonly items: readonly JsonBodyValue[];
}

/** A JSON object: its members in the order of the body; names are unique. */
export interface JsonObject {
  readonly kind: 'object';
  readonly members: ReadonlyMap<string, JsonBodyValue>;
}

/** A JSON value of a request body: `null`, booleans and strings as themselves, numbers, arrays and objects as nodes. */
export type JsonBodyValue = null | boolean | string | JsonNumber | JsonArray | JsonObject;

export interface JsonBodyLimits {
  /** Arrays and objects nested deeper than this are rejected. */
  readonly maxDepth: number;
}

export function isJsonNumber(value: unknown): value is JsonNumber {
  return typeof value === 'object' && value !== null && (value as JsonNumber).kind === 'number';
}

export function isJsonArray(value: unknown): value is JsonArray {
  return typeof value === 'object' && value !== null && (value as JsonArray).kind === 'array';
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && (value as JsonObject).kind === 'object';
}

/** Member names in messages and targets are cut to this many characters. */
const maxNameLength = 128;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** An array or object being read: the members so far and, in an object, the name of the member being read. */
type OpenContainer =
  | { readonly kind: 'array'; readonly items: JsonBodyValue[] }
  | { readonly kind: 'object'; readonly members: Map<string, JsonBodyValue>; name: string };

const escapes: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function shorten(name: string): string {
  return name.length > maxNameLength ? `${name.slice(0, maxNameLength)}…` : name;
}

/**
 * RFC 8259 JSON over the decoded text, in one pass without recursion: containers are kept on an
 * explicit stack, so the nesting limit, not the call stack, bounds the depth.
 */
class BodyParser {
  readonly #text: string;
  readonly #maxDepth: number;
  readonly #number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  #pos = 0;

  constructor(text: string, maxDepth: number) {
    this.#text = text;
    this.#maxDepth = maxDepth;
  }

  parse(): JsonBodyValue {
    const value = this.#value();
    this.#skipSpace();
    if (this.#pos < this.#text.length) this.#fail(this.#pos, `unexpected ${this.#describe(this.#pos)} after the JSON value`);
    return value;
  }

  #value(): JsonBodyValue {
    const open: OpenContainer[] = [];
    for (;;) {
      this.#skipSpace();
      let value: JsonBodyValue;
      const char = this.#text.charAt(this.#pos);
      if (char === '[' || char === '{') {
        if (open.length >= this.#maxDepth) this.#fail(this.#pos, `arrays and objects nested deeper than ${this.#maxDepth} levels`);
        this.#pos += 1;
        this.#skipSpace();
        if (char === '[' && !this.#take(']')) {
          open.push({ kind: 'array', items: [] });
          continue;
        }
        if (char === '{' && !this.#take('}')) {
          const members = new Map<string, JsonBodyValue>();
          open.push({ kind: 'object', members, name: this.#memberName(members) });
          continue;
        }
        value = char === '[' ? { kind: 'array', items: [] } : { kind: 'object', members: new Map() };
      } else {
        value = this.#scalar();
      }
      for (;;) {
        const container = open.at(-1);
        if (container === undefined) return value;
        if (container.kind === 'array') container.items.push(value);
        else container.members.set(container.name, value);
        this.#skipSpace();
        if (this.#take(',')) {
          if (container.kind === 'object') container.name = this.#memberName(container.members);
          break;
        }
        const close = container.kind === 'array' ? ']' : '}';
        if (!this.#take(close)) this.#fail(this.#pos, `expected ',' or '${close}' but found ${this.#describe(this.#pos)}`);
        open.pop();
        value = container.kind === 'array' ? { kind: 'array', items: container.items } : { kind: 'object', members: container.members };
      }
    }
  }

  #scalar(): JsonBodyValue {
    const text = this.#text;
    const start = this.#pos;
    const char = text.charAt(start);
    if (char === '"') return this.#string();
    if (char === '-' || (char >= '0' && char <= '9')) return this.#numberAt(start);
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, start)) {
        this.#pos = start + word.length;
        return value;
      }
    }
    return this.#fail(start, `expected a JSON value but found ${this.#describe(start)}`);
  }

  #numberAt(start: number): JsonNumber {
    const pattern = this.#number;
    pattern.lastIndex = start;
    const matched = pattern.test(this.#text);
    const end = pattern.lastIndex;
    if (!matched || /[0-9.eE+-]/.test(this.#text.charAt(end))) this.#fail(start, 'invalid number');
    this.#pos = end;
    return { kind: 'number', text: this.#text.slice(start, end) };
  }

  /** A string; the parser is at its opening quote. */
  #string(): string {
    const text = this.#text;
    const start = this.#pos;
    let pos = start + 1;
    let result = '';
    for (;;) {
      const chunk = pos;
      for (let code = text.charCodeAt(pos); code >= 0x20 && code !== 0x22 && code !== 0x5c; code = text.charCodeAt(pos)) pos += 1;
      result += text.slice(chunk, pos);
      if (pos >= text.length) this.#fail(start, 'unterminated string');
      const char = text.charAt(pos);
      if (char === '"') {
        this.#pos = pos + 1;
        return result;
      }
      if (char !== '\\') this.#fail(pos, `${this.#describe(pos)} must be escaped in a string`);
      const escape = text.charAt(pos + 1);
      const hex = text.slice(pos + 2, pos + 6);
      if (escape === 'u' && /^[0-9A-Fa-f]{4}$/.test(hex)) {
        result += String.fromCharCode(Number.parseInt(hex, 16));
        pos += 6;
      } else if (Object.hasOwn(escapes, escape)) {
        result += escapes[escape] ?? '';
        pos += 2;
      } else {
        this.#fail(pos, 'invalid escape sequence');
      }
    }
  }

  /** The name of the next member and the colon after it; the parser is before the name. */
  #memberName(members: ReadonlyMap<string, JsonBodyValue>): string {
    this.#skipSpace();
    const start = this.#pos;
    if (this.#text.charAt(start) !== '"') this.#fail(start, `expected a member name in double quotes but found ${this.#describe(start)}`);
    const name = this.#string();
    if (members.has(name)) {
      throw new ODataError(400, ErrorCodes.invalidBody, `${this.#where(start)}: duplicate member "${shorten(name)}"`, { target: shorten(name) });
    }
    this.#skipSpace();
    if (!this.#take(':')) this.#fail(this.#pos, `expected ':' after the member name but found ${this.#describe(this.#pos)}`);
    return name;
  }

  #take(char: string): boolean {
    if (this.#text.charAt(this.#pos) !== char) return false;
    this.#pos += 1;
    return true;
  }

  #skipSpace(): void {
    const text = this.#text;
    let pos = this.#pos;
    for (;;) {
      const code = text.charCodeAt(pos);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) break;
      pos += 1;
    }
    this.#pos = pos;
  }

  /** One character for a message, never more of the input. */
  #describe(pos: number): string {
    const code = this.#text.codePointAt(pos);
    if (code === undefined) return 'the end of the body';
    if (code < 0x20 || code === 0x7f) return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    return `'${String.fromCodePoint(code)}'`;
  }

  /** `Invalid JSON in the request body at character 12`: counted in Unicode characters, the first is 0. */
  #where(pos: number): string {
    const before = this.#text.slice(0, pos);
    const surrogatePairs = before.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0;
    return `Invalid JSON in the request body at character ${before.length - surrogatePairs}`;
  }

  #fail(pos: number, detail: string): never {
    throw new ODataError(400, ErrorCodes.invalidBody, `${this.#where(pos)}: ${detail}`);
  }
}

/**
 * Reads a request body as JSON (RFC 8259): strict UTF-8 (a leading byte order mark is dropped),
 * numbers kept as their text, objects with their members in order. Duplicate member names,
 * arrays and objects nested deeper than `limits.maxDepth`, and text after the value are 400s
 * saying where; linear in the size of the body.
 */
export function parseJsonBody(body: Buffer, limits: JsonBodyLimits): JsonBodyValue {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch (error) {
    throw new ODataError(400, ErrorCodes.invalidBody, 'The request body is not valid UTF-8', { cause: error });
  }
  return new BodyParser(text, limits.maxDepth).parse();
}
