import { assertNever } from '../errors/assert-never.js';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { Database } from '../db/database.js';
import { estimateRows } from '../db/estimate-rows.js';
import { mapPgError } from '../db/pg-error.js';
import { rowSourceOf } from '../db/row-source.js';
import { runStatement, streamStatement, type Row } from '../db/run-in-transaction.js';
import type { WriteSession } from '../db/write-transaction.js';
import type { SqlStatement } from '../sql/sql-statement.js';
import type { AuthContext } from '../auth/auth-context.js';
import { checkEntitySetAllowed, forbidden } from '../auth/authenticate.js';
import type { RequestSettings } from '../db/request-settings.js';
import { handleBatch } from './handle-batch.js';
import { handleWrite } from './handle-write.js';
import type { CollectionQuery, QueryPlan } from '../plan/query-plan.js';
import { parseRequest } from '../parse/parse-request.js';
import { planRead } from '../plan/plan-read.js';
import { formatPage } from '../response/format-page.js';
import { formatRead } from '../response/format-read.js';
import { formatServiceDocument } from '../response/format-service-document.js';
import type { ODataResponse } from '../response/odata-response.js';
import { compileRead, compileRowEstimate } from '../sql/compile-read.js';
import type { HttpInput } from './http-input.js';
import { accepts401, negotiateJson, negotiateMetadata, preferredMaxPageSize, prefersTrackChanges } from './negotiate.js';
import type { ReadOptions } from '../plan/read-options.js';
import type { JsonFormat } from '../response/odata-response.js';
import type { ServiceContext } from './service-context.js';
import { applyReadPreconditions } from './read-preconditions.js';
import type { RequestScope } from './request-scope.js';
import type { StageTimer } from './stage-timer.js';
import { compiledReadKey, type CompiledRead } from './compiled-reads.js';
import { planFor } from './hidden-property.js';

const READ_METHODS = new Set(['GET', 'HEAD']);
const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

function methodNotAllowed(method: string, allow: string): ODataError {
  return new ODataError(405, ErrorCodes.methodNotAllowed, `${method} is not allowed on this resource`, { headers: { allow } });
}

function checkVersion(headers: HttpInput['headers']): void {
  const version = headers['odata-version'];
  if (version !== undefined && version !== '4.0' && version !== '4.01') {
    throw new ODataError(400, ErrorCodes.unsupportedVersion, `OData-Version ${version} is not supported: this service speaks 4.0 and 4.01`);
  }
  const max = headers['odata-maxversion'];
  if (max !== undefined && Number.parseFloat(max) < 4) {
    throw new ODataError(400, ErrorCodes.unsupportedVersion, `OData-MaxVersion ${max} is below 4.0, the lowest version this service speaks`);
  }
}

/**
 * What the caller's key or token allows before the database decides: its entity sets (by the
 * first segment of the path) and, for a read-only scope, no writes.
 */
function checkAllowed(entitySet: string | null, method: string, auth: AuthContext): void {
  if (entitySet !== null) checkEntitySetAllowed(auth, entitySet);
  if (auth.scope === 'read' && !READ_METHODS.has(method)) throw forbidden('These credentials allow reads only');
}

type EstimableQuery = CollectionQuery & { readonly estimateCountAbove: number };

/** `$count=true` on a set that allows estimates. */
function asksForEstimate(query: QueryPlan): query is EstimableQuery {
  return query.kind === 'collection' && query.count && query.estimateCountAbove !== null;
}

/** The planner's estimate when it exceeds the set's threshold (the page is then read without the exact count). */
async function estimatedCountOf(database: Database, query: EstimableQuery, caller: RequestSettings): Promise<number | undefined> {
  const estimate = await estimateRows(database, compileRowEstimate(query), caller);
  return estimate > query.estimateCountAbove ? estimate : undefined;
}

/** The rows of a read inside a write transaction (a `$batch` change set, a representation after a write). */
async function runInSession(session: WriteSession, statement: SqlStatement): Promise<readonly Row[]> {
  try {
    return await session.run(statement);
  } catch (error) {
    throw mapPgError(error);
  }
}

/**
 * Runs a compiled read and formats its answer; a collection page streams as its rows arrive.
 * Inside a write transaction (`session`), the rows are collected there instead. A single entity
 * read by GET or HEAD answers its `If-Match` / `If-None-Match` (412, 304).
 */
export async function runRead(read: CompiledRead, input: HttpInput, scope: RequestScope, timer: StageTimer, estimatedCount?: number): Promise<ODataResponse> {
  const { context, serviceRoot, caller, session } = scope;
  const { plan, format, statement } = read;
  const urls = { serviceRoot, resourcePath: input.path, rawQuery: input.query, skipTokenSecret: context.skipTokenSecret };
  const { shape } = plan;
  if (shape.kind !== 'collection' && shape.kind !== 'delta') {
    const rows = await timer.timeAsync('db', () => (session === undefined ? runStatement(context.database, statement, caller) : runInSession(session, statement)));
    const response = timer.time('response', () => formatRead(shape, rows, format, urls));
    return shape.kind === 'entity' && READ_METHODS.has(input.method) ? applyReadPreconditions(response, input.headers) : response;
  }
  // 'db' is the wait for the first rows; the rest streams while the response is sent.
  const source = await timer.timeAsync('db', async () =>
    session === undefined ? streamStatement(context.database, statement, caller) : rowSourceOf(await runInSession(session, statement)),
  );
  try {
    return timer.time('response', () => formatPage(shape, source, format, urls, estimatedCount));
  } catch (error) {
    await source.close();
    throw error;
  }
}

