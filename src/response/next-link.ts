import { deltaFingerprint, encodeDeltaToken, type DeltaWindow } from '../plan/delta-token.js';
import type { DeltaSelection, NextPage } from '../plan/read-plan.js';
import { encodeSkipToken, sequenceFingerprint, type TrackingStart } from '../plan/skiptoken.js';

type Sequence = (NextPage & { kind: 'keyset' })['sequence'];

/** Fingerprints by sequence (and by delta selection): a plan kept compiled (see `http/compiled-reads.ts`) hashes its own once. */
const fingerprints = new WeakMap<Sequence, string>();
const deltaFingerprints = new WeakMap<DeltaSelection, string>();

function cached<K extends object>(cache: WeakMap<K, string>, key: K, compute: (key: K) => string): string {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute(key);
    cache.set(key, value);
  }
  return value;
}

const fingerprintOf = (sequence: Sequence): string => cached(fingerprints, sequence, ({ entitySet, options }) => sequenceFingerprint(entitySet, options));
const deltaFingerprintOf = (selection: DeltaSelection): string => cached(deltaFingerprints, selection, ({ entitySet, options }) => deltaFingerprint(entitySet, options));

function optionName(pair: string): string {
  const rawName = pair.split('=', 1)[0] ?? '';
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    name = rawName;
  }
  return name.toLowerCase().replace(/^\$/, '');
}

/** The keyset token of the next page, or the offset for sets without a total order. */
export interface NextPosition {
  readonly page: NextPage;
  /** JSON array text of the last row's sort values (keyset paging). */
  readonly lastSortValues: string | null;
  readonly secret: string;
  /** A read that tracks changes: the start of its delta link, which every page's token carries on. */
  readonly tracking?: TrackingStart;
}

/** The request's options as sent, but those named in `dropped` (lowercase, without `$`). */
function keptOptions(rawQuery: string, dropped: ReadonlySet<string>): string[] {
  return rawQuery
    .split('&')
    .filter((pair) => pair.length > 0)
    .filter((pair) => !dropped.has(optionName(pair)));
}

/**
 * The URL of the next page: the request's own URL with every option kept as sent, and `$skip`,
 * `$top` and `$skiptoken` replaced: a signed `$skiptoken` after the last row (keyset) or `$skip`
 * at the next offset, and what remains of the client's `$top`.
 */
const PAGING = new Set(['skip', 'top', 'skiptoken']);

export function formatNextLink(serviceRoot: string, resourcePath: string, rawQuery: string, next: NextPosition): string {
  const kept = keptOptions(rawQuery, PAGING);
  const { page } = next;
  if (page.kind === 'keyset' && next.lastSortValues !== null) {
    kept.push(`$skiptoken=${encodeSkipToken(fingerprintOf(page.sequence), next.lastSortValues, next.secret, next.tracking ?? null)}`);
  } else if (page.kind === 'offset') {
    kept.push(`$skip=${page.skip}`);
  }
  if (page.top !== undefined) kept.push(`$top=${page.top}`);
  return `${serviceRoot}/${resourcePath}?${kept.join('&')}`;
}

/** Options a delta link leaves out: paging and order (a delta has its own), the count, and the token it replaces. */
const NOT_IN_DELTA = new Set(['skip', 'top', 'skiptoken', 'orderby', 'count', 'deltatoken']);

/**
 * A link that reads the changes of `window` for the selection: the request's URL with its
 * selection kept as sent (`$select`, `$filter`, `$search`, `$format`, custom options), paging,
 * order and count left out, and a signed `$deltatoken`. The delta link of a last page opens a
 * window; the next link of a delta page goes on with one.
 */
export function formatDeltaLink(serviceRoot: string, resourcePath: string, rawQuery: string, selection: DeltaSelection, window: DeltaWindow, secret: string): string {
  const kept = keptOptions(rawQuery, NOT_IN_DELTA);
  kept.push(`$deltatoken=${encodeDeltaToken(deltaFingerprintOf(selection), window, secret)}`);
  return `${serviceRoot}/${resourcePath}?${kept.join('&')}`;
}
