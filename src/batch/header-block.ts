import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';

const LF = 0x0a;
const CR = 0x0d;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The text of a line starting at `start` without its line break (CRLF or a bare LF), and where the next line starts. */
export function readLine(buffer: Buffer, start: number): { readonly line: string; readonly next: number } {
  const lf = buffer.indexOf(LF, start);
  const end = lf === -1 ? buffer.length : lf;
  const textEnd = end > start && buffer[end - 1] === CR ? end - 1 : end;
  return { line: buffer.toString('utf8', start, textEnd), next: lf === -1 ? buffer.length : lf + 1 };
}

/** A line quoted in an error message, cut short. */
export function quoteLine(line: string): string {
  return JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}…` : line);
}

/** Headers by lower-case name; a repeated header's values are joined with `, `. */
export type HeaderMap = Record<string, string>;

export interface HeaderBlock {
  readonly headers: HeaderMap;
  /** Where the content after the blank line begins (the buffer's end when no blank line follows). */
  readonly bodyStart: number;
}

/**
 * Reads `Name: value` lines from `start` up to the first empty line, as MIME part headers and
 * HTTP headers are written; a line starting with white space continues the previous header.
 * `where` names the place for error messages.
 */
export function readHeaderBlock(buffer: Buffer, start: number, where: string): HeaderBlock {
  const headers: HeaderMap = {};
  let last: string | undefined;
  let position = start;
  while (position < buffer.length) {
    const { line, next } = readLine(buffer, position);
    position = next;
    if (line.length === 0) return { headers, bodyStart: position };
    if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
      headers[last] = `${headers[last] ?? ''} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon).trim().toLowerCase();
    if (!HEADER_NAME.test(name)) {
      throw new ODataError(400, ErrorCodes.invalidBatch, `${where}: ${quoteLine(line)} is not a header line (Name: value)`);
    }
    const value = line.slice(colon + 1).trim();
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous}, ${value}`;
    last = name;
  }
  return { headers, bodyStart: buffer.length };
}
