import { assertNever } from '../errors/assert-never.js';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { Row } from '../db/run-in-transaction.js';
import type { ReadPlan, ResponseShape } from '../plan/read-plan.js';
import { formatNextLink } from './next-link.js';
import { jsonContentType, type JsonFormat, type ODataResponse, type ServiceUrls } from './odata-response.js';

type Shape<K extends ResponseShape['kind']> = ResponseShape & { kind: K };

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

function formatCollection(shape: Shape<'collection'>, row: Row, format: JsonFormat, urls: ServiceUrls, estimatedCount: number | undefined): ODataResponse {
  const countMember = countMembers(shape, row, format, estimatedCount);
  const more = row['more'] === true;
  const nextLink = more
    ? `"@odata.nextLink":${JSON.stringify(
        formatNextLink(urls.serviceRoot, urls.resourcePath, urls.rawQuery, {
          page: shape.nextPage,
          lastSortValues: typeof row['last'] === 'string' ? row['last'] : null,
          secret: urls.skipTokenSecret,
        }),
      )}`
    : '';
  const head = [contextMember(format, urls, shape.context), countMember].filter((part) => part.length > 0);
  const body = { parts: [`{${head.map((part) => `${part},`).join('')}"value":`, String(row['value']), nextLink === '' ? '}' : `,${nextLink}}`] };
  const headers: Record<string, string> =
    shape.appliedMaxPageSize === undefined ? {} : { 'preference-applied': `odata.maxpagesize=${shape.appliedMaxPageSize}` };
  return jsonResponse(200, body, format, headers);
}

function formatEntity(shape: Shape<'entity'>, row: Row | undefined, format: JsonFormat, urls: ServiceUrls): ODataResponse {
  if (row?.['value'] === null && row['parent'] === true) return { status: 204, headers: {}, body: null };
  if (row?.['value'] === null || row === undefined) throw new ODataError(404, ErrorCodes.entityNotFound, 'No entity has this key');
  const entity = String(row['value']);
  const inner = entity.length > 2 ? entity.slice(1, -1) : '';
  return jsonResponse(200, members(contextMember(format, urls, shape.context), inner), format);
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
 * `estimatedCount`, when the count is the planner's estimate, replaces the exact one and is annotated.
 */
export function formatRead(plan: ReadPlan, rows: readonly Row[], format: JsonFormat, urls: ServiceUrls, estimatedCount?: number): ODataResponse {
  const row = rows[0];
  const shape = plan.shape;
  switch (shape.kind) {
    case 'collection':
      if (row === undefined) throw new Error('A collection query returned no row');
      return formatCollection(shape, row, format, urls, estimatedCount);
    case 'entity':
      return formatEntity(shape, row, format, urls);
    case 'property':
      return formatProperty(shape, row, format, urls);
    case 'count':
      return { status: 200, headers: { 'content-type': 'text/plain;charset=utf-8' }, body: String(row?.['count'] ?? '0') };
    default:
      return assertNever(shape);
  }
}
