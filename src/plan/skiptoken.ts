import { createHash } from 'node:crypto';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { QueryOptions } from '../parse/syntax.js';
import { signToken, verifyToken } from './signed-token.js';

/**
 * `$skiptoken`: where the next page starts, as the sort values of the last row sent (keyset
 * paging), bound to the row sequence it belongs to and signed, so that a tampered token, or one
 * from another query or another service, is a 400. The values stay the JSON text Postgres wrote,
 * so Int64 and Decimal keys keep every digit. Pages of a read that tracks changes also carry the
 * snapshot of its first page, which the delta link of its last page starts from.
 */
interface Payload {
  /** Fingerprint of the row sequence: entity set, $filter, $search, $orderby, $compute. */
  readonly f: string;
  /** JSON array text of the last row's sort values. */
  readonly v: string;
  /** Change tracking: where the delta link starts. */
  readonly d?: TrackingStart;
}

/** The snapshot a change-tracking read started with (`pg_current_snapshot()` text) and when (ms since the epoch). */
export interface TrackingStart {
  readonly s: string;
  readonly t: number;
}

/** What a `$skiptoken` says: after which sort values the page starts, and the tracking start it carries. */
export interface SkipPosition {
  readonly after: string;
  readonly tracking: TrackingStart | null;
}

/** Identifies the sequence of rows a request pages through; a token is valid only for it. */
export function sequenceFingerprint(entitySet: string, options: QueryOptions): string {
  const sequence = JSON.stringify([entitySet, options.filter, options.search, options.orderby, options.compute]);
  return createHash('sha256').update(sequence).digest('base64url').slice(0, 22);
}

export function encodeSkipToken(fingerprint: string, values: string, secret: string, tracking: TrackingStart | null = null): string {
  return signToken({ f: fingerprint, v: values, ...(tracking === null ? {} : { d: tracking }) } satisfies Payload, secret);
}

function invalid(): ODataError {
  return new ODataError(400, ErrorCodes.invalidQueryOption, 'The $skiptoken is not valid for this request', { target: '$skiptoken' });
}

function trackingOf(value: unknown): TrackingStart | null {
  if (value === undefined) return null;
  const start = value as Partial<TrackingStart> | null;
  if (typeof start?.s !== 'string' || typeof start.t !== 'number') throw invalid();
  return { s: start.s, t: start.t };
}

/** Where the page starts, after checking the token's signature and that it belongs to this sequence. */
export function decodeSkipToken(token: string, fingerprint: string, secret: string): SkipPosition {
  const payload = verifyToken(token, secret);
  if (payload?.['f'] !== fingerprint || typeof payload['v'] !== 'string') throw invalid();
  return { after: payload['v'], tracking: trackingOf(payload['d']) };
}
