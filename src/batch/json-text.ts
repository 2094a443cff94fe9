import { assertNever } from '../errors/assert-never.js';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';

/**
 * A JSON value with the place of its text (`start` inclusive, `end` exclusive), so a part of a
 * document can be taken or replaced as the client wrote it: numbers keep every digit sent.
 */
export type JsonNode =
  | { readonly kind: 'object'; readonly start: number; readonly end: number; readonly members: readonly JsonMember[] }
  | { readonly kind: 'array'; readonly start: number; readonly end: number; readonly elements: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly start: number; readonly end: number; readonly value: string }
  | { readonly kind: 'number' | 'true' | 'false' | 'null'; readonly start: number; readonly end: number };

export interface JsonMember {
  readonly name: string;
  readonly value: JsonNode;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'] as const;

/** A recursive-descent reader over `text`; nesting deeper than `maxDepth` is refused before the stack could suffer. */
class JsonReader {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    private readonly what: string,
  ) {}

  read(): JsonNode {
    const node = this.value(1);
    this.skipSpace();
    if (this.position < this.text.length) throw this.fail('unexpected text after the JSON value');
    return node;
  }

  private fail(message: string): ODataError {
    return new ODataError(400, ErrorCodes.invalidBatch, `${this.what} is not valid JSON: ${message} at offset ${this.position}`);
  }

  private skipSpace(): void {
    while (this.position < this.text.length && ' \t\n\r'.includes(this.text[this.position] as string)) this.position += 1;
  }

  private value(depth: number): JsonNode {
    this.skipSpace();
    const char = this.text[this.position];
    if (char === '{' || char === '[') {
      if (depth > this.maxDepth) {
        throw new ODataError(400, ErrorCodes.limitExceeded, `${this.what} nests objects and arrays deeper than ${this.maxDepth} levels`);
      }
      return char === '{' ? this.object(depth) : this.array(depth);
    }
    if (char === '"') return this.string();
    const start = this.position;
    for (const literal of LITERALS) {
      if (this.text.startsWith(literal, start)) {
        this.position += literal.length;
        return { kind: literal, start, end: this.position };
      }
    }
    NUMBER.lastIndex = start;
    const number = NUMBER.exec(this.text);
    if (number === null) throw this.fail(char === undefined ? 'the text ends where a value should be' : `unexpected ${JSON.stringify(char)}`);
    this.position = NUMBER.lastIndex;
    return { kind: 'number', start, end: this.position };
  }

  private string(): JsonNode & { kind: 'string' } {
    const start = this.position;
    let end = start + 1;
    while (end < this.text.length && this.text[end] !== '"') end += this.text[end] === '\\' ? 2 : 1;
    if (end >= this.text.length) throw this.fail('a string is not closed');
    let value: string;
    try {
      value = JSON.parse(this.text.slice(start, end + 1)) as string;
    } catch {
      throw this.fail('a string holds an invalid escape or control character');
    }
    this.position = end + 1;
    return { kind: 'string', start, end: this.position, value };
  }

  private expect(char: string): void {
    this.skipSpace();
    if (this.text[this.position] !== char) throw this.fail(`expected ${JSON.stringify(char)}`);
    this.position += 1;
  }

  /** Whether `close` follows (and is consumed); otherwise a `,` must. */
  private closes(close: string, first: boolean): boolean {
    this.skipSpace();
    if (this.text[this.position] === close) {
      this.position += 1;
      return true;
    }
    if (!first) this.expect(',');
    return false;
  }

  private object(depth: number): JsonNode {
    const start = this.position;
    this.position += 1;
    const members: JsonMember[] = [];
    while (!this.closes('}', members.length === 0)) {
      this.skipSpace();
      if (this.text[this.position] !== '"') throw this.fail('expected a member name');
      const name = this.string().value;
      this.expect(':');
      members.push({ name, value: this.value(depth + 1) });
    }
    return { kind: 'object', start, end: this.position, members };
  }

  private array(depth: number): JsonNode {
    const start = this.position;
    this.position += 1;
    const elements: JsonNode[] = [];
    while (!this.closes(']', elements.length === 0)) elements.push(this.value(depth + 1));
    return { kind: 'array', start, end: this.position, elements };
  }
}

/**
 * Reads a JSON document keeping where each value's text lies. Malformed JSON is a 400
 * (`invalidBatch`) naming `what` and the offset; nesting beyond `maxDepth` a 400 (`limitExceeded`).
 */
export function parseJsonText(text: string, maxDepth: number, what: string): JsonNode {
  return new JsonReader(text, maxDepth, what).read();
}

/** The plain JavaScript value of a node (numbers as `Number`). */
export function plainValueOf(node: JsonNode, text: string): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.members.map((member) => [member.name, plainValueOf(member.value, text)]));
    case 'array':
      return node.elements.map((element) => plainValueOf(element, text));
    case 'string':
      return node.value;
    case 'number':
      return Number(text.slice(node.start, node.end));
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
      return null;
    default:
      return assertNever(node);
  }
}
