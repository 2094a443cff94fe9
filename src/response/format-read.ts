import { assertNever } from '../errors/assert-never.js';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { Row, RowSource } from '../db/row-source.js';
import type { ResponseShape } from '../plan/read-plan.js';
import { formatNextLink } from './next-link.js';
import { jsonContentType, type JsonFormat, type ODataResponse, type ServiceUrls, type TextStream } from './odata-response.js';

type Shape<K extends ResponseShape['kind']> = ResponseShape & { kind: K };
export type CollectionShape = Shape<'collection'>;

function contextMember(format: JsonFormat, urls: ServiceUrls, fragment: string): string {
  return format.metadata === 'none' ? '' : `"@odata.context":${JSON.stringify(`${urls.serviceRoot}/$metadata#${fragment}`)}`;
}

function members(...parts: string[]): string {
  return `{${parts.filter((part) => part.length > 0).join(',')}}`;
}

function jsonResponse(status: number, body: ODataResponse['body'], format: JsonFormat, extra: Record<string, string> = {}): ODataResponse {
  return { status, headers: { 'content-type': jsonContentType(format), ...extra }, body };
}

function countMembers(shape: Shape<'collection'>, row: Row, format: JsonFormat, estimatedCount: number | undefined): string {
  const count = estimatedCount === undefined ? row['count'] : String(estimatedCount);
  if (typeof count !== 'string') return '';
  const member = `"@odata.count":${format.ieee754Compatible ? JSON.stringify(count) : count}`;
  return estimatedCount === undefined ? member : `${member},${JSON.stringify(shape.countEstimateAnnotation)}:true`;
}

/** What the rows of a page say besides their chunks: whether more rows follow, and the last row's sort values. */
class PageEnd {
  private more = false;
  private last: string | null = null;
  private opened = false;

  /** The chunks of `rows` (rows without one are skipped), each after a comma but the array's first. */
  read(rows: readonly Row[]): string[] {
    const pieces: string[] = [];
    for (const row of rows) {
      if (row['more'] === true) this.more = true;
      if (typeof row['last'] === 'string') this.last = row['last'];
      const value = row['value'];
      if (typeof value !== 'string') continue;
      pieces.push(this.opened ? `,${value}` : value);
      this.opened = true;
    }
    return pieces;
  }

  /** The end of the body: the array closed, then the next link when more rows follow. */
  tail(shape: CollectionShape, urls: ServiceUrls): string {
    if (!this.more) return ']}';
    const link = formatNextLink(urls.serviceRoot, urls.resourcePath, urls.rawQuery, { page: shape.nextPage, lastSortValues: this.last, secret: urls.skipTokenSecret });
    return `],"@odata.nextLink":${JSON.stringify(link)}}`;
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

/**
 * A page, `@odata.context` first: Postgres sends its entities as JSON text in chunks, each answer
 * row carrying the count, the last one whether more rows follow. What has arrived when the first
 * chunk is here opens the body; when that is all of it, the body is its parts (sent with a
 * Content-Length), otherwise the rest streams as it arrives and the next link comes last.
 */
export function formatPage(shape: CollectionShape, source: RowSource, format: JsonFormat, urls: ServiceUrls, estimatedCount?: number): ODataResponse {
  const arrived = source.take();
  const row = arrived[0];
  if (row === undefined) throw new Error('A collection query returned no row');
  const members = [contextMember(format, urls, shape.context), countMembers(shape, row, format, estimatedCount)].filter((part) => part.length > 0);
  const head = `{${members.map((part) => `${part},`).join('')}"value":[`;
  const end = new PageEnd();
  const entities = end.read(arrived);
  const headers: Record<string, string> =
    shape.appliedMaxPageSize === undefined ? {} : { 'preference-applied': `odata.maxpagesize=${shape.appliedMaxPageSize}` };
  const body = source.complete
    ? { parts: [head, ...entities, end.tail(shape, urls)] }
    : pageStream(head + entities.join(''), end, source, () => end.tail(shape, urls));
  return jsonResponse(200, body, format, headers);
}

/** The ETag of the entity an entity statement read (`W/"…"`, its `etag` column); undefined without entity or ETag. */
export function entityEtagOf(rows: readonly Row[]): string | undefined {
  const etag = rows[0]?.['etag'];
  return typeof etag === 'string' ? etag : undefined;
}

/** An entity, its ETag also in the `ETag` header. */
function formatEntity(shape: Shape<'entity'>, rows: readonly Row[], format: JsonFormat, urls: ServiceUrls): ODataResponse {
  const row = rows[0];
  if (row?.['value'] === null && row['parent'] === true) return { status: 204, headers: {}, body: null };
  if (row?.['value'] === null || row === undefined) throw new ODataError(404, ErrorCodes.entityNotFound, 'No entity has this key');
  const entity = String(row['value']);
  const inner = entity.length > 2 ? entity.slice(1, -1) : '';
  const etag = entityEtagOf(rows);
  return jsonResponse(200, members(contextMember(format, urls, shape.context), inner), format, etag === undefined ? {} : { etag });
}

function formatProperty(shape: Shape<'property'>, row: Row | undefined, format: JsonFormat, urls: ServiceUrls): ODataResponse {
  if (row === undefined) throw new ODataError(404, ErrorCodes.entityNotFound, 'No entity has this key');
  const value = row['value'];
  if (value === null || value === undefined) return { status: 204, headers: {}, body: null };
  if (shape.raw) {
    return shape.type === 'Edm.Binary'
      ? { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from(String(value), 'base64') }
      : { status: 200, headers: { 'content-type': 'text/plain;charset=utf-8' }, body: String(value) };
  }
  return jsonResponse(200, members(contextMember(format, urls, shape.context), `"value":${String(value)}`), format);
}

/**
 * Wraps the JSON text Postgres built with the OData control information; `@odata.context` first.
 * Collection pages are `formatPage`'s.
 */
export function formatRead(shape: Exclude<ResponseShape, Shape<'collection'>>, rows: readonly Row[], format: JsonFormat, urls: ServiceUrls): ODataResponse {
  const row = rows[0];
  switch (shape.kind) {
    case 'entity':
      return formatEntity(shape, rows, format, urls);
    case 'property':
      return formatProperty(shape, row, format, urls);
    case 'count':
      return { status: 200, headers: { 'content-type': 'text/plain;charset=utf-8' }, body: String(row?.['count'] ?? '0') };
    default:
      return assertNever(shape);
  }
}
