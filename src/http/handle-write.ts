import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { mapWriteError } from '../db/write-error.js';
import { runWriteTransaction, type WriteSession } from '../db/write-transaction.js';
import { parseJsonBody, type JsonBodyValue } from '../parse/parse-json-body.js';
import { parseRequest } from '../parse/parse-request.js';
import type { ODataRequest } from '../parse/syntax.js';
import { planRead } from '../plan/plan-read.js';
import { planWrite } from '../plan/plan-write.js';
import type { WriteAction } from '../plan/write-plan.js';
import { entityPath } from '../response/entity-url.js';
import type { ODataResponse } from '../response/odata-response.js';
import { compileRead } from '../sql/compile-read.js';
import { executeWrite, type WriteOutcome } from './execute-write.js';
import type { HttpInput } from './http-input.js';
import { negotiateJson, preferredReturn } from './negotiate.js';
import { parseEtagCondition } from './preconditions.js';
import type { ServiceContext } from './service-context.js';
import { newStageTimer, type StageTimer } from './stage-timer.js';
import { runRead } from './handle-odata.js';

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** The JSON body of a write: present, of a JSON media type, within the size limit; none for DELETE. */
function readBody(input: HttpInput, context: ServiceContext): JsonBodyValue | undefined {
  const body = input.body;
  if (input.method === 'DELETE' || body === undefined || body.length === 0) return undefined;
  const { limits } = context.config;
  if (body.length > limits.maxBodyBytes) {
    throw new ODataError(413, ErrorCodes.payloadTooLarge, `The request body is larger than ${limits.maxBodyBytes} bytes`);
  }
  const type = input.headers['content-type'];
  if (type === undefined || !JSON_TYPE.test(type.trim())) {
    throw new ODataError(415, ErrorCodes.unsupportedMediaType, `The request body must be application/json, not ${type === undefined ? 'untyped' : `'${type.slice(0, 100)}'`}`);
  }
  return parseJsonBody(body, { maxDepth: limits.maxJsonDepth });
}

/** The response headers that name the written entity: `Location` and `OData-EntityId` (absolute), its `ETag`. */
function entityHeaders(outcome: WriteOutcome, serviceRoot: string, location: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  if (outcome.key !== null) {
    const url = `${serviceRoot}/${entityPath(outcome.set, outcome.key)}`;
    headers['odata-entityid'] = url;
    if (location) headers['location'] = url;
  }
  if (outcome.etag !== null) headers['etag'] = outcome.etag;
  return headers;
}

/** The written entity as a read of `Set(key)` with the request's `$select`/`$expand`, in the same transaction. */
async function representation(outcome: WriteOutcome, input: HttpInput, context: ServiceContext, serviceRoot: string, session: WriteSession): Promise<ODataResponse> {
  if (outcome.key === null) throw new Error('A representation of an entity without a key');
  const path = entityPath(outcome.set, outcome.key);
  const request = parseRequest({ path, query: input.query });
  const format = negotiateJson(request.options.format, input.headers['accept']);
  const { config } = context;
  const plan = planRead(request, context.model, {
    ...format,
    maxPageSizePreference: undefined,
    defaultPageSize: config.defaultPageSize,
    maxPageSize: config.maxPageSize,
    skipTokenSecret: context.skipTokenSecret,
  });
  const read = { plan, format, statement: compileRead(plan.query) };
  return runRead(read, { ...input, method: 'GET', path }, context, serviceRoot, newStageTimer(), session);
}

/** Status, headers and body of a successful write, as OData and Dataverse clients expect them. */
async function respond(action: WriteAction, outcome: WriteOutcome, input: HttpInput, context: ServiceContext, serviceRoot: string, session: WriteSession): Promise<ODataResponse> {
  const preferred = preferredReturn(input.headers['prefer']);
  const applied: Record<string, string> = preferred === undefined ? {} : { 'preference-applied': `return=${preferred}` };
  const entityWrite = action.kind === 'create' || action.kind === 'update';
  if (!entityWrite) return { status: 204, headers: { ...applied, ...(action.kind === 'delete' ? {} : entityHeaders(outcome, serviceRoot, false)) }, body: null };
  const headers = { ...applied, ...entityHeaders(outcome, serviceRoot, outcome.created) };
  if (preferred !== 'representation') return { status: 204, headers, body: null };
  const read = await representation(outcome, input, context, serviceRoot, session);
  return { status: outcome.created ? 201 : 200, headers: { ...read.headers, ...headers }, body: read.body };
}

/**
 * POST, PATCH, PUT and DELETE on a resource path: body → plan → one transaction (or the `$batch`
 * change set's) → response. A 2xx answer means the change is committed (or, in a change set, is
 * part of one that commits as a whole).
 */
export async function handleWrite(request: ODataRequest, input: HttpInput, context: ServiceContext, serviceRoot: string, timer: StageTimer, session?: WriteSession): Promise<ODataResponse> {
  const body = timer.time('body', () => readBody(input, context));
  const preconditions = {
    ifMatch: parseEtagCondition(input.headers['if-match'], 'if-match'),
    ifNoneMatch: parseEtagCondition(input.headers['if-none-match'], 'if-none-match'),
  };
  const { model } = context;
  const action = timer.time('plan', () => planWrite(request, { method: input.method, body, preconditions }, model));
  const location = { serviceRoot, basePath: context.config.basePath };
  const errorContext = { operation: action.kind === 'delete' ? ('delete' as const) : ('write' as const), createOnly: preconditions.ifNoneMatch?.kind === 'any' };
  const work = async (within: WriteSession): Promise<ODataResponse> => {
    try {
      const outcome = await executeWrite(action, within, model, location);
      return await respond(action, outcome, input, context, serviceRoot, within);
    } catch (error) {
      throw mapWriteError(error, model, errorContext);
    }
  };
  if (session !== undefined) return timer.timeAsync('db', () => work(session));
  try {
    return await timer.timeAsync('db', () => runWriteTransaction(context.database, work, { retries: context.config.writeRetries }));
  } catch (error) {
    throw mapWriteError(error, model, errorContext);
  }
}
