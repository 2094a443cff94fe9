import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { QueryOptions } from '../parse/syntax.js';

/**
 * `$skiptoken`: where the next page starts, as the sort values of the last row sent (keyset
 * paging), bound to the row sequence it belongs to and signed, so that a tampered token, or one
 * from another query or another service, is a 400. The values stay the JSON text Postgres wrote,
 * so Int64 and Decimal keys keep every digit.
 */
interface Payload {
  /** Fingerprint of the row sequence: entity set, $filter, $search, $orderby, $compute. */
  readonly f: string;
  /** JSON array text of the last row's sort values. */
  readonly v: string;
}

function signature(body: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

/** Identifies the sequence of rows a request pages through; a token is valid only for it. */
export function sequenceFingerprint(entitySet: string, options: QueryOptions): string {
  const sequence = JSON.stringify([entitySet, options.filter, options.search, options.orderby, options.compute]);
  return createHash('sha256').update(sequence).digest('base64url').slice(0, 22);
}

export function encodeSkipToken(fingerprint: string, values: string, secret: string): string {
  const body = Buffer.from(JSON.stringify({ f: fingerprint, v: values } satisfies Payload)).toString('base64url');
  return `${body}.${signature(body, secret).toString('base64url')}`;
}

function invalid(): ODataError {
  return new ODataError(400, ErrorCodes.invalidQueryOption, 'The $skiptoken is not valid for this request', { target: '$skiptoken' });
}

/** The sort values a token carries, after checking its signature and that it belongs to this sequence. */
export function decodeSkipToken(token: string, fingerprint: string, secret: string): string {
  const [body = '', mac = '', ...rest] = token.split('.');
  if (rest.length > 0 || body.length === 0) throw invalid();
  const expected = signature(body, secret);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  let payload: Partial<Payload>;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<Payload>;
  } catch {
    throw invalid();
  }
  if (payload.f !== fingerprint || typeof payload.v !== 'string') throw invalid();
  return payload.v;
}
