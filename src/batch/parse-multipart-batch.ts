import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { bodyReferencesOf, REQUEST_ID, urlReferenceOf } from './batch-references.js';
import type { BatchGroup, BatchItem, BatchLimits, BatchOperation, BatchRequest, OperationUrl } from './batch-request.js';
import type { HeaderMap } from './header-block.js';
import { isJsonMediaType, parseMediaType, type MediaType } from './media-type.js';
import { boundaryOf, splitMultipart, type BodyPart } from './multipart-body.js';
import { parseHttpRequest } from './parse-http-request.js';
import { isBatchPath, resolveTarget, type ServiceRoot } from './resolve-target.js';

const CHANGE_SET_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
/** Transfer encodings that leave the bytes as they are. */
const IDENTITY_ENCODINGS = new Set(['binary', '8bit', '7bit']);

function invalid(where: string, message: string): ODataError {
  return new ODataError(400, ErrorCodes.invalidBatch, `${where}: ${message}`);
}

/** State of one read: every `Content-ID` seen so far (they are unique in the whole batch) and the operations counted. */
interface Reading {
  readonly root: ServiceRoot;
  readonly limits: BatchLimits;
  readonly ids: Set<string>;
  operations: number;
}

function checkEncoding(headers: HeaderMap, where: string): void {
  const encoding = headers['content-transfer-encoding']?.toLowerCase();
  if (encoding !== undefined && !IDENTITY_ENCODINGS.has(encoding)) {
    throw invalid(where, `Content-Transfer-Encoding ${encoding} is not supported; send the request as binary`);
  }
}

/** The part's `Content-ID` (early clients put it among the request's own headers), checked and recorded. */
function contentIdOf(partHeaders: HeaderMap, requestHeaders: HeaderMap, reading: Reading, where: string): string | undefined {
  const id = partHeaders['content-id'] ?? requestHeaders['content-id'];
  if (id === undefined) return undefined;
  if (!REQUEST_ID.test(id)) throw invalid(where, `Content-ID ${JSON.stringify(id)} is not a request identifier (letters, digits, -, ., _ and ~)`);
  if (reading.ids.has(id)) throw invalid(where, `Content-ID ${id} is used twice in the batch`);
  reading.ids.add(id);
  return id;
}

/** `$<id>` must name an earlier request of the same change set. */
function checkReference(id: string, earlier: ReadonlySet<string> | undefined, where: string): void {
  if (earlier === undefined) throw invalid(where, `$${id} refers to another request, which only a request inside a change set may do`);
  if (!earlier.has(id)) throw invalid(where, `$${id} does not name an earlier request of the same change set`);
}

function operationUrl(target: string, reading: Reading, earlier: ReadonlySet<string> | undefined, where: string): OperationUrl {
  const reference = urlReferenceOf(target);
  if (reference !== undefined) {
    checkReference(reference.id, earlier, where);
    return { kind: 'reference', ...reference };
  }
  const resolved = resolveTarget(target, reading.root, where);
  if (isBatchPath(resolved.path)) throw invalid(where, 'a batch cannot contain another $batch request');
  return { kind: 'resolved', ...resolved };
}

/**
 * An `application/http` part. `earlier` holds the ids of the change set's earlier members (the
 * requests a `$<id>` may name), and is absent outside a change set.
 */
function readOperation(part: BodyPart, reading: Reading, where: string, earlier?: ReadonlySet<string>): BatchOperation {
  checkEncoding(part.headers, where);
  const message = parseHttpRequest(part.content, where);
  const id = contentIdOf(part.headers, message.headers, reading, where);
  if (earlier !== undefined && !CHANGE_SET_METHODS.has(message.method)) {
    throw invalid(where, `${message.method} is not allowed in a change set, which holds only POST, PATCH, PUT and DELETE requests`);
  }
  const url = operationUrl(message.target, reading, earlier, where);
  const json = message.body !== undefined && isJsonMediaType(parseMediaType(message.headers['content-type']));
  const bodyReferences = json ? bodyReferencesOf(message.body as Buffer, reading.limits.maxJsonDepth) : [];
  for (const reference of bodyReferences) checkReference(reference, earlier, where);
  reading.operations += 1;
  if (reading.operations > reading.limits.maxOperations) {
    throw new ODataError(400, ErrorCodes.limitExceeded, `The batch holds more than ${reading.limits.maxOperations} operations`);
  }
  return { id, method: message.method, url, headers: message.headers, body: message.body, bodyReferences, dependsOn: [] };
}

function partType(part: BodyPart): MediaType | null {
  return parseMediaType(part.headers['content-type']);
}

function describeType(part: BodyPart): string {
  return part.headers['content-type'] === undefined ? 'no Content-Type' : `Content-Type ${part.headers['content-type']}`;
}

function readChangeSet(part: BodyPart, media: MediaType, reading: Reading, where: string): BatchGroup {
  checkEncoding(part.headers, where);
  const members = splitMultipart(part.content, boundaryOf(media, where), `${where}, change set`);
  const earlier = new Set<string>();
  const operations = members.map((member, index) => {
    const memberWhere = `${where}, change set part ${index + 1}`;
    const type = partType(member)?.type;
    if (type === 'multipart/mixed') throw invalid(memberWhere, 'change sets cannot be nested');
    if (type !== 'application/http') throw invalid(memberWhere, `${describeType(member)}: a change set holds only application/http parts`);
    const operation = readOperation(member, reading, memberWhere, earlier);
    if (operation.id !== undefined) earlier.add(operation.id);
    return operation;
  });
  return { kind: 'group', id: undefined, operations };
}

/**
 * Reads a `multipart/mixed` batch body (OData 4.01 Part 1 §11.7, "Multipart Batch Format") whole before anything runs:
 * single requests and change sets, their URLs resolved against the service root, `Content-ID`s
 * unique, `$<id>` references to earlier members of the same change set only. Anything malformed
 * is a 400 naming the part; more than `limits.maxOperations` operations a 400 `limitExceeded`.
 */
export function parseMultipartBatch(body: Buffer, media: MediaType, root: ServiceRoot, limits: BatchLimits): BatchRequest {
  const reading: Reading = { root, limits, ids: new Set(), operations: 0 };
  const parts = splitMultipart(body, boundaryOf(media, 'Batch'), 'Batch');
  const items = parts.map((part, index): BatchItem => {
    const where = `Batch part ${index + 1}`;
    const type = partType(part);
    if (type?.type === 'application/http') return { kind: 'single', operation: readOperation(part, reading, where) };
    if (type?.type === 'multipart/mixed') return readChangeSet(part, type, reading, where);
    throw invalid(where, `${describeType(part)}: a batch holds application/http parts and multipart/mixed change sets`);
  });
  return { format: 'multipart', items };
}
