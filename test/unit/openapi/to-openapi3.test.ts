import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { buildConnector } from '../../../src/openapi/build-connector.js';
import type { HttpMethod, SwaggerDocument, SwaggerOperation } from '../../../src/openapi/swagger-document.js';
import { toOpenApi3, type OpenApi3Document } from '../../../src/openapi/to-openapi3.js';
import { sampleModel } from '../../support/sample-catalog.js';

const apiKeyConfig = loadConfig({ DATABASE_URL: 'postgres://db.example/odata', AUTH_API_KEYS: '[]', AUTH_API_KEY_HEADER: 'x-connector-key' });
const oauth2Config = loadConfig({
  DATABASE_URL: 'postgres://db.example/odata',
  AUTH_JWT_SECRET: 'a-secret-of-at-least-thirty-two-characters',
  AUTH_JWT_AUDIENCES: 'api://odata',
  CONNECTOR_OAUTH_CLIENT_ID: '00000000-0000-0000-0000-00000000c0de',
  CONNECTOR_OAUTH_TENANT: 'contoso.example',
  CONNECTOR_OAUTH_SCOPES: 'Catalog.Read',
  ODATA_BASE_PATH: '/v1/odata',
});

const swagger = buildConnector(sampleModel(), apiKeyConfig);
const openApi = toOpenApi3(swagger);

/** `get /Products` → operation id, for every operation of a document. */
function operationIds(paths: Readonly<Record<string, Partial<Record<HttpMethod, { readonly operationId?: string }>> | undefined>>): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(paths).flatMap(([path, item]) => Object.entries(item ?? {}).map(([method, operation]) => [`${method} ${path}`, operation?.operationId])),
  );
}

function operationOf(document: OpenApi3Document, operationId: string) {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item ?? {})) {
      if (typeof operation === 'object' && operation !== null && 'operationId' in operation && operation.operationId === operationId) return operation;
    }
  }
  throw new Error(`no operation ${operationId}`);
}

function swaggerOperationOf(document: SwaggerDocument, operationId: string): SwaggerOperation {
  const found = Object.values(document.paths).flatMap((item) => Object.values(item)).find((operation) => operation.operationId === operationId);
  if (found === undefined) throw new Error(`no operation ${operationId}`);
  return found;
}

