import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { ODataResponse } from '../response/odata-response.js';
import type { HttpInput } from './http-input.js';
import { etagValueOf, parseEtagCondition, type EtagCondition } from './preconditions.js';

/** Whether a condition holds for the entity read: `*` for any entity, a list for one whose ETag it names (weak comparison). */
function holds(condition: Exclude<EtagCondition, null>, exists: boolean, etag: string | undefined): boolean {
  if (!exists) return false;
  return condition.kind === 'any' || (etag !== undefined && condition.values.includes(etagValueOf(etag)));
}

/**
 * `If-Match` and `If-None-Match` on a single-entity read, in RFC 9110 §13.2.2's order, against
 * the ETag of the answer: an `If-Match` that fails is a 412; an `If-None-Match` that names the
 * current ETag (or `*` with an entity there) is a `304 Not Modified` without body, with the ETag.
 * A missing entity stays a 404: that answer is made before the conditions are looked at.
 */
export function applyReadPreconditions(response: ODataResponse, headers: HttpInput['headers']): ODataResponse {
  const ifMatch = parseEtagCondition(headers['if-match'], 'if-match');
  const ifNoneMatch = parseEtagCondition(headers['if-none-match'], 'if-none-match');
  if (ifMatch === null && ifNoneMatch === null) return response;
  const exists = response.status === 200;
  const etag = response.headers['etag'];
  if (ifMatch !== null && !holds(ifMatch, exists, etag)) {
    throw new ODataError(412, ErrorCodes.preconditionFailed, 'The entity does not match the If-Match header', { target: 'if-match' });
  }
  if (ifNoneMatch !== null && holds(ifNoneMatch, exists, etag)) {
    return { status: 304, headers: etag === undefined ? {} : { etag }, body: null };
  }
  return response;
}
