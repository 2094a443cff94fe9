import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';

interface PgLikeError {
  readonly code?: unknown;
  readonly message?: unknown;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE']);

/**
 * The one table from SQLSTATE (or a connection failure) to an OData error. Messages are our
 * own: no SQL text, no server detail; for invalid values (class 22) the server's sentence, which
 * speaks only of the value the client sent, is kept.
 */
export function mapPgError(error: unknown): ODataError {
  if (error instanceof ODataError) return error;
  const { code, message } = (error ?? {}) as PgLikeError;
  const sqlState = typeof code === 'string' ? code : '';
  const text = typeof message === 'string' ? message : '';
  if (CONNECTION_CODES.has(sqlState) || sqlState.startsWith('08') || /Knex: Timeout acquiring a connection/.test(text)) {
    return new ODataError(503, ErrorCodes.databaseUnavailable, 'The database is unavailable', { cause: error });
  }
  if (sqlState === '42501') return new ODataError(403, ErrorCodes.permissionDenied, 'Permission denied', { cause: error });
  if (sqlState === '23505' || sqlState === '23503') {
    return new ODataError(409, ErrorCodes.conflict, 'The change conflicts with the data in the database', { cause: error });
  }
  if (sqlState === '22012') return new ODataError(400, ErrorCodes.invalidValue, 'Division by zero', { cause: error });
  if (sqlState.startsWith('22')) {
    return new ODataError(400, ErrorCodes.invalidValue, `Invalid value: ${text.split('\n')[0] ?? ''}`, { cause: error });
  }
  if (sqlState === '57014') {
    return new ODataError(503, ErrorCodes.queryCanceled, 'The query took too long and was canceled', { cause: error, headers: { 'retry-after': '1' } });
  }
  if (sqlState.startsWith('53') || sqlState === '57P01' || sqlState === '57P03') {
    return new ODataError(503, ErrorCodes.databaseUnavailable, 'The database cannot serve the request now', { cause: error, headers: { 'retry-after': '1' } });
  }
  return new ODataError(500, ErrorCodes.queryFailed, 'The query failed', { cause: error });
}
