import { continueOnErrorOf } from '../batch/batch-preferences.js';
import type { BatchLimits, BatchRequest } from '../batch/batch-request.js';
import { formatJsonBatch } from '../batch/format-json-batch.js';
import { formatMultipartBatch } from '../batch/format-multipart-batch.js';
import type { HeaderMap } from '../batch/header-block.js';
import { parseMediaType } from '../batch/media-type.js';
import { parseJsonBatch } from '../batch/parse-json-batch.js';
import { parseMultipartBatch } from '../batch/parse-multipart-batch.js';
import { serviceRootOf, type ServiceRoot } from '../batch/resolve-target.js';
import { runBatch, type BatchRunner, type SubResponse } from '../batch/run-batch.js';
import { runWriteTransaction, type WriteSession } from '../db/write-transaction.js';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { ODataResponse } from '../response/odata-response.js';
import { collectBody } from './collect-body.js';
import { formatErrorBody } from './error-handler.js';
import { handleOData } from './handle-odata.js';
import type { HttpInput } from './http-input.js';
import type { RequestScope } from './request-scope.js';
import { newStageTimer, type StageTimer } from './stage-timer.js';

/** Headers of the batch request that its operations carry unless they send their own: the caller's credentials. */
const INHERITED_HEADERS = ['authorization', 'x-api-key'] as const;

/** An operation's error, with the id of the batch request it came in. */
function errorResponse(error: ODataError, requestId: string): SubResponse {
  return {
    status: error.status,
    headers: { ...error.headers, 'content-type': 'application/json;odata.metadata=minimal' },
    body: Buffer.from(formatErrorBody(error, requestId), 'utf8'),
  };
}

/**
 * Operations go through the whole pipeline, each with its own stage timer (the batch reports its
 * own stages); a group's run inside one write transaction, which runs the group again after a
 * serialization failure or deadlock (the error is thrown to it, not answered).
 */
function pipelineRunner(scope: RequestScope): BatchRunner<WriteSession> {
  const { context, caller } = scope;
  // A server-side failure answered inside the batch is logged as the edge logs one of a single request, with its id.
  const answer = (error: ODataError): SubResponse => {
    if (error.status >= 500) context.log.error({ reqId: caller.requestId, err: error.cause ?? error, code: error.code }, 'batch operation failed');
    return errorResponse(error, caller.requestId);
  };
  return {
    run: async (input, session) => {
      try {
        const { status, headers, body } = await handleOData(input, session === undefined ? scope : { ...scope, session }, newStageTimer());
        return { status, headers, body: await collectBody(body) };
      } catch (error) {
        if (error instanceof ODataError && session === undefined) return answer(error);
        throw error;
      }
    },
    atomically: (work) => runWriteTransaction(context.database, work, { retries: context.config.writeRetries, settings: caller }),
    errorResponse: answer,
  };
}

function inheritedHeaders(input: HttpInput): HeaderMap {
  const inherited: HeaderMap = {};
  for (const name of INHERITED_HEADERS) {
    const value = input.headers[name];
    if (value !== undefined) inherited[name] = value;
  }
  return inherited;
}

function parseBatch(input: HttpInput, body: Buffer, root: ServiceRoot, limits: BatchLimits): BatchRequest {
  const media = parseMediaType(input.headers['content-type']);
  if (media?.type === 'multipart/mixed') return parseMultipartBatch(body, media, root, limits);
  if (media?.type === 'application/json') return parseJsonBatch(body, root, limits);
  throw new ODataError(415, ErrorCodes.unsupportedMediaType, 'A batch request is multipart/mixed (with a boundary) or application/json');
}

/**
 * `POST $batch` (OData 4.01 Part 1 §11.7; JSON Format §19): the body is read whole and checked
 * before any operation runs, then the operations run in order through the same pipeline as single
 * requests. The answer is 200 in the request's format; each operation's own status is inside.
 * Without `continue-on-error`, a multipart batch stops after its first failed item; a JSON batch
 * runs every request whose dependencies succeeded unless asked `continue-on-error=false`.
 */
export async function handleBatch(input: HttpInput, scope: RequestScope, timer: StageTimer): Promise<ODataResponse> {
  const { context, serviceRoot } = scope;
  const { limits } = context.config;
  const body = input.body ?? Buffer.alloc(0);
  if (body.length > limits.maxBatchBodyBytes) {
    throw new ODataError(413, ErrorCodes.payloadTooLarge, `The batch body is larger than ${limits.maxBatchBodyBytes} bytes`);
  }
  const root = serviceRootOf(serviceRoot);
  const batch = timer.time('batch-parse', () =>
    parseBatch(input, body, root, { maxOperations: limits.maxBatchOperations, maxJsonDepth: limits.maxJsonDepth }),
  );
  const preference = continueOnErrorOf(input.headers['prefer']);
  const results = await timer.timeAsync('operations', () =>
    runBatch(batch, pipelineRunner(scope), {
      root,
      inherited: inheritedHeaders(input),
      continueOnError: preference?.value ?? batch.format === 'json',
      maxJsonDepth: limits.maxJsonDepth,
    }),
  );
  const applied: Record<string, string> = preference === undefined ? {} : { 'preference-applied': preference.applied };
  return timer.time('response', () => {
    if (batch.format === 'json') return { status: 200, headers: { 'content-type': 'application/json', ...applied }, body: formatJsonBatch(results) };
    const { contentType, body: multipart } = formatMultipartBatch(results);
    return { status: 200, headers: { 'content-type': contentType, ...applied }, body: multipart };
  });
}
