/**
 * A client that calls the service the way a Power Platform connector does: by operation id only,
 * from a dereferenced connector definition (paths, parameters, defaults, response schemas), so a
 * test built on it fails when the definition and the service drift apart.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import type { SwaggerDocument } from '../../src/openapi/swagger-document.js';

type Json = Record<string, unknown>;

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'body';
  readonly required: boolean;
  readonly default?: unknown;
}

interface Operation {
  readonly method: string;
  readonly route: string;
  readonly parameters: readonly Parameter[];
  readonly responses: Readonly<Record<string, { readonly schema?: Json }>>;
}

export interface ConnectorAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, unknown>>;
  /** The JSON body; undefined when the answer has none. */
  readonly body: Json | undefined;
  /** Where the body breaks the operation's response schema for this status; empty when it fits. */
  readonly schemaErrors: readonly string[];
}

export interface ConnectorClient {
  /** The dereferenced definition. */
  readonly document: Json;
  /** Calls an operation: `values` fill its path, query and header parameters by name; `body` is its body parameter. */
  call(operationId: string, values?: Readonly<Record<string, string | number | boolean>>, body?: unknown): Promise<ConnectorAnswer>;
  /** Follows a list's `@odata.nextLink` (its path and query: the host differs under inject), answered as `operationId`. */
  follow(operationId: string, nextLink: string): Promise<ConnectorAnswer>;
}

/** A Swagger schema as draft-04 sees it: `x-nullable: true` lets null through. */
function draft04(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(draft04);
  if (schema === null || typeof schema !== 'object') return schema;
  const converted = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === 'enum' ? value : draft04(value)])) as Json;
  if (converted['x-nullable'] !== true) return converted;
  const type = converted['type'];
  return {
    ...converted,
    ...(type === undefined ? {} : { type: [type, 'null'] }),
    ...(Array.isArray(converted['enum']) ? { enum: [...(converted['enum'] as unknown[]), null] } : {}),
  };
}

function newValidator(): InstanceType<typeof ajvDraft04.default> {
  const ajv = new ajvDraft04.default({ strict: false, allErrors: true });
  ajvFormats.default(ajv, ['date', 'date-time', 'uuid']);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  return ajv;
}

function findOperation(document: Json, operationId: string): Operation {
  for (const [route, item] of Object.entries(document['paths'] as Record<string, Record<string, Json>>)) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation['operationId'] === operationId) return { method, route, ...(operation as unknown as Omit<Operation, 'method' | 'route'>) };
    }
  }
  throw new Error(`The definition has no operation ${operationId}`);
}

/** The path with its parameters filled in: encoded, and with quotes doubled inside a quoted text key. */
function fillPath(route: string, values: Readonly<Record<string, string | number | boolean>>): string {
  return route.replace(/('?)\{([^}]+)\}\1/g, (_, quote: string, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for the path parameter ${name}`);
    const text = quote === "'" ? String(value).replaceAll("'", "''") : String(value);
    return `${quote}${encodeURIComponent(text)}${quote}`;
  });
}

/** A client over `app` for the definition, dereferenced here. */
export async function connectorClient(app: FastifyInstance, definition: SwaggerDocument): Promise<ConnectorClient> {
  const document = (await SwaggerParser.dereference(structuredClone(definition) as never)) as unknown as Json;
  const basePath = document['basePath'] === '/' ? '' : String(document['basePath']);
  const ajv = newValidator();

  function answer(operation: Operation, response: Awaited<ReturnType<FastifyInstance['inject']>>): ConnectorAnswer {
    const body = response.body === '' ? undefined : (response.json() as Json);
    const declared = operation.responses[String(response.statusCode)];
    if (declared === undefined) return { status: response.statusCode, headers: response.headers, body, schemaErrors: [`status ${response.statusCode} is not in the definition`] };
    if (declared.schema === undefined) {
      return { status: response.statusCode, headers: response.headers, body, schemaErrors: body === undefined ? [] : ['a body where the definition has none'] };
    }
    const validate = ajv.compile(draft04(declared.schema) as object);
    const schemaErrors = validate(body) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`);
    return { status: response.statusCode, headers: response.headers, body, schemaErrors };
  }

  return {
    document,
    async call(operationId, values = {}, body) {
      const operation = findOperation(document, operationId);
      const query: string[] = [];
      const headers: Record<string, string> = {};
      for (const parameter of operation.parameters) {
        const value = values[parameter.name] ?? (parameter.required ? parameter.default : undefined);
        if (parameter.in === 'body') {
          if (parameter.required && body === undefined) throw new Error(`${operationId} needs a body`);
        } else if (value === undefined) {
          if (parameter.required) throw new Error(`${operationId} needs ${parameter.name}`);
        } else if (parameter.in === 'query') {
          query.push(`${encodeURIComponent(parameter.name)}=${encodeURIComponent(String(value))}`);
        } else if (parameter.in === 'header') {
          headers[parameter.name] = String(value);
        }
      }
      const unknown = Object.keys(values).filter((name) => !operation.parameters.some((parameter) => parameter.name === name));
      if (unknown.length > 0) throw new Error(`${operationId} has no parameters ${unknown.join(', ')}`);
      const url = `${basePath}${fillPath(operation.route, values)}${query.length > 0 ? `?${query.join('&')}` : ''}`;
      const response = await app.inject({
        method: operation.method.toUpperCase() as 'GET',
        url,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      return answer(operation, response);
    },
    async follow(operationId, nextLink) {
      const operation = findOperation(document, operationId);
      const link = new URL(nextLink);
      return answer(operation, await app.inject({ method: 'GET', url: `${link.pathname}${link.search}` }));
    },
  };
}
