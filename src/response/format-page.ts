import type { Row, RowSource } from '../db/row-source.js';
import type { ResponseShape } from '../plan/read-plan.js';
import { checkDeltaWindow } from './delta-window.js';
import { contextMember, jsonResponse } from './format-read.js';
import { formatDeltaLink, formatNextLink } from './next-link.js';
import type { JsonFormat, ODataResponse, ServiceUrls, TextStream } from './odata-response.js';

export type CollectionShape = ResponseShape & { kind: 'collection' };
export type DeltaShape = ResponseShape & { kind: 'delta' };
type PageShape = CollectionShape | DeltaShape;

function countMembers(shape: PageShape, row: Row, format: JsonFormat, estimatedCount: number | undefined): string {
  const count = estimatedCount === undefined ? row['count'] : String(estimatedCount);
  if (typeof count !== 'string') return '';
  const member = `"@odata.count":${format.ieee754Compatible ? JSON.stringify(count) : count}`;
  return estimatedCount === undefined || shape.kind !== 'collection' ? member : `${member},${JSON.stringify(shape.countEstimateAnnotation)}:true`;
}

/** `"name":"url"` */
function link(name: string, url: string): string {
  return `${JSON.stringify(name)}:${JSON.stringify(url)}`;
}

/**
 * What the rows of a page say besides their chunks: whether more rows follow, the last row's sort
 * values (or log number, in a delta), and the statement's snapshot when it returned one.
 */
class PageEnd {
  private more = false;
  private last: string | null = null;
  private snapshot: string | null = null;
  private opened = false;

  /** The chunks of `rows` (rows without one are skipped), each after a comma but the array's first. */
  read(rows: readonly Row[]): string[] {
    const pieces: string[] = [];
    for (const row of rows) {
      if (row['more'] === true) this.more = true;
      if (typeof row['last'] === 'string') this.last = row['last'];
      if (typeof row['snapshot'] === 'string') this.snapshot = row['snapshot'];
      const value = row['value'];
      if (typeof value !== 'string') continue;
      pieces.push(this.opened ? `,${value}` : value);
      this.opened = true;
    }
    return pieces;
  }

  /** The snapshot the statement returned; it is asked for only when one is. */
  private statementSnapshot(): string {
    if (this.snapshot === null) throw new Error('The page statement returned no snapshot');
    return this.snapshot;
  }

  /** The link that ends a page: the next page's, a delta link after the last page of a read that tracks changes, or none. */
  private endLink(shape: PageShape, urls: ServiceUrls): string | null {
    const { serviceRoot, resourcePath, rawQuery, skipTokenSecret: secret } = urls;
    if (shape.kind === 'delta') {
      // The first page closes the window at its own snapshot; the pages after it carry that end on.
      const { window } = shape;
      const until = window.until ?? this.statementSnapshot();
      const issuedAt = window.until === null ? Date.now() : window.issuedAt;
      const next = this.more
        ? { since: window.since, until, after: this.last, issuedAt }
        : { since: until, until: null, after: null, issuedAt };
      return link(this.more ? '@odata.nextLink' : '@odata.deltaLink', formatDeltaLink(serviceRoot, resourcePath, rawQuery, shape.selection, next, secret));
    }
    const { tracking } = shape;
    const start = tracking === null ? undefined : (tracking.start ?? { s: this.statementSnapshot(), t: Date.now() });
    if (this.more) {
      const next = { page: shape.nextPage, lastSortValues: this.last, secret, ...(start === undefined ? {} : { tracking: start }) };
      return link('@odata.nextLink', formatNextLink(serviceRoot, resourcePath, rawQuery, next));
    }
    if (tracking === null || start === undefined) return null;
    const window = { since: start.s, issuedAt: start.t, until: null, after: null };
    return link('@odata.deltaLink', formatDeltaLink(serviceRoot, resourcePath, rawQuery, tracking.selection, window, secret));
  }

  /** The end of the body: the array closed, then the next or delta link. */
  tail(shape: PageShape, urls: ServiceUrls): string {
    const end = this.endLink(shape, urls);
    return end === null ? ']}' : `],${end}}`;
  }
}

/** The page's entities as they keep arriving, each answer row's chunk after a comma, then the tail. */
function pageStream(opening: string, end: PageEnd, source: RowSource, tail: () => string): TextStream {
  let first = true;
  let done = false;
  return {
    async next() {
      if (first) {
        first = false;
        return opening;
      }
      if (done) return null;
      const rows = source.take();
      const row = rows.length > 0 ? undefined : await source.next();
      if (row !== undefined) rows.push(row);
      if (rows.length === 0) {
        done = true;
        return tail();
      }
      return end.read(rows).join('');
    },
    close: () => source.close(),
  };
}

/** `Preference-Applied`: the page size preferred and applied, and change tracking when it is. */
function preferenceApplied(shape: PageShape): Record<string, string> {
  const applied = [
    ...(shape.appliedMaxPageSize === undefined ? [] : [`odata.maxpagesize=${shape.appliedMaxPageSize}`]),
    ...(shape.kind === 'collection' && shape.tracking !== null ? ['odata.track-changes'] : []),
  ];
  return applied.length === 0 ? {} : { 'preference-applied': applied.join(', ') };
}

/**
 * A page, `@odata.context` first: Postgres sends its entities as JSON text in chunks, each answer
 * row carrying the count, the last one whether more rows follow. What has arrived when the first
 * chunk is here opens the body; when that is all of it, the body is its parts (sent with a
 * Content-Length), otherwise the rest streams as it arrives and the next (or delta) link comes
 * last. A delta page (`$deltatoken`) is one of changes, `/$delta` in its context; it is a 410
 * when its window cannot be answered, and in the 4.01 form it says `OData-Version: 4.01`.
 */
export function formatPage(shape: PageShape, source: RowSource, format: JsonFormat, urls: ServiceUrls, estimatedCount?: number): ODataResponse {
  const arrived = source.take();
  const row = arrived[0];
  if (row === undefined) throw new Error('A collection query returned no row');
  if (shape.kind === 'delta') checkDeltaWindow(row);
  const members = [contextMember(format, urls, shape.context), countMembers(shape, row, format, estimatedCount)].filter((part) => part.length > 0);
  const head = `{${members.map((part) => `${part},`).join('')}"value":[`;
  const end = new PageEnd();
  const entities = end.read(arrived);
  const headers = { ...preferenceApplied(shape), ...(shape.kind === 'delta' && shape.version === '4.01' ? { 'odata-version': '4.01' } : {}) };
  const body = source.complete
    ? { parts: [head, ...entities, end.tail(shape, urls)] }
    : pageStream(head + entities.join(''), end, source, () => end.tail(shape, urls));
  return jsonResponse(200, body, format, headers);
}
