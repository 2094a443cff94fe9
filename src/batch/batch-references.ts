import { ODataError } from '../errors/odata-error.js';
import { parseJsonText, type JsonNode } from './json-text.js';

/** OData ABNF `request-id = 1*unreserved`: a `Content-ID`, a JSON request `id` or `atomicityGroup`. */
export const REQUEST_ID = /^[A-Za-z0-9\-._~]+$/;

/** `$`-names that mean the service's own resources, never a request: `$metadata` stays `$metadata`. */
const SYSTEM_RESOURCES = new Set(['batch', 'crossjoin', 'all', 'entity', 'root', 'id', 'metadata']);

/** The request id in `$<id>`, or `undefined` when `text` is something else. */
export function referencedId(text: string): string | undefined {
  if (!text.startsWith('$')) return undefined;
  const id = text.slice(1);
  return REQUEST_ID.test(id) && !SYSTEM_RESOURCES.has(id) ? id : undefined;
}

/** A request URL whose first segment is `$<id>`: the id and what follows it (`/category/$ref`, `?…` or empty). */
export function urlReferenceOf(target: string): { readonly id: string; readonly rest: string } | undefined {
  const end = target.search(/[/?#]/);
  const id = referencedId(end === -1 ? target : target.slice(0, end));
  return id === undefined ? undefined : { id, rest: end === -1 ? '' : target.slice(end) };
}

/** Members whose value names an entity by its URL: `nav@odata.bind` (a URL or an array of URLs) and `@odata.id`. */
function isEntityUrlMember(name: string): boolean {
  return name.endsWith('@odata.bind') || name === '@odata.id';
}

/** String nodes holding `"$<id>"` where an entity URL is expected, anywhere in the document (nested entities included). */
function referenceNodes(node: JsonNode, found: (JsonNode & { kind: 'string' })[] = []): (JsonNode & { kind: 'string' })[] {
  if (node.kind === 'array') for (const element of node.elements) referenceNodes(element, found);
  if (node.kind !== 'object') return found;
  for (const { name, value } of node.members) {
    if (isEntityUrlMember(name)) {
      const candidates = value.kind === 'array' ? value.elements : [value];
      for (const candidate of candidates) if (candidate.kind === 'string' && referencedId(candidate.value) !== undefined) found.push(candidate);
    } else {
      referenceNodes(value, found);
    }
  }
  return found;
}

/** The document of a JSON body, or `null` when it is not JSON (its own request reports that). */
function documentOf(text: string, maxDepth: number): JsonNode | null {
  try {
    return parseJsonText(text, maxDepth, 'The request body');
  } catch (error) {
    if (error instanceof ODataError) return null;
    throw error;
  }
}

/** The request ids a JSON body names as `"$<id>"` in `@odata.bind` and `@odata.id` values. */
export function bodyReferencesOf(body: Buffer, maxDepth: number): string[] {
  const document = documentOf(body.toString('utf8'), maxDepth);
  return document === null ? [] : referenceNodes(document).map((node) => referencedId(node.value) as string);
}

/**
 * The JSON body with each `"$<id>"` in `@odata.bind` and `@odata.id` values replaced by
 * `urlOf(id)`; the rest of the text stays exactly as sent.
 */
export function replaceBodyReferences(body: Buffer, maxDepth: number, urlOf: (id: string) => string): Buffer {
  const text = body.toString('utf8');
  const document = documentOf(text, maxDepth);
  if (document === null) return body;
  let result = '';
  let copied = 0;
  for (const node of referenceNodes(document)) {
    result += text.slice(copied, node.start) + JSON.stringify(urlOf(referencedId(node.value) as string));
    copied = node.end;
  }
  return Buffer.from(result + text.slice(copied), 'utf8');
}
