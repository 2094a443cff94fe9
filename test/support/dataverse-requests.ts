import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** The eight EDM types the Dataverse OData v4 Data Provider maps. */
export const dataverseTypes: readonly string[] = [
  'Edm.Boolean',
  'Edm.DateTimeOffset',
  'Edm.Decimal',
  'Edm.Double',
  'Edm.Guid',
  'Edm.Int32',
  'Edm.Int64',
  'Edm.String',
];

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export interface CsdlProperty {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly maxLength: number | null;
}

export interface CsdlEntityType {
  readonly name: string;
  readonly key: readonly string[];
  readonly properties: readonly CsdlProperty[];
  readonly navigations: readonly string[];
}

export interface Csdl {
  readonly entityTypes: ReadonlyMap<string, CsdlEntityType>;
  /** Entity set name → entity type name (unqualified). */
  readonly entitySets: ReadonlyMap<string, string>;
}

function attributes(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([A-Za-z]+)="([^"]*)"/g)].map((match) => [match[1], match[2]]));
}

/** The entity types and sets of a CSDL XML document, as a client reads them (attributes only; annotations ignored). */
export function readCsdlXml(xml: string): Csdl {
  const entityTypes = new Map<string, CsdlEntityType>();
  for (const [, head = '', body = ''] of xml.matchAll(/<EntityType ([^>]*)>([\s\S]*?)<\/EntityType>/g)) {
    const name = attributes(head)['Name'] ?? '';
    const key = [...body.matchAll(/<PropertyRef ([^>]*?)\/>/g)].map((match) => attributes(match[1] ?? '')['Name'] ?? '');
    const properties = [...body.matchAll(/<Property ([^>]*?)\/?>/g)].map((match): CsdlProperty => {
      const found = attributes(match[1] ?? '');
      return {
        name: found['Name'] ?? '',
        type: found['Type'] ?? '',
        nullable: found['Nullable'] !== 'false',
        maxLength: found['MaxLength'] === undefined ? null : Number(found['MaxLength']),
      };
    });
    const navigations = [...body.matchAll(/<NavigationProperty ([^>]*?)\/?>/g)].map((match) => attributes(match[1] ?? '')['Name'] ?? '');
    entityTypes.set(name, { name, key, properties, navigations });
  }
  const entitySets = new Map<string, string>();
  for (const [, head = ''] of xml.matchAll(/<EntitySet ([^>]*?)\/?>/g)) {
    const found = attributes(head);
    entitySets.set(found['Name'] ?? '', (found['EntityType'] ?? '').split('.').pop() ?? '');
  }
  return { entityTypes, entitySets };
}

/** What breaks the Dataverse rules in one property value: the declared type, nullability, MaxLength. */
function valueViolation(property: CsdlProperty, value: unknown): string | null {
  if (value === null) return property.nullable ? null : 'is null but not nullable';
  const ok = ((): boolean => {
    switch (property.type) {
      case 'Edm.Guid':
        return typeof value === 'string' && GUID.test(value);
      case 'Edm.DateTimeOffset':
        return typeof value === 'string' && DATE_TIME_OFFSET.test(value) && !Number.isNaN(Date.parse(value));
      case 'Edm.Int32':
        return Number.isInteger(value) && (value as number) >= -(2 ** 31) && (value as number) < 2 ** 31;
      case 'Edm.Int64':
        return Number.isInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value));
      case 'Edm.Decimal':
        return typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
      case 'Edm.Double':
        return typeof value === 'number' || value === 'INF' || value === '-INF' || value === 'NaN';
      case 'Edm.Boolean':
        return typeof value === 'boolean';
      case 'Edm.String':
        return typeof value === 'string' && (property.maxLength === null || [...value].length <= property.maxLength);
      default:
        return false;
    }
  })();
  return ok ? null : `${JSON.stringify(value)} is no ${property.type}${property.maxLength === null ? '' : ` of MaxLength ${property.maxLength}`}`;
}

/**
 * What in one entity breaks the Dataverse rules: a member that is no declared property, a value
 * not of its declared type, a missing key (unless `selected` names the properties asked for
 * without it). Expanded navigations are checked against their own types by the caller.
 */
export function entityViolations(entity: Record<string, unknown>, type: CsdlEntityType, selected: readonly string[] | null = null): string[] {
  const violations: string[] = [];
  for (const key of type.key) {
    if ((selected === null || selected.includes(key)) && !(key in entity)) violations.push(`${type.name}: key ${key} missing`);
  }
  for (const [name, value] of Object.entries(entity)) {
    if (name.includes('@')) continue;
    if (type.navigations.includes(name)) continue;
    const property = type.properties.find((candidate) => candidate.name === name);
    if (property === undefined) {
      violations.push(`${type.name}.${name} is not declared`);
      continue;
    }
    const violation = valueViolation(property, value);
    if (violation !== null) violations.push(`${type.name}.${name} ${violation}`);
  }
  return violations;
}

/** What in a JSON response body breaks the Dataverse rules: `@odata.context` not first, and each entity's violations. */
export function responseViolations(body: Record<string, unknown>, type: CsdlEntityType, selected: readonly string[] | null = null): string[] {
  const violations = Object.keys(body)[0] === '@odata.context' ? [] : [`@odata.context is not the first member: ${Object.keys(body).join(', ')}`];
  const entities = Array.isArray(body['value']) ? (body['value'] as Record<string, unknown>[]) : [body];
  return [...violations, ...entities.flatMap((entity) => entityViolations(entity, type, selected))];
}

/** Requests to the Dataverse service root, as the provider sends them. */
export interface DataverseClient {
  get(path: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  send(method: 'POST' | 'PATCH' | 'DELETE', path: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** A client of the service root at `basePath` (an absolute `http://…` URL, as in a nextLink, is taken by its path and query). */
export function dataverseClient(app: FastifyInstance, basePath = '/dataverse'): DataverseClient {
  const url = (path: string): string => {
    if (!/^https?:/.test(path)) return `${basePath}/${path}`;
    const parsed = new URL(path);
    return `${parsed.pathname}${parsed.search}`;
  };
  return {
    get: (path, headers = {}) => app.inject({ method: 'GET', url: url(path), headers: { accept: 'application/json', ...headers } }),
    send: (method, path, payload, headers = {}) =>
      app.inject({
        method,
        url: url(path),
        headers: { 'content-type': 'application/json', ...headers },
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      }),
  };
}
