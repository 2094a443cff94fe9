import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EtagCondition } from '../plan/write-plan.js';

export type { EtagCondition } from '../plan/write-plan.js';

const ENTITY_TAG = /^\s*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*$/;

/**
 * Parses a precondition header; a malformed one is a 400 naming the header. Dataverse clients send
 * the literal `If-None-Match: null` meaning "no condition": it reads as absent.
 */
export function parseEtagCondition(header: string | undefined, name: 'if-match' | 'if-none-match'): EtagCondition {
  if (header === undefined) return null;
  const text = header.trim();
  if (text === '' || (name === 'if-none-match' && text === 'null')) return null;
  if (text === '*') return { kind: 'any' };
  const values = text.split(',').map((part) => {
    const match = ENTITY_TAG.exec(part);
    if (match === null) throw new ODataError(400, ErrorCodes.invalidPrecondition, `The ${name} header is not a list of entity tags`, { target: name });
    return match[2] as string;
  });
  return { kind: 'tags', values };
}

/** The opaque value of an ETag this service wrote, `W/"123"` → `123`. */
export function etagValueOf(etag: string): string {
  return ENTITY_TAG.exec(etag)?.[2] ?? etag;
}
