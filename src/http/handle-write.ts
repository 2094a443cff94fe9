import { assertNever } from '../errors/assert-never.js';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { RequestSettings } from '../db/request-settings.js';
import { mapWriteError, type WriteErrorContext } from '../db/write-error.js';
import type { EdmProperty } from '../model/edm-model.js';
import type { EntityInput } from '../plan/entity-input.js';
import { runWriteTransaction, type WriteSession } from '../db/write-transaction.js';
import { parseJsonBody, type JsonBodyValue } from '../parse/parse-json-body.js';
import { parseRequest } from '../parse/parse-request.js';
import type { ODataRequest } from '../parse/syntax.js';
import { planRead } from '../plan/plan-read.js';
import { planWrite } from '../plan/plan-write.js';
import type { WriteAction } from '../plan/write-plan.js';
import { entityPath } from '../response/entity-url.js';
import type { ODataResponse } from '../response/odata-response.js';
import { compileAudit, type AuditOperation } from '../sql/compile-audit.js';
import { compileRead } from '../sql/compile-read.js';
import { propertyOfColumn, propertyWrites, replacedWrites } from '../plan/write-statements.js';
import { executeWrite, type WriteOutcome } from './execute-write.js';
import type { HttpInput } from './http-input.js';
import { negotiateJson, preferredReturn } from './negotiate.js';
import { parseEtagCondition } from './preconditions.js';
import type { RequestScope } from './request-scope.js';
import type { ServiceContext } from './service-context.js';
import { newStageTimer, type StageTimer } from './stage-timer.js';
import { readOptionsFor, runRead } from './handle-odata.js';
import { planFor } from './hidden-property.js';

