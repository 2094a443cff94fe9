import { createHash } from 'node:crypto';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { QueryOptions } from '../parse/syntax.js';
import { signToken, verifyToken } from './signed-token.js';

/**
 * `$deltatoken`: the window of changes a delta request answers, signed and bound to the entity set
 * and the selection (`$select`, `$filter`, `$search`) it was issued for. A delta link starts a
 * window at a snapshot (`since`); the next link of a delta page also closes it (`until`, the
 * snapshot of the window's first page) and says after which change the page starts.
 */
export interface DeltaWindow {
  /** `pg_current_snapshot()` text the window starts after. */
  readonly since: string;
  /** When the reading that `since` belongs to began (ms since the epoch): the token's age counts from it. */
  readonly issuedAt: number;
  /** The snapshot that closes the window on pages after its first; null on a delta link. */
  readonly until: string | null;
  /** Where the previous page ended, `txid:seq` of its last change; null on a delta link. */
  readonly after: string | null;
}

interface Payload {
  readonly f: string;
  readonly s: string;
  readonly t: number;
  readonly u?: string;
  readonly a?: string;
}

/** Identifies what a delta token reports the changes of: the entity set and the selection. */
export function deltaFingerprint(entitySet: string, options: QueryOptions): string {
  const selection = JSON.stringify(['delta', entitySet, options.select, options.filter, options.search]);
  return createHash('sha256').update(selection).digest('base64url').slice(0, 22);
}

export function encodeDeltaToken(fingerprint: string, window: DeltaWindow, secret: string): string {
  const payload: Payload = {
    f: fingerprint,
    s: window.since,
    t: window.issuedAt,
    ...(window.until === null ? {} : { u: window.until }),
    ...(window.after === null ? {} : { a: window.after }),
  };
  return signToken(payload, secret);
}

function invalid(): ODataError {
  return new ODataError(400, ErrorCodes.invalidQueryOption, 'The $deltatoken is not valid for this request: use the delta link as the service sent it', { target: '$deltatoken' });
}

/** A snapshot's text as Postgres writes it: `xmin:xmax:xip,…`. */
const SNAPSHOT = /^[0-9]{1,20}:[0-9]{1,20}:(?:[0-9]{1,20}(?:,[0-9]{1,20})*)?$/;

function optionalText(value: unknown, pattern: RegExp): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || !pattern.test(value)) throw invalid();
  return value;
}

/** The window a token holds, after checking its signature and that it was issued for this set and selection. */
export function decodeDeltaToken(token: string, fingerprint: string, secret: string): DeltaWindow {
  const payload = verifyToken(token, secret);
  if (payload === null || payload['f'] !== fingerprint) throw invalid();
  const since = optionalText(payload['s'], SNAPSHOT);
  const issuedAt = payload['t'];
  if (since === null || typeof issuedAt !== 'number' || !Number.isSafeInteger(issuedAt)) throw invalid();
  return { since, issuedAt, until: optionalText(payload['u'], SNAPSHOT), after: optionalText(payload['a'], /^[0-9]{1,20}:[0-9]{1,20}$/) };
}

/** 410: the changes since the token are no longer all known (older than the retention, pruned, or tracking was off since). */
export function deltaLinkExpired(reason: string): ODataError {
  return new ODataError(410, ErrorCodes.deltaLinkExpired, `${reason}: read the entity set again with Prefer: odata.track-changes for a new delta link`, {
    target: '$deltatoken',
  });
}
