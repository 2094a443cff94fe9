import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';

/**
 * The OData error body: `{"error":{"code","message","target","details","innererror"}}`. The
 * `innererror` (JSON Format §21.1: service-defined members) carries the id of the request, also
 * sent in `x-request-id` and logged with it, so that an error seen by a client (a Dataverse plug-in
 * trace) can be found in the service's log; an operation of a `$batch` carries the batch's id.
 */
export function formatErrorBody(error: ODataError, requestId: string): string {
  return JSON.stringify({
    error: {
      code: error.code,
      message: error.message,
      ...(error.target === undefined ? {} : { target: error.target }),
      details: error.details.map((detail) => ({
        code: detail.code,
        message: detail.message,
        ...(detail.target === undefined ? {} : { target: detail.target }),
      })),
      innererror: { requestId },
    },
  });
}

function fromFramework(error: FastifyError): ODataError | null {
  const status = error.statusCode;
  if (status === undefined || status < 400 || status >= 500) return null;
  if (status === 413) return new ODataError(413, ErrorCodes.payloadTooLarge, 'The request body is too large', { cause: error });
  if (status === 415) return new ODataError(415, ErrorCodes.unsupportedMediaType, 'The request body has an unsupported content type', { cause: error });
  return new ODataError(status, ErrorCodes.requestRejected, 'The request is not valid', { cause: error });
}

/**
 * The only place an error becomes a response body. ODataErrors carry their status; anything
 * else is a 500 with a generic message, and its stack goes to the log, never to the client.
 */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const odata = error instanceof ODataError ? error : fromFramework(error);
  if (odata === null || odata.status >= 500) {
    const cause = odata?.cause ?? error;
    request.log.error({ err: cause, code: odata?.code ?? ErrorCodes.internal }, 'request failed');
  }
  const rendered = odata ?? new ODataError(500, ErrorCodes.internal, 'An internal error occurred');
  void reply
    .status(rendered.status)
    .headers({ ...rendered.headers, 'odata-version': '4.0', 'content-type': 'application/json;odata.metadata=minimal' })
    .send(Buffer.from(formatErrorBody(rendered, request.id)));
}