describe('toOpenApi3', () => {
  it('renders a document that validates as OpenAPI 3.0', async () => {
    expect(openApi.openapi).toBe('3.0.3');
    await expect(SwaggerParser.validate(structuredClone(openApi) as never)).resolves.toBeDefined();
    await expect(SwaggerParser.validate(structuredClone(toOpenApi3(buildConnector(sampleModel(), oauth2Config))) as never)).resolves.toBeDefined();
  });

  it('has the same operation ids at the same paths and methods', () => {
    const ids = operationIds(openApi.paths);
    expect(Object.keys(ids).length).toBeGreaterThan(10);
    expect(ids).toEqual(operationIds(swagger.paths));
  });

  it('leaves no Swagger 2.0 reference behind, and every reference resolves', () => {
    const text = JSON.stringify(openApi);
    expect(text).not.toContain('#/definitions/');
    expect(text).not.toMatch(/"#\/(parameters|responses)\//);
    const refs = [...text.matchAll(/"\$ref":"#\/components\/(\w+)\/([^"]+)"/g)];
    expect(refs.length).toBeGreaterThan(0);
    const components = openApi.components as Record<string, Record<string, unknown>>;
    for (const [, kind = '', name = ''] of refs) expect(components[kind]?.[name], `${kind}/${name}`).toBeDefined();
    expect(Object.keys(openApi.components?.schemas ?? {})).toEqual(Object.keys(swagger.definitions));
    expect(Object.keys(openApi.components?.responses ?? {})).toEqual(Object.keys(swagger.responses));
    expect(Object.keys(openApi.components?.parameters ?? {})).toEqual(Object.keys(swagger.parameters));
  });

  it('serves from the base path alone', () => {
    expect(openApi.servers).toEqual([{ url: swagger.basePath }]);
    expect(toOpenApi3(buildConnector(sampleModel(), oauth2Config)).servers).toEqual([{ url: '/v1/odata' }]);
  });

  it('turns x-nullable into nullable', () => {
    const swaggerProduct = swagger.definitions['Product']?.properties ?? {};
    const nullable = Object.keys(swaggerProduct).filter((name) => swaggerProduct[name]?.['x-nullable'] === true);
    expect(nullable).toContain('description');
    const product = openApi.components?.schemas?.['Product'];
    const properties = product !== undefined && 'properties' in product ? (product.properties ?? {}) : {};
    for (const name of Object.keys(swaggerProduct)) {
      const property = properties[name] as Record<string, unknown>;
      expect(property['x-nullable'], name).toBeUndefined();
      expect(property['nullable'] === true, name).toBe(nullable.includes(name));
    }
  });

  it('turns a body parameter into a JSON request body, and keeps the other parameters', () => {
    const create = operationOf(openApi, 'CreateProduct');
    expect(create.requestBody).toMatchObject({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ProductInput' } } } });
    expect(create.parameters).toEqual([{ $ref: '#/components/parameters/returnRepresentation' }]);
    const original = swaggerOperationOf(swagger, 'GetProduct').parameters[0];
    expect(original).toMatchObject({ in: 'path', type: 'string', format: 'uuid' });
    expect(operationOf(openApi, 'GetProduct').parameters?.[0]).toMatchObject({ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
    expect(operationOf(openApi, 'ListProducts').requestBody).toBeUndefined();
  });

  it('gives responses a JSON content when they have a schema, and typed headers', () => {
    const created = operationOf(openApi, 'CreateProduct').responses['201'];
    expect(created).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Product' } } },
      headers: { Location: { description: expect.any(String), schema: { type: 'string' } } },
    });
    expect(operationOf(openApi, 'DeleteProduct').responses['204']).toEqual({ description: expect.any(String) });
    expect(operationOf(openApi, 'ListProducts').responses['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });
    expect(openApi.components?.responses?.['Unauthorized']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ODataError' } } } });
  });

  it('renders the shared parameters as OpenAPI 3 parameters with a schema', () => {
    expect(openApi.components?.parameters?.['top']).toMatchObject({ name: '$top', in: 'query', required: false, schema: { type: 'integer', format: 'int32', minimum: 0 } });
    expect(openApi.components?.parameters?.['returnRepresentation']).toMatchObject({
      in: 'header',
      schema: { type: 'string', enum: ['return=representation'], default: 'return=representation' },
    });
  });

  it('keeps the x-ms extensions of operations, schemas and parameters', () => {
    const list = operationOf(openApi, 'ListProducts');
    expect(list['x-ms-visibility']).toBe('important');
    expect(list['x-ms-pageable']).toEqual({ nextLinkName: '@odata.nextLink' });
    expect(JSON.stringify(openApi.components?.schemas?.['Product'])).toContain('"x-ms-summary"');
    const rows = operationOf(openApi, 'ListRows');
    expect(rows.parameters?.[0]).toMatchObject({ name: 'entitySet', 'x-ms-dynamic-values': { operationId: 'ListEntitySets' } });
    expect(JSON.stringify(rows.responses['200'])).toContain('"x-ms-dynamic-schema"');
  });

  it('renders the API key and Entra ID sign-ins as security schemes, with the requirements and tags', () => {
    expect(openApi.components?.securitySchemes).toEqual({ apiKey: { type: 'apiKey', in: 'header', name: 'x-connector-key', description: expect.any(String) } });
    expect(openApi.security).toEqual(swagger.security);
    expect(openApi.tags).toEqual(swagger.tags);
    expect(openApi.info).toEqual(swagger.info);
    const oauth2 = buildConnector(sampleModel(), oauth2Config);
    const scheme = oauth2.securityDefinitions['oauth2Auth'];
    expect(scheme?.type).toBe('oauth2');
    expect(toOpenApi3(oauth2).components?.securitySchemes?.['oauth2Auth']).toEqual({
      type: 'oauth2',
      description: scheme?.description,
      flows: {
        authorizationCode: {
          authorizationUrl: 'https://login.microsoftonline.com/contoso.example/oauth2/authorize',
          tokenUrl: 'https://login.microsoftonline.com/contoso.example/oauth2/token',
          scopes: { 'Catalog.Read': expect.any(String) },
        },
      },
    });
  });

  it('renders a shared body parameter as a shared request body', async () => {
    const body = { name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/ProductInput' }, description: 'The row.', 'x-ms-summary': 'Row' } as const;
    const create = swaggerOperationOf(swagger, 'CreateProduct');
    const withShared: SwaggerDocument = {
      ...swagger,
      parameters: { ...swagger.parameters, productBody: body },
      paths: { '/Products': { post: { ...create, parameters: [{ $ref: '#/parameters/productBody' }] } } },
    };
    const rendered = toOpenApi3(withShared);
    expect(rendered.paths['/Products']?.post?.requestBody).toEqual({ $ref: '#/components/requestBodies/productBody' });
    expect(rendered.paths['/Products']?.post?.parameters).toEqual([]);
    expect(rendered.components?.requestBodies?.['productBody']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ProductInput' } } } });
    expect(rendered.components?.parameters?.['productBody']).toBeUndefined();
    await expect(SwaggerParser.validate(structuredClone(rendered) as never)).resolves.toBeDefined();
  });
});
