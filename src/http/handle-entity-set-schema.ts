import type { AuthContext } from '../auth/auth-context.js';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { entitySchema, inputSchema, updateSchema } from '../openapi/entity-definitions.js';
import { splitQuery } from '../parse/split-query.js';
import type { ODataResponse } from '../response/odata-response.js';
import { connectorEntitySet } from './connector-set.js';
import type { HttpInput } from './http-input.js';
import type { ServiceContext } from './service-context.js';

const USES = ['read', 'create', 'update'] as const;
type Use = (typeof USES)[number];

function useOf(query: string): Use {
  const asked = splitQuery(query).custom.get('use') ?? 'read';
  const use = USES.find((candidate) => candidate === asked);
  if (use === undefined) throw new ODataError(400, ErrorCodes.invalidQueryOption, `use must be one of ${USES.join(', ')}`, { target: 'use' });
  return use;
}

/**
 * `GET $connector/schemas/{entitySet}?use=read|create|update`: the JSON schema of one entity set
 * as the caller's role sees it (a column it may not read is absent), which the connector's
 * `x-ms-dynamic-schema` reads. A set the caller cannot see is 404; a write schema of a set that
 * cannot be written is 400.
 */
export function handleEntitySetSchema(input: HttpInput, caller: AuthContext, context: ServiceContext): ODataResponse {
  const use = useOf(input.query);
  const { set, model } = connectorEntitySet(input, caller, context);
  if (use !== 'read' && (set.readOnly || set.entityType.key === null)) {
    throw new ODataError(400, ErrorCodes.invalidQueryOption, `${set.name} cannot be written: only use=read has a schema`, { target: 'use' });
  }
  const schema = use === 'read' ? entitySchema(set, model) : use === 'create' ? inputSchema(set, model) : updateSchema(set, model);
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ schema }) };
}
