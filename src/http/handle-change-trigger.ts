import { runStatement } from '../db/run-in-transaction.js';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { CHANGES_PATH } from '../openapi/trigger-operations.js';
import { parseRequest } from '../parse/parse-request.js';
import { deltaFingerprint, encodeDeltaToken } from '../plan/delta-token.js';
import { planRead } from '../plan/plan-read.js';
import type { ODataResponse } from '../response/odata-response.js';
import { collectBody } from './collect-body.js';
import { connectorEntitySet } from './connector-set.js';
import { handleOData, readOptionsFor } from './handle-odata.js';
import { planFor } from './hidden-property.js';
import type { HttpInput } from './http-input.js';
import { negotiateJson } from './negotiate.js';
import type { RequestScope } from './request-scope.js';
import type { StageTimer } from './stage-timer.js';

interface DeltaPage {
  readonly value: readonly unknown[];
  readonly '@odata.nextLink'?: string;
  readonly '@odata.deltaLink'?: string;
}

/** An answer to a poll: the changes (200) or none (202), and where and when to poll next. */
function pollAnswer(status: 200 | 202, value: readonly unknown[] | null, location: string, retryAfter: number): ODataResponse {
  const headers = { location, 'retry-after': String(retryAfter) };
  return value === null
    ? { status, headers, body: null }
    : { status, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ value }) };
}

/**
 * `GET $connector/changes/{entitySet}`: the polling trigger of a tracked set, a Power Platform
 * connector's "when rows are added, changed or deleted", made of delta links. Without a state
 * (`$deltatoken`) it opens a window at the database's current snapshot and answers 202 with the
 * state in `Location`; with one, it reads the changes since as a delta request does (the caller's
 * rights, the `$select` and `$filter` of the first call) and answers 202 when there are none, else
 * 200 with them in `value` (OData 4.01 form: a removed row is `{"@id","@removed":{"reason"}}`);
 * `Location` holds the next state either way, and `Retry-After` when to poll (at once when a large
 * delta has more pages). Errors are the delta request's: a 400 for a selection a delta cannot
 * follow, a 410 for a state too old.
 */
export async function handleChangeTrigger(input: HttpInput, scope: RequestScope, timer: StageTimer): Promise<ODataResponse> {
  const { context, caller, serviceRoot } = scope;
  const { set, model } = connectorEntitySet(input, caller.auth, context);
  if (set.changeTracking === null) {
    throw new ODataError(400, ErrorCodes.invalidQueryOption, `The changes of ${set.name} are not tracked: odata-facade track-changes enable ${set.name} records them`, { target: set.name });
  }
  const retryAfter = context.config.connector.pollSeconds;
  const triggerUrl = (query: string): string => `${serviceRoot}${CHANGES_PATH.replace('{entitySet}', set.name)}?${query}`;
  const { options } = parseRequest({ path: set.name, query: input.query });
  if (options.deltatoken === undefined) {
    const [row] = await runStatement(context.database, { text: 'select pg_current_snapshot()::text as snapshot', values: [] }, caller);
    const window = { since: String(row?.['snapshot']), issuedAt: Date.now(), until: null, after: null };
    const token = encodeDeltaToken(deltaFingerprint(set.name, options), window, context.skipTokenSecret);
    const query = [...input.query.split('&').filter((pair) => pair.length > 0), `$deltatoken=${token}`].join('&');
    // The selection is checked now, as its first delta will be: a filter a delta cannot follow is a 400 at once.
    const readOptions = readOptionsFor(context, negotiateJson(undefined, undefined), input.headers);
    planFor(context.model, model, () => planRead(parseRequest({ path: set.name, query }), model, readOptions));
    return pollAnswer(202, null, triggerUrl(query), retryAfter);
  }
  const delta = await handleOData({ ...input, method: 'GET', path: set.name, headers: { ...input.headers, accept: 'application/json', 'odata-maxversion': '4.01' } }, scope, timer);
  const page = JSON.parse((await collectBody(delta.body)).toString('utf8')) as DeltaPage;
  const next = page['@odata.nextLink'] ?? page['@odata.deltaLink'] ?? '';
  const location = triggerUrl(next.slice(next.indexOf('?') + 1));
  if (page['@odata.nextLink'] !== undefined) return pollAnswer(200, page.value, location, 0);
  return page.value.length === 0 ? pollAnswer(202, null, location, retryAfter) : pollAnswer(200, page.value, location, retryAfter);
}
