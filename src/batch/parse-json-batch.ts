import { z } from 'zod';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { bodyReferencesOf, REQUEST_ID, urlReferenceOf } from './batch-references.js';
import type { BatchGroup, BatchItem, BatchLimits, BatchOperation, BatchRequest, OperationUrl } from './batch-request.js';
import type { HeaderMap } from './header-block.js';
import { parseJsonText, plainValueOf, type JsonMember, type JsonNode } from './json-text.js';
import { isJsonMediaType, parseMediaType } from './media-type.js';
import { isBatchPath, resolveTarget, type ServiceRoot } from './resolve-target.js';

const requestId = z.string().regex(REQUEST_ID, 'must be a request identifier (letters, digits, -, ., _ and ~)');

/** A request object without its `body`, which is taken from the text as sent. */
const requestSchema = z.object({
  id: requestId,
  method: z
    .string()
    .transform((method) => method.toUpperCase())
    .pipe(z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE'], 'must be one of get, post, patch, put and delete')),
  url: z.string().min(1, 'must not be empty'),
  atomicityGroup: requestId.optional(),
  dependsOn: z.array(z.string()).optional(),
  headers: z.record(z.string(), z.string('must be a string')).optional(),
});

type RequestObject = z.infer<typeof requestSchema>;

const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

function invalid(message: string): ODataError {
  return new ODataError(400, ErrorCodes.invalidBatch, message);
}

/** Objects of a batch request must not repeat a name (RFC 7493); header names are compared case-insensitively. */
function checkUnique(members: readonly JsonMember[], where: string, caseless = false): void {
  const seen = new Set<string>();
  for (const { name } of members) {
    const key = caseless ? name.toLowerCase() : name;
    if (seen.has(key)) throw invalid(`${where} has the member ${JSON.stringify(name)} twice`);
    seen.add(key);
  }
}

function member(node: JsonNode & { kind: 'object' }, name: string): JsonNode | undefined {
  return node.members.find((candidate) => candidate.name === name)?.value;
}

function readRequestObject(node: JsonNode, text: string, where: string): RequestObject {
  if (node.kind !== 'object') throw invalid(`${where} is not a JSON object`);
  checkUnique(node.members, where);
  const headers = member(node, 'headers');
  if (headers?.kind === 'object') checkUnique(headers.members, `The headers of ${where.toLowerCase()}`, true);
  if (member(node, 'if') !== undefined) throw invalid(`${where}: the if member (conditional dependencies) is not supported`);
  const plain = Object.fromEntries(node.members.filter((m) => m.name !== 'body').map((m) => [m.name, plainValueOf(m.value, text)]));
  const parsed = requestSchema.safeParse(plain);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw invalid(`${where}: ${issue?.path.join('.') ?? 'the request'} ${issue?.message ?? 'is not valid'}`);
}

function lowerCaseHeaders(headers: Readonly<Record<string, string>> | undefined): HeaderMap {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
}

/**
 * The request body as bytes (OData JSON Format §19.1): a JSON value for JSON media types (taken as
 * sent, so numbers keep their digits), text for `text/*`, base64url for anything else.
 */
function readBody(node: JsonNode, text: string, headers: HeaderMap, where: string): Buffer {
  const media = parseMediaType(headers['content-type']);
  if (isJsonMediaType(media)) return Buffer.from(text.slice(node.start, node.end), 'utf8');
  if (node.kind !== 'string') throw invalid(`${where}: a body of type ${headers['content-type']} must be a string`);
  if (media?.type.startsWith('text/') === true) return Buffer.from(node.value, 'utf8');
  if (!BASE64URL.test(node.value)) throw invalid(`${where}: the body of type ${headers['content-type']} is not base64url`);
  return Buffer.from(node.value, 'base64url');
}

/** What a request may name (in `dependsOn`, `$<id>`): the requests and closed atomicity groups before it. */
interface Scope {
  readonly ids: Set<string>;
  readonly groupOf: Map<string, string | undefined>;
  readonly closedGroups: Set<string>;
}

function checkDependsOn(request: RequestObject, scope: Scope, where: string): void {
  for (const dependency of request.dependsOn ?? []) {
    if (scope.ids.has(dependency) || scope.closedGroups.has(dependency)) continue;
    if (dependency === request.atomicityGroup) throw invalid(`${where}: dependsOn names its own atomicity group ${dependency}`);
    throw invalid(`${where}: dependsOn names ${JSON.stringify(dependency)}, which is no earlier request or atomicity group`);
  }
}

/** `$<id>` must name an earlier request that this one depends on, or one of its own atomicity group. */
function checkReference(id: string, request: RequestObject, scope: Scope, where: string): void {
  if (!scope.ids.has(id)) throw invalid(`${where}: $${id} names no earlier request`);
  const group = scope.groupOf.get(id);
  const dependsOn = request.dependsOn ?? [];
  const allowed = dependsOn.includes(id) || (group !== undefined && (group === request.atomicityGroup || dependsOn.includes(group)));
  if (!allowed) throw invalid(`${where}: $${id} refers to request ${id}, which must be listed in dependsOn`);
}

function operationUrl(request: RequestObject, scope: Scope, root: ServiceRoot, where: string): OperationUrl {
  const reference = urlReferenceOf(request.url);
  if (reference !== undefined) {
    checkReference(reference.id, request, scope, where);
    return { kind: 'reference', ...reference };
  }
  const resolved = resolveTarget(request.url, root, where);
  if (isBatchPath(resolved.path)) throw invalid(`${where}: a batch cannot contain another $batch request`);
  return { kind: 'resolved', ...resolved };
}

function readOperation(node: JsonNode & { kind: 'object' }, text: string, scope: Scope, root: ServiceRoot, limits: BatchLimits, where: string): BatchOperation {
  const request = readRequestObject(node, text, where);
  if (scope.ids.has(request.id)) throw invalid(`${where}: the id ${request.id} is used twice`);
  checkDependsOn(request, scope, where);
  const url = operationUrl(request, scope, root, where);
  const bodyNode = member(node, 'body');
  const hasBody = bodyNode !== undefined && bodyNode.kind !== 'null';
  if (hasBody && (request.method === 'GET' || request.method === 'DELETE')) throw invalid(`${where}: a ${request.method} request has no body`);
  const sent = lowerCaseHeaders(request.headers);
  // A body without a content-type is JSON, as in the specification's own examples.
  const headers = hasBody && sent['content-type'] === undefined ? { ...sent, 'content-type': 'application/json' } : sent;
  const body = hasBody ? readBody(bodyNode, text, headers, where) : undefined;
  const bodyReferences = body !== undefined && isJsonMediaType(parseMediaType(headers['content-type'])) ? bodyReferencesOf(body, limits.maxJsonDepth) : [];
  for (const reference of bodyReferences) checkReference(reference, request, scope, where);
  return { id: request.id, method: request.method, url, headers, body, bodyReferences, dependsOn: request.dependsOn ?? [] };
}

/** The `requests` array of the batch object. */
function requestNodes(document: JsonNode): readonly JsonNode[] {
  if (document.kind !== 'object') throw invalid('The JSON batch body is not an object with a requests array');
  checkUnique(document.members, 'The JSON batch object');
  const requests = member(document, 'requests');
  if (requests?.kind !== 'array') throw invalid('The JSON batch body has no requests array');
  return requests.elements;
}

/**
 * Reads a JSON batch body (OData JSON Format 4.01 §19) whole before anything runs: unique ids,
 * adjacent atomicity groups whose names are no request id, `dependsOn` naming earlier requests or
 * groups, `$<id>` references to requests depended on. Anything else is a 400 for the batch; more
 * than `limits.maxOperations` requests a 400 `limitExceeded`.
 */
export function parseJsonBatch(body: Buffer, root: ServiceRoot, limits: BatchLimits): BatchRequest {
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  // The batch object, the requests array and a request object come before a body's own levels.
  const nodes = requestNodes(parseJsonText(text, limits.maxJsonDepth + 3, 'The JSON batch body'));
  if (nodes.length > limits.maxOperations) throw new ODataError(400, ErrorCodes.limitExceeded, `The batch holds more than ${limits.maxOperations} requests`);
  const scope: Scope = { ids: new Set(), groupOf: new Map(), closedGroups: new Set() };
  const groupNames = new Set<string>();
  const items: BatchItem[] = [];
  let open: { id: string; operations: BatchOperation[] } | undefined;
  const close = (): void => {
    if (open === undefined) return;
    items.push({ kind: 'group', id: open.id, operations: open.operations } satisfies BatchGroup);
    scope.closedGroups.add(open.id);
    open = undefined;
  };
  nodes.forEach((node, index) => {
    const where = `Request ${index + 1}`;
    if (node.kind !== 'object') throw invalid(`${where} is not a JSON object`);
    const group = member(node, 'atomicityGroup');
    const groupName = group?.kind === 'string' ? group.value : undefined;
    if (groupName !== open?.id) {
      close();
      if (groupName !== undefined) {
        if (groupNames.has(groupName)) throw invalid(`${where}: the requests of atomicity group ${groupName} are not adjacent`);
        groupNames.add(groupName);
        open = { id: groupName, operations: [] };
      }
    }
    const operation = readOperation(node, text, scope, root, limits, where);
    scope.ids.add(operation.id as string);
    scope.groupOf.set(operation.id as string, groupName);
    if (open === undefined) items.push({ kind: 'single', operation });
    else open.operations.push(operation);
  });
  close();
  for (const name of groupNames) if (scope.ids.has(name)) throw invalid(`The atomicity group ${name} has the name of a request id`);
  return { format: 'json', items };
}
