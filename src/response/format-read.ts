import { assertNever } from '../errors/assert-never.js';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { Row } from '../db/row-source.js';
import type { ResponseShape } from '../plan/read-plan.js';
import { checkDeltaWindow } from './delta-window.js';
import { jsonContentType, type JsonFormat, type ODataResponse, type ServiceUrls } from './odata-response.js';

type Shape<K extends ResponseShape['kind']> = ResponseShape & { kind: K };

/** `"@odata.context":"<service root>/$metadata#<fragment>"`, or nothing in `odata.metadata=none`. */
export function contextMember(format: JsonFormat, urls: ServiceUrls, fragment: string): string {
  return format.metadata === 'none' ? '' : `"@odata.context":${JSON.stringify(`${urls.serviceRoot}/$metadata#${fragment}`)}`;
}

function members(...parts: string[]): string {
  return `{${parts.filter((part) => part.length > 0).join(',')}}`;
}

export function jsonResponse(status: number, body: ODataResponse['body'], format: JsonFormat, extra: Record<string, string> = {}): ODataResponse {
  return { status, headers: { 'content-type': jsonContentType(format), ...extra }, body };
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
 * Collection and delta pages are `formatPage`'s.
 */
export function formatRead(shape: Exclude<ResponseShape, Shape<'collection' | 'delta'>>, rows: readonly Row[], format: JsonFormat, urls: ServiceUrls): ODataResponse {
  const row = rows[0];
  switch (shape.kind) {
    case 'entity':
      return formatEntity(shape, rows, format, urls);
    case 'property':
      return formatProperty(shape, row, format, urls);
    case 'count':
      return { status: 200, headers: { 'content-type': 'text/plain;charset=utf-8' }, body: String(row?.['count'] ?? '0') };
    case 'deltaCount':
      checkDeltaWindow(row);
      return { status: 200, headers: { 'content-type': 'text/plain;charset=utf-8' }, body: String(row?.['count'] ?? '0') };
    default:
      return assertNever(shape);
  }
}
