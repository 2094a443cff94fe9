import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { readHeaderBlock, type HeaderMap } from './header-block.js';
import type { MediaType } from './media-type.js';

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;
const SPACE = 0x20;
const TAB = 0x09;

/** RFC 2046 §5.1.1: 1 to 70 characters, not ending in a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/** The `boundary` parameter of a multipart media type; a missing or malformed one is a 400. */
export function boundaryOf(media: MediaType, where: string): string {
  const boundary = media.params.get('boundary');
  if (boundary === undefined) throw new ODataError(400, ErrorCodes.invalidBatch, `${where}: the multipart/mixed Content-Type has no boundary parameter`);
  if (!BOUNDARY.test(boundary)) throw new ODataError(400, ErrorCodes.invalidBatch, `${where}: the boundary ${JSON.stringify(boundary)} is not a valid multipart boundary`);
  return boundary;
}

/** One body part of a multipart entity: its headers and the content after them. */
export interface BodyPart {
  readonly headers: HeaderMap;
  readonly content: Buffer;
}

/** Where a delimiter line ends: after its line break, or `-1` when the text at `at` is not a delimiter line. */
function delimiterLineEnd(body: Buffer, at: number): number {
  let end = at;
  while (body[end] === SPACE || body[end] === TAB) end += 1;
  if (end === body.length) return end;
  if (body[end] === LF) return end + 1;
  if (body[end] === CR && body[end + 1] === LF) return end + 2;
  return -1;
}

/** Content up to a delimiter, without the line break before it (which belongs to the delimiter). */
function contentBefore(body: Buffer, start: number, delimiter: number): Buffer {
  let end = delimiter;
  if (end > start && body[end - 1] === LF) {
    end -= 1;
    if (end > start && body[end - 1] === CR) end -= 1;
  }
  return body.subarray(start, end);
}

/**
 * Splits a multipart entity (RFC 2046 §5.1.1) into its body parts: the preamble before the first
 * delimiter and the epilogue after the close delimiter are ignored; lines may end in CRLF or a bare
 * LF; a delimiter line may carry trailing white space. A body without a delimiter, or without the
 * close delimiter, is a 400 naming `where`.
 */
export function splitMultipart(body: Buffer, boundary: string, where: string): BodyPart[] {
  const dashBoundary = Buffer.from(`--${boundary}`, 'latin1');
  const parts: BodyPart[] = [];
  let contentStart = -1;
  let search = 0;
  for (;;) {
    const at = body.indexOf(dashBoundary, search);
    if (at === -1) break;
    search = at + 1;
    if (at !== 0 && body[at - 1] !== LF) continue;
    const after = at + dashBoundary.length;
    const closing = body[after] === DASH && body[after + 1] === DASH;
    const next = delimiterLineEnd(body, closing ? after + 2 : after);
    if (next === -1) continue;
    if (contentStart !== -1) parts.push(bodyPart(contentBefore(body, contentStart, at), `${where} part ${parts.length + 1}`));
    if (closing) return parts;
    contentStart = next;
    search = next;
  }
  if (contentStart === -1) throw new ODataError(400, ErrorCodes.invalidBatch, `${where}: no delimiter line --${boundary} was found`);
  throw new ODataError(400, ErrorCodes.invalidBatch, `${where}: the close delimiter --${boundary}-- is missing`);
}

function bodyPart(raw: Buffer, where: string): BodyPart {
  const { headers, bodyStart } = readHeaderBlock(raw, 0, where);
  return { headers, content: raw.subarray(bodyStart) };
}
