import { getMultipartBoundary, parseMultipart, type MultipartPart } from '@remix-run/multipart-parser';

/** An `application/http` part of a batch response, its HTTP response taken apart. */
export interface HttpResponsePart {
  readonly kind: 'http';
  /** The MIME part's own headers (`content-type`, `content-id`…), lower-case names. */
  readonly mime: Readonly<Record<string, string | undefined>>;
  readonly status: number;
  readonly reason: string;
  /** The HTTP response's headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly bodyBytes: Buffer;
}

/** A change set's answer: a nested `multipart/mixed` part. */
export interface ChangeSetResponsePart {
  readonly kind: 'changeSet';
  readonly parts: readonly HttpResponsePart[];
}

export type BatchResponsePart = HttpResponsePart | ChangeSetResponsePart;

const LIMITS = { maxFileSize: 64 * 1024 * 1024, maxTotalSize: 256 * 1024 * 1024, maxParts: 100_000 };

/** The HTTP response serialized in a part: status line, headers, blank line, body (tests' own reading, not the service's). */
function readHttpResponse(part: MultipartPart): HttpResponsePart {
  const bytes = Buffer.from(part.bytes);
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd === -1) throw new Error(`no blank line after the response headers in ${JSON.stringify(bytes.toString('utf8', 0, 200))}`);
  const [statusLine = '', ...headerLines] = bytes.toString('utf8', 0, headEnd).split('\r\n');
  const status = /^HTTP\/1\.1 (\d{3}) (.+)$/.exec(statusLine);
  if (status === null) throw new Error(`not a status line: ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const bodyBytes = bytes.subarray(headEnd + 4);
  return { kind: 'http', mime: part.headers, status: Number(status[1]), reason: status[2] as string, headers, body: bodyBytes.toString('utf8'), bodyBytes };
}

function boundaryOf(contentType: string | undefined): string {
  const boundary = contentType === undefined ? null : getMultipartBoundary(contentType);
  if (boundary === null) throw new Error(`no boundary in ${String(contentType)}`);
  return boundary;
}

/**
 * Reads a `multipart/mixed` batch response with an independent parser (@remix-run/multipart-parser),
 * change sets as nested parts.
 */
export function readBatchResponse(contentType: string | undefined, body: Uint8Array): BatchResponsePart[] {
  return [...parseMultipart(body, { boundary: boundaryOf(contentType), ...LIMITS })].map((part): BatchResponsePart => {
    if (part.mediaType === 'multipart/mixed') {
      const parts = [...parseMultipart(part.bytes, { boundary: boundaryOf(part.headers['content-type']), ...LIMITS })].map(readHttpResponse);
      return { kind: 'changeSet', parts };
    }
    return readHttpResponse(part);
  });
}

/** The part as an HTTP response; fails the test when it is a change set. */
export function httpPart(part: BatchResponsePart | undefined): HttpResponsePart {
  if (part?.kind !== 'http') throw new Error(`expected an application/http part, got ${part?.kind ?? 'nothing'}`);
  return part;
}

/** The part as a change set's answer; fails the test otherwise. */
export function changeSetPart(part: BatchResponsePart | undefined): ChangeSetResponsePart {
  if (part?.kind !== 'changeSet') throw new Error(`expected a change set part, got ${part?.kind ?? 'nothing'}`);
  return part;
}
