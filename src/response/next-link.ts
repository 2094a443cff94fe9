import type { NextPage } from '../plan/read-plan.js';
import { encodeSkipToken, sequenceFingerprint } from '../plan/skiptoken.js';

type Sequence = (NextPage & { kind: 'keyset' })['sequence'];

/** Fingerprints by sequence: a plan kept compiled (see `http/compiled-reads.ts`) hashes its sequence once. */
const fingerprints = new WeakMap<Sequence, string>();

function fingerprintOf(sequence: Sequence): string {
  let fingerprint = fingerprints.get(sequence);
  if (fingerprint === undefined) {
    fingerprint = sequenceFingerprint(sequence.entitySet, sequence.options);
    fingerprints.set(sequence, fingerprint);
  }
  return fingerprint;
}

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
}

/**
 * The URL of the next page: the request's own URL with every option kept as sent, and `$skip`,
 * `$top` and `$skiptoken` replaced: a signed `$skiptoken` after the last row (keyset) or `$skip`
 * at the next offset, and what remains of the client's `$top`.
 */
export function formatNextLink(serviceRoot: string, resourcePath: string, rawQuery: string, next: NextPosition): string {
  const kept = rawQuery
    .split('&')
    .filter((pair) => pair.length > 0)
    .filter((pair) => {
      const name = optionName(pair);
      return name !== 'skip' && name !== 'top' && name !== 'skiptoken';
    });
  const { page } = next;
  if (page.kind === 'keyset' && next.lastSortValues !== null) {
    kept.push(`$skiptoken=${encodeSkipToken(fingerprintOf(page.sequence), next.lastSortValues, next.secret)}`);
  } else if (page.kind === 'offset') {
    kept.push(`$skip=${page.skip}`);
  }
  if (page.top !== undefined) kept.push(`$top=${page.top}`);
  return `${serviceRoot}/${resourcePath}?${kept.join('&')}`;
}