const JSON_TYPE = /^application\/json\s*(;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

/** The properties an entity input writes, nested entities included. */
function writtenBy(entity: EntityInput): EdmProperty[] {
  return [...entity.properties.map((input) => input.property), ...entity.nested.flatMap((nested) => nested.entities.flatMap(writtenBy))];
}

/** What the database error mapping needs to know of the write (see `db/write-error.ts`). */
function errorContextOf(action: WriteAction): WriteErrorContext {
  const createOnlyKey =
    action.kind === 'update' && action.preconditions.ifNoneMatch?.kind === 'any' ? (action.row.key ?? []).map(({ property }) => property.column) : null;
  const written = action.kind === 'create' || action.kind === 'update' ? writtenBy(action.entity) : action.kind === 'setProperty' ? [action.property] : [];
  return { operation: action.kind === 'delete' ? 'delete' : 'write', createOnlyKey, written };
}

/** The top-level properties and navigation properties an entity input writes (nested entities count as their navigation). */
function namesWrittenBy(entity: EntityInput): string[] {
  return [...entity.properties.map((input) => input.property.name), ...entity.bindings.map((binding) => binding.navigation.name), ...entity.nested.map((nested) => nested.navigation.name)];
}

/** The kind of write an audit record names, and the properties it wrote (a PUT also those it reset). */
function auditedChange(action: WriteAction, outcome: WriteOutcome): { operation: AuditOperation; changed: string[] } {
  switch (action.kind) {
    case 'create':
      return { operation: 'create', changed: namesWrittenBy(action.entity) };
    case 'update': {
      const { set } = action.row;
      const reset = action.replace ? replacedWrites(set, propertyWrites(action.entity.properties)).map((write) => propertyOfColumn(set, write.column).name) : [];
      return { operation: outcome.created ? 'upsert-create' : 'update', changed: [...namesWrittenBy(action.entity), ...reset] };
    }
    case 'delete':
      return { operation: 'delete', changed: [] };
    case 'setProperty':
      return { operation: 'property', changed: [action.property.name] };
    case 'setReference':
    case 'linkReference':
      return { operation: 'reference', changed: [action.navigation.name] };
    default:
      return assertNever(action);
  }
}

/** Appends the audit record of a successful write, in its transaction (`AUDIT=on`). */
async function audit(action: WriteAction, outcome: WriteOutcome, caller: RequestSettings, session: WriteSession): Promise<void> {
  const { operation, changed } = auditedChange(action, outcome);
  await session.run(
    compileAudit({ principal: caller.auth.principal, requestId: caller.requestId, operation, entitySet: outcome.set.name, key: outcome.key ?? {}, changed }),
  );
}

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
  const charset = CHARSET.exec(type)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new ODataError(415, ErrorCodes.unsupportedMediaType, 'A JSON request body must be UTF-8');
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

/**
 * `$expand` of the entities a deep insert created, level by level, as deep as `$expand` may go:
 * `products($expand=supplier)`. Empty when nothing was nested.
 */
function deepInsertExpand(entities: readonly EntityInput[], levels: number): string {
  if (levels === 0) return '';
  const byNavigation = new Map<string, EntityInput[]>();
  for (const entity of entities) {
    for (const nested of entity.nested) byNavigation.set(nested.navigation.name, [...(byNavigation.get(nested.navigation.name) ?? []), ...nested.entities]);
  }
  return [...byNavigation]
    .map(([name, children]) => {
      const inner = deepInsertExpand(children, levels - 1);
      return inner === '' ? name : `${name}($expand=${inner})`;
    })
    .join(',');
}

/**
 * The query of the representation: the request's, and for a deep insert without `$expand` of its
 * own, the nested entities expanded (OData 4.01 Part 1 §11.4.2.2: at least to the level of the
 * request).
 */
function representationQuery(action: WriteAction, input: HttpInput, request: ODataRequest, maxExpandDepth: number): string {
  if (action.kind !== 'create' || request.options.expand !== undefined) return input.query;
  const expand = deepInsertExpand([action.entity], maxExpandDepth);
  if (expand === '') return input.query;
  return `${input.query === '' ? '' : `${input.query}&`}$expand=${expand}`;
}

/** The written entity as a read of `Set(key)` with the request's `$select`/`$expand`, in the same transaction. */
async function representation(outcome: WriteOutcome, query: string, input: HttpInput, scope: RequestScope): Promise<ODataResponse> {
  const { context, caller } = scope;
  if (outcome.key === null) throw new Error('A representation of an entity without a key');
  const path = entityPath(outcome.set, outcome.key);
  const request = parseRequest({ path, query });
  const format = negotiateJson(request.options.format, input.headers['accept']);
  const { model } = context.modelFor(caller.auth.role);
  const plan = planRead(request, model, readOptionsFor(context, format, input.headers, false));
  const read = { plan, format, statement: compileRead(plan.query), entitySet: outcome.set.name };
  return runRead(read, { ...input, method: 'GET', path, query, headers: withoutConditions(input.headers) }, scope, newStageTimer());
}

/** The write's conditions held for the entity before it; the entity written has a new ETag, which they are not about. */
function withoutConditions(headers: HttpInput['headers']): HttpInput['headers'] {
  const { 'if-match': _ifMatch, 'if-none-match': _ifNoneMatch, ...rest } = headers;
  return rest;
}

/**
 * Status, headers and body of a successful write, as OData and Dataverse clients expect them.
 * `Prefer: return=…` applies to writes of an entity (create, update); other writes answer 204 and
 * report no preference as applied.
 */
async function respond(action: WriteAction, outcome: WriteOutcome, request: ODataRequest, input: HttpInput, scope: RequestScope): Promise<ODataResponse> {
  const { context, serviceRoot } = scope;
  if (action.kind !== 'create' && action.kind !== 'update') {
    return { status: 204, headers: action.kind === 'delete' || action.kind === 'linkReference' ? {} : entityHeaders(outcome, serviceRoot, false), body: null };
  }
  const preferred = preferredReturn(input.headers['prefer']);
  const applied: Record<string, string> = preferred === undefined ? {} : { 'preference-applied': `return=${preferred}` };
  const headers = { ...applied, ...entityHeaders(outcome, serviceRoot, outcome.created) };
  if (preferred !== 'representation') return { status: 204, headers, body: null };
  const query = representationQuery(action, input, request, context.config.limits.maxExpandDepth);
  const read = await representation(outcome, query, input, scope);
  return { status: outcome.created ? 201 : 200, headers: { ...read.headers, ...headers }, body: read.body };
}

/**
 * POST, PATCH, PUT and DELETE on a resource path: body → plan → one transaction (or the `$batch`
 * change set's) → response. A 2xx answer means the change is committed (or, in a change set, is
 * part of one that commits as a whole).
 */
export async function handleWrite(request: ODataRequest, input: HttpInput, scope: RequestScope, timer: StageTimer): Promise<ODataResponse> {
  const { context, serviceRoot, caller, session } = scope;
  const body = timer.time('body', () => readBody(input, context));
  const preconditions = {
    ifMatch: parseEtagCondition(input.headers['if-match'], 'if-match'),
    ifNoneMatch: parseEtagCondition(input.headers['if-none-match'], 'if-none-match'),
  };
  const { model } = context.modelFor(caller.auth.role);
  const action = timer.time('plan', () => planFor(context.model, model, () => planWrite(request, { method: input.method, body, preconditions }, model)));
  const location = { serviceRoot, basePath: context.config.basePath };
  const errorContext = errorContextOf(action);
  const work = async (within: WriteSession): Promise<ODataResponse> => {
    try {
      const outcome = await executeWrite(action, within, model, location);
      if (context.config.audit) await audit(action, outcome, caller, within);
      return await respond(action, outcome, request, input, { ...scope, session: within });
    } catch (error) {
      throw mapWriteError(error, model, errorContext);
    }
  };
  if (session !== undefined) return timer.timeAsync('db', () => work(session));
  try {
    return await timer.timeAsync('db', () => runWriteTransaction(context.database, work, { retries: context.config.writeRetries, settings: caller }));
  } catch (error) {
    throw mapWriteError(error, model, errorContext);
  }
}
