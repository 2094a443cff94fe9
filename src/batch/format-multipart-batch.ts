import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { ItemResult, SubResponse } from './run-batch.js';

const CRLF = '\r\n';

/** Header names as HTTP documents write them: `Content-Type`, `OData-EntityId`, `ETag`. */
const SPELLINGS: Readonly<Record<string, string>> = { etag: 'ETag', 'odata-entityid': 'OData-EntityId', 'odata-version': 'OData-Version' };

function spelled(name: string): string {
  return (
    SPELLINGS[name] ??
    name
      .split('-')
      .map((word) => (word === 'odata' ? 'OData' : word.charAt(0).toUpperCase() + word.slice(1)))
      .join('-')
  );
}

/** `HTTP/1.1 201 Created`, the response's headers (with `OData-Version`), a blank line and the body. */
function httpMessage(response: SubResponse): Buffer[] {
  const headers: Record<string, string> = { ...response.headers };
  headers['odata-version'] ??= '4.0';
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? 'Unknown'}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${spelled(name)}: ${value}`);
  return [Buffer.from(lines.join(CRLF) + CRLF + CRLF, 'utf8'), response.body];
}

function applicationHttpPart(response: SubResponse, contentId: string | undefined): Buffer[] {
  const head = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (contentId !== undefined) head.push(`Content-ID: ${contentId}`);
  return [Buffer.from(head.join(CRLF) + CRLF + CRLF, 'utf8'), ...httpMessage(response)];
}

/** Body parts between delimiter lines; the line break before each delimiter belongs to it (RFC 2046). */
function multipart(boundary: string, parts: readonly Buffer[][]): Buffer[] {
  const chunks: Buffer[] = [];
  for (const part of parts) chunks.push(Buffer.from(`--${boundary}${CRLF}`, 'latin1'), ...part, Buffer.from(CRLF, 'latin1'));
  chunks.push(Buffer.from(`--${boundary}--`, 'latin1'));
  return chunks;
}

function itemPart(result: ItemResult, newId: () => string): Buffer[] {
  const { item, responses, failure } = result;
  if (item.kind === 'single') return applicationHttpPart(responses[0] as SubResponse, item.operation.id);
  // A change set that failed answers with the one error that undid it (OData 4.01 Part 1, "Multipart Batch Response").
  if (failure !== undefined) return applicationHttpPart(failure.response, failure.operation?.id);
  const boundary = `changesetresponse_${newId()}`;
  const members = item.operations.map((operation, index) => applicationHttpPart(responses[index] as SubResponse, operation.id));
  return [Buffer.from(`Content-Type: multipart/mixed; boundary=${boundary}${CRLF}${CRLF}`, 'latin1'), ...multipart(boundary, members)];
}

/**
 * The `multipart/mixed` answer to a multipart batch, part for part as the request was: each
 * response in an `application/http` part (status line with its reason phrase, `Content-ID` echoed),
 * a change set's in a nested `multipart/mixed` part. Boundaries are `batchresponse_<id>` and
 * `changesetresponse_<id>`, ids from `newId`.
 */
export function formatMultipartBatch(results: readonly ItemResult[], newId: () => string = randomUUID): { contentType: string; body: Buffer } {
  const boundary = `batchresponse_${newId()}`;
  const parts = results.map((result) => itemPart(result, newId));
  return {
    contentType: `multipart/mixed; boundary=${boundary}`,
    body: Buffer.concat([...multipart(boundary, parts), Buffer.from(CRLF, 'latin1')]),
  };
}
