import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { quoteLine, readHeaderBlock, readLine, type HeaderMap } from './header-block.js';

/** An HTTP request serialized in an `application/http` body part. */
export interface HttpRequestMessage {
  readonly method: string;
  /** The request target as written: absolute URL, absolute path or relative path, still percent-encoded. */
  readonly target: string;
  readonly headers: HeaderMap;
  readonly body: Buffer | undefined;
}

const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const VERSION = /^HTTP\/1\.[01]$/;

function invalid(where: string, message: string): ODataError {
  return new ODataError(400, ErrorCodes.invalidBatch, `${where}: ${message}`);
}

/**
 * Splits `METHOD target HTTP/1.1`. The version may be left out (OData's own examples do), and a
 * target with unencoded spaces is taken whole.
 */
function parseRequestLine(line: string, where: string): { method: string; target: string } {
  const words = line.trim().split(/[ \t]+/);
  const method = words[0] ?? '';
  const last = words[words.length - 1] ?? '';
  const targetWords = words.length > 2 && VERSION.test(last) ? words.slice(1, -1) : words.slice(1);
  if (!METHOD.test(method) || targetWords.length === 0 || VERSION.test(targetWords[0] ?? '')) {
    throw invalid(where, `${quoteLine(line)} is not a request line (METHOD URL HTTP/1.1)`);
  }
  return { method, target: targetWords.join(' ') };
}

/** The body after the headers: `Content-Length` bytes when given (the rest is padding), else all of it. */
function bodyOf(content: Buffer, start: number, headers: HeaderMap, where: string): Buffer | undefined {
  if (headers['transfer-encoding'] !== undefined) throw invalid(where, 'Transfer-Encoding is not supported inside a batch; send the body as it is');
  const rest = content.subarray(start);
  const length = headers['content-length'];
  if (length === undefined) return rest.length === 0 ? undefined : rest;
  if (!/^\d{1,15}$/.test(length)) throw invalid(where, `Content-Length ${JSON.stringify(length)} is not a number of bytes`);
  const bytes = Number(length);
  if (bytes > rest.length) throw invalid(where, `Content-Length ${bytes} is larger than the ${rest.length} bytes that follow the headers`);
  return bytes === 0 ? undefined : rest.subarray(0, bytes);
}

/**
 * Parses the HTTP request in an `application/http` body part: request line, headers (lower-case
 * names), blank line, body. Blank lines before the request line are skipped, as RFC 9112 allows.
 */
export function parseHttpRequest(content: Buffer, where: string): HttpRequestMessage {
  let position = 0;
  for (;;) {
    if (position >= content.length) throw invalid(where, 'the part holds no request line');
    const { line, next } = readLine(content, position);
    if (line.trim().length > 0) break;
    position = next;
  }
  const { line, next } = readLine(content, position);
  const { method, target } = parseRequestLine(line, where);
  const { headers, bodyStart } = readHeaderBlock(content, next, where);
  return { method, target, headers, body: bodyOf(content, bodyStart, headers, where) };
}