const DAY_MS = 86_400_000;

/**
 * How the planner reads for this request: the negotiated format, the configured paging and limits,
 * and for a read in the request's own right (not the representation after a write, `asked` false)
 * the page size and change tracking it prefers.
 */
export function readOptionsFor(context: ServiceContext, format: JsonFormat, headers: HttpInput['headers'], asked = true): ReadOptions {
  const { config } = context;
  const { limits } = config;
  return {
    ...format,
    maxPageSizePreference: asked ? preferredMaxPageSize(headers['prefer']) : undefined,
    defaultPageSize: config.defaultPageSize,
    maxPageSize: config.maxPageSize,
    limits: { maxInList: limits.maxInList, maxOrderByItems: limits.maxOrderByItems, maxExpandDepth: limits.maxExpandDepth },
    skipTokenSecret: context.skipTokenSecret,
    tracking: {
      requested: asked && prefersTrackChanges(headers['prefer']),
      retentionMs: config.changeTrackingRetentionDays * DAY_MS,
      now: Date.now(),
      v401: accepts401(headers['odata-maxversion']),
    },
  };
}

/**
 * One OData request through the pipeline: parse → plan → sql → db → response. A read asked before
 * goes from its compiled form straight to the database.
 */
export async function handleOData(input: HttpInput, scope: RequestScope, timer: StageTimer): Promise<ODataResponse> {
  const { context, serviceRoot, caller, session } = scope;
  checkVersion(input.headers);
  const key = READ_METHODS.has(input.method) ? compiledReadKey(input, caller.auth.role) : null;
  const compiled = key === null ? undefined : context.compiledReads.get(key);
  if (compiled !== undefined) {
    checkAllowed(compiled.entitySet, input.method, caller.auth);
    return runRead(compiled, input, scope, timer);
  }
  const { limits } = context.config;
  const request = timer.time('parse', () =>
    parseRequest(
      { path: input.path, query: input.query },
      { maxLength: limits.maxUrlLength, maxDepth: limits.maxExpressionDepth, maxNodes: limits.maxExpressionNodes },
    ),
  );
  const { path, options } = request;
  const entitySet = path.kind === 'resource' && path.segments[0]?.kind === 'identifier' ? path.segments[0].name : null;
  checkAllowed(entitySet, input.method, caller.auth);
  if (key === null) {
    if (path.kind === 'batch' && input.method === 'POST' && session === undefined) return handleBatch(input, scope, timer);
    if (path.kind === 'resource' && WRITE_METHODS.has(input.method)) return handleWrite(request, input, scope, timer);
    throw methodNotAllowed(input.method, path.kind === 'batch' ? 'POST' : 'GET, HEAD');
  }
  const served = context.modelFor(caller.auth.role);
  switch (path.kind) {
    case 'serviceDocument':
      return formatServiceDocument(served.model, serviceRoot, negotiateJson(options.format, input.headers['accept']));
    case 'metadata': {
      const kind = negotiateMetadata(options.format, input.headers['accept']);
      return kind === 'xml'
        ? { status: 200, headers: { 'content-type': 'application/xml' }, body: served.metadata.xml }
        : { status: 200, headers: { 'content-type': 'application/json' }, body: served.metadata.json };
    }
    case 'batch':
      throw methodNotAllowed(input.method, 'POST');
    case 'entity':
      throw new ODataError(501, ErrorCodes.notImplemented, '$entity is not supported yet');
    case 'resource': {
      const format = negotiateJson(options.format, input.headers['accept']);
      const plan = timer.time('plan', () => planFor(context.model, served.model, () => planRead(request, served.model, readOptionsFor(context, format, input.headers))));
      const asked = plan.query;
      if (asksForEstimate(asked)) {
        // The statement depends on the estimate: with one reported, the exact count is not computed.
        const estimatedCount = await timer.timeAsync('estimate', () => estimatedCountOf(context.database, asked, caller));
        const query = estimatedCount === undefined ? asked : { ...asked, count: false };
        const statement = timer.time('sql', () => compileRead(query));
        return runRead({ plan, format, statement, entitySet }, input, scope, timer, estimatedCount);
      }
      const read = { plan, format, statement: timer.time('sql', () => compileRead(asked)), entitySet };
      // A delta request depends on the time (a token's age) and OData-MaxVersion, and its token is used once.
      if (asked.kind !== 'delta') context.compiledReads.set(key, read);
      return runRead(read, input, scope, timer);
    }
    default:
      return assertNever(path);
  }
}
