import SwaggerParser from '@apidevtools/swagger-parser';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { buildModel } from '../../src/model/build-model.js';
import type { EdmModel } from '../../src/model/edm-model.js';
import { introspect } from '../../src/model/introspect.js';
import { emptyModelConfig } from '../../src/model/model-config.js';
import { buildConnector } from '../../src/openapi/build-connector.js';
import { ConnectorDefinitionError } from '../../src/openapi/connector-limits.js';
import type { SwaggerDocument, SwaggerResponse, SwaggerSchema } from '../../src/openapi/swagger-document.js';
import { expectGolden } from '../support/golden.js';
import { loadPowerPlatformSchema } from '../support/powerplatform-schemas.js';
import { openTestDatabase, testBackends } from '../support/test-database.js';


const API_KEY_HEADER = 'X-Connector-Key';
const JWT_SECRET = 'a-secret-of-at-least-thirty-two-characters';

/** The configurations the definition is built for: the embedded default, and each kind of sign-in and host. */
const configs = {
  default: {},
  apiKey: { DATABASE_URL: 'postgres://db.example/odata', AUTH_API_KEYS: '[]', AUTH_API_KEY_HEADER: API_KEY_HEADER },
  oauth2: {
    DATABASE_URL: 'postgres://db.example/odata',
    AUTH_JWT_SECRET: JWT_SECRET,
    AUTH_JWT_AUDIENCES: 'api://odata',
    CONNECTOR_OAUTH_CLIENT_ID: '00000000-0000-0000-0000-00000000c0de',
    CONNECTOR_OAUTH_TENANT: 'contoso.example',
  },
  publicUrl: { PUBLIC_URL: 'https://data.example.com', ODATA_BASE_PATH: '/v1/odata' },
  anonymous: { DATABASE_URL: 'postgres://db.example/odata', AUTH_ANONYMOUS: 'allow' },
} as const satisfies Record<string, Record<string, string>>;

type ConfigName = keyof typeof configs;

function schemaErrors(document: SwaggerDocument): readonly string[] {
  const ajv = new ajvDraft04.default({ strict: false, allErrors: true });
  // The schema checks URLs (uri), e-mail addresses and patterns (regex) by format.
  ajvFormats.default(ajv);
  const validate = ajv.compile(loadPowerPlatformSchema('apiDefinition.swagger.schema.json'));
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`);
}

interface Located<T> {
  readonly where: string;
  readonly value: T;
}

function operationsOf(document: SwaggerDocument) {
  return Object.entries(document.paths).flatMap(([route, item]) =>
    Object.entries(item).map(([method, operation]) => ({ route, method, operation: operation as NonNullable<typeof operation> })),
  );
}

/** Every object in the document under `key`, with where it sits. */
function findAll(value: unknown, key: string, where = '#'): Located<unknown>[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, child]) => [
    ...(name === key ? [{ where: `${where}/${name}`, value: child }] : []),
    ...findAll(child, key, `${where}/${name}`),
  ]);
}

/** Every property schema of every schema in the document (definitions, bodies, responses), nested ones too. */
function schemaProperties(document: SwaggerDocument): Located<Record<string, unknown>>[] {
  return findAll(document, 'properties').flatMap(({ where, value }) =>
    Object.entries(value as Record<string, Record<string, unknown>>).map(([name, schema]) => ({ where: `${where}/${name}`, value: schema })),
  );
}

function resolve<T>(document: SwaggerDocument, value: T | { readonly $ref: string }): T {
  if (typeof value !== 'object' || value === null || !('$ref' in value)) return value;
  const [, section, name] = value.$ref.split('/');
  return (document as unknown as Record<string, Record<string, T>>)[section as string]?.[name as string] as T;
}

describe.each(testBackends)('connector definition of the test model on %s', (backend) => {
  let model: EdmModel;
  const build = (name: ConfigName, extra: Record<string, string> = {}, of: EdmModel = model): SwaggerDocument =>
    buildConnector(of, loadConfig({ ...configs[name], ...extra }));

  beforeAll(async () => {
    const opened = await openTestDatabase(backend);
    try {
      const catalog = await introspect(opened.database.knex, ['public', 'fixtures']);
      model = buildModel(catalog, { namespace: loadConfig({}).namespace, config: emptyModelConfig }).model;
    } finally {
      await opened.close();
    }
  });

  describe.each(Object.keys(configs) as ConfigName[])('with the %s configuration', (name) => {
    it('validates against the Power Platform Swagger schema', () => {
      expect(schemaErrors(build(name))).toEqual([]);
    });

    it('passes swagger-parser validation', async () => {
      await expect(SwaggerParser.validate(structuredClone(build(name)) as never)).resolves.toBeDefined();
    });
  });

  it('equals the golden file for the default configuration', async () => {
    await expectGolden('swagger.json', `${JSON.stringify(build('default'), null, 2)}\n`);
  });

  describe('string rules', () => {
    let document: SwaggerDocument;
    let operations: ReturnType<typeof operationsOf>;
    beforeAll(() => {
      document = build('default');
      operations = operationsOf(document);
    });

    // The generator writes the words of set, type and property names in lower case (`List order
    // lines`), so a sentence-case summary has an upper-case letter first and none after it.
    it('writes every summary in sentence case', () => {
      expect(operations.filter(({ operation }) => !/^\p{Lu}\P{Lu}*$/u.test(operation.summary)).map(({ operation }) => operation.summary)).toEqual([]);
    });

    it('keeps every summary within 80 characters', () => {
      expect(operations.filter(({ operation }) => operation.summary.length > 80).map(({ operation }) => operation.summary)).toEqual([]);
    });

    it('ends no summary with punctuation or space', () => {
      expect(operations.filter(({ operation }) => /[\p{P}\s]$/u.test(operation.summary)).map(({ operation }) => operation.summary)).toEqual([]);
    });

    it('ends every description with a period', () => {
      expect(operations.filter(({ operation }) => !operation.description.endsWith('.')).map(({ operation }) => operation.description)).toEqual([]);
    });

    it('gives every operation a description that says more than its summary', () => {
      const same = operations.filter(({ operation }) => operation.description.replace(/\.$/, '').toLowerCase() === operation.summary.toLowerCase());
      expect(same.map(({ operation }) => operation.operationId)).toEqual([]);
    });

    it('names operations in PascalCase', () => {
      expect(operations.map(({ operation }) => operation.operationId).filter((id) => !/^\p{Lu}[\p{L}\p{N}]*$/u.test(id))).toEqual([]);
    });

    it('names every operation differently', () => {
      const ids = operations.map(({ operation }) => operation.operationId);
      expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    });

    it('gives every operation a visibility', () => {
      const invalid = operations.filter(({ operation }) => !['important', 'advanced', 'internal'].includes(operation['x-ms-visibility']));
      expect(invalid.map(({ operation }) => operation.operationId)).toEqual([]);
    });

    it('gives every parameter a title', () => {
      const parameters = [
        ...Object.entries(document.parameters).map(([name, value]) => ({ where: `#/parameters/${name}`, value })),
        ...operations.flatMap(({ operation }) => operation.parameters.map((value, index) => ({ where: `${operation.operationId}/${index}`, value }))),
      ].filter(({ value }) => !('$ref' in value));
      expect(parameters.length).toBeGreaterThan(operations.length);
      expect(parameters.filter(({ value }) => !(typeof (value as Record<string, unknown>)['x-ms-summary'] === 'string')).map(({ where }) => where)).toEqual([]);
    });

    it('gives every schema property a title', () => {
      const properties = schemaProperties(document);
      expect(properties.length).toBeGreaterThan(model.entitySets.length);
      expect(properties.filter(({ value }) => typeof value['x-ms-summary'] !== 'string').map(({ where }) => where)).toEqual([]);
    });

    it('pages every list with @odata.nextLink', () => {
      const lists = operations.filter(({ route, method }) => method === 'get' && /^\/[^/(]+$/.test(route));
      expect(lists.map(({ route }) => route)).toEqual(expect.arrayContaining(['/{entitySet}', ...model.entitySets.map((set) => `/${set.name}`)]));
      expect(lists.filter(({ operation }) => operation['x-ms-pageable']?.nextLinkName !== '@odata.nextLink').map(({ route }) => route)).toEqual([]);
    });

    it('names the website, privacy policy and categories in the connector metadata', () => {
      const metadata = new Map(document['x-ms-connector-metadata'].map((entry) => [entry.propertyName, entry.propertyValue]));
      expect([...metadata.keys()].sort()).toEqual(['Categories', 'Privacy policy', 'Website']);
      expect([...metadata.values()].every((value) => value.length > 0)).toBe(true);
    });

    it('tests the connection with an operation of the definition', () => {
      const id = document['x-ms-capabilities'].testConnection.operationId;
      expect(operations.some(({ operation }) => operation.operationId === id)).toBe(true);
    });

    it('takes dynamic values and schemas from operations of the definition', () => {
      const ids = new Set(operations.map(({ operation }) => operation.operationId));
      const dynamic = [...findAll(document, 'x-ms-dynamic-values'), ...findAll(document, 'x-ms-dynamic-schema')];
      expect(dynamic.some(({ where }) => where.endsWith('x-ms-dynamic-values'))).toBe(true);
      expect(dynamic.some(({ where }) => where.endsWith('x-ms-dynamic-schema'))).toBe(true);
      expect(dynamic.filter(({ value }) => !ids.has((value as { operationId: string }).operationId)).map(({ where }) => where)).toEqual([]);
    });

    it('answers every 4xx and 5xx with the OData error schema', () => {
      const errors = operations.flatMap(({ operation }) =>
        Object.entries(operation.responses)
          .filter(([status]) => /^[45]\d\d$/.test(status))
          .map(([status, response]) => ({ where: `${operation.operationId} ${status}`, response: resolve(document, response) })),
      );
      expect(errors.length).toBeGreaterThan(operations.length);
      expect(errors.filter(({ response }) => response?.schema?.$ref !== '#/definitions/ODataError').map(({ where }) => where)).toEqual([]);
    });
  });

  describe('property formats', () => {
    /** The entity definition of each set, found as a client finds it: list → page → value items. */
    function entityDefinitions(document: SwaggerDocument) {
      return model.entitySets.map((set) => {
        const list = document.paths[`/${set.name}`]?.get;
        const page = resolve<SwaggerResponse>(document, list?.responses['200'] as SwaggerResponse);
        const items = resolve<SwaggerSchema>(document, page.schema as SwaggerSchema).properties?.['value']?.items as SwaggerSchema;
        return { set, definition: resolve<SwaggerSchema>(document, items) };
      });
    }

    // A decimal is a number of format double: the format Power Platform knows (property-schema.ts).
    const expected: Readonly<Record<string, { type: string; format?: string }>> = {
      'Edm.Guid': { type: 'string', format: 'uuid' },
      'Edm.Date': { type: 'string', format: 'date' },
      'Edm.DateTimeOffset': { type: 'string', format: 'date-time' },
      'Edm.Decimal': { type: 'number', format: 'double' },
      'Edm.Int32': { type: 'integer', format: 'int32' },
      'Edm.Int64': { type: 'integer', format: 'int64' },
    };

    it.each(Object.entries(expected))('writes %s as %o, the element of a list too', (edmType, schema) => {
      const found = entityDefinitions(build('default')).flatMap(({ set, definition }) =>
        set.entityType.properties
          .filter((property) => property.type.kind === 'primitive' && property.type.name === edmType)
          .map((property) => {
            const written = definition.properties?.[property.name];
            const scalar = property.collection ? written?.items : written;
            return { where: `${set.name}/${property.name}`, type: scalar?.type, format: scalar?.format };
          }),
      );
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(found.map(({ where }) => ({ where, ...schema })));
    });

    it('marks exactly the nullable properties with x-nullable', () => {
      const found = entityDefinitions(build('default')).flatMap(({ set, definition }) =>
        set.entityType.properties.map((property) => ({
          where: `${set.name}/${property.name}`,
          nullable: property.nullable,
          written: definition.properties?.[property.name]?.['x-nullable'] === true,
        })),
      );
      expect(found.some(({ nullable }) => nullable) && found.some(({ nullable }) => !nullable)).toBe(true);
      expect(found.filter(({ nullable, written }) => nullable !== written)).toEqual([]);
    });
  });

  describe('security', () => {
    it('signs in with an API key in the configured header', () => {
      const document = build('apiKey');
      expect(Object.values(document.securityDefinitions)).toEqual([expect.objectContaining({ type: 'apiKey', in: 'header' })]);
      // Header names are case-insensitive; the configuration keeps them in lower case.
      expect(Object.values(document.securityDefinitions).map((scheme) => scheme.type === 'apiKey' && scheme.name.toLowerCase())).toEqual([API_KEY_HEADER.toLowerCase()]);
      expect(document.security).toEqual([{ [Object.keys(document.securityDefinitions)[0] as string]: [] }]);
    });

    it("signs in with the embedded demo's API keys by default, in the default header", () => {
      const document = build('default');
      expect(Object.values(document.securityDefinitions)).toEqual([expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' })]);
    });

    it('asks for no sign-in when the service lets anonymous callers in and has no credentials', () => {
      const document = build('anonymous');
      expect({ securityDefinitions: document.securityDefinitions, security: document.security }).toEqual({ securityDefinitions: {}, security: [] });
    });

    it('signs in with Entra ID through the accessCode flow of the configured tenant', () => {
      const document = build('oauth2');
      expect(Object.values(document.securityDefinitions)).toEqual([
        expect.objectContaining({
          type: 'oauth2',
          flow: 'accessCode',
          authorizationUrl: expect.stringContaining('/contoso.example/') as unknown,
          tokenUrl: expect.stringContaining('/contoso.example/') as unknown,
        }),
      ]);
      expect(document.security).toEqual([{ [Object.keys(document.securityDefinitions)[0] as string]: [] }]);
    });

    it('takes host, scheme and base path from PUBLIC_URL and ODATA_BASE_PATH', () => {
      const document = build('publicUrl');
      expect({ host: document.host, schemes: document.schemes, basePath: document.basePath }).toEqual({ host: 'data.example.com', schemes: ['https'], basePath: '/v1/odata' });
    });
  });

  describe('limits', () => {
    /** The model with `copies` more copies of each of its sets, under new names. */
    function enlarged(copies: number): EdmModel {
      const extra = Array.from({ length: copies }, (_, n) => model.entitySets.map((set) => ({ ...set, name: `${set.name}Copy${n + 1}` }))).flat();
      return { ...model, entitySets: [...model.entitySets, ...extra] };
    }

    it('refuses a model over 256 operations, naming CONNECTOR_ENTITY_SETS', () => {
      const perCopy = operationsOf(build('default')).length;
      const large = enlarged(Math.ceil(256 / perCopy));
      expect(() => build('default', {}, large)).toThrow(ConnectorDefinitionError);
      expect(() => build('default', {}, large)).toThrow(/CONNECTOR_ENTITY_SETS/);
    });

    it('describes only the sets CONNECTOR_ENTITY_SETS names', () => {
      const large = enlarged(Math.ceil(256 / operationsOf(build('default')).length));
      const chosen = ['Products', 'OrderLinesCopy2'];
      const document = build('default', { CONNECTOR_ENTITY_SETS: chosen.join(',') }, large);
      const tagged = new Set(operationsOf(document).flatMap(({ operation }) => operation.tags));
      expect([...tagged].sort()).toEqual(['Tables', ...chosen].sort());
      const ofChosen = (route: string): boolean => chosen.some((set) => route === `/${set}` || route.startsWith(`/${set}(`) || route === `/$connector/changes/${set}`);
      expect(Object.keys(document.paths).filter((route) => !ofChosen(route) && !route.includes('{entitySet}') && route !== '/')).toEqual([]);
      expect(chosen.every((set) => document.paths[`/${set}`]?.get !== undefined)).toBe(true);
    });

    it('refuses CONNECTOR_ENTITY_SETS naming a set the model lacks', () => {
      expect(() => build('default', { CONNECTOR_ENTITY_SETS: 'Products,Nowhere' })).toThrow(ConnectorDefinitionError);
      expect(() => build('default', { CONNECTOR_ENTITY_SETS: 'Products,Nowhere' })).toThrow(/Nowhere/);
    });
  });
  it('a tracked set has a polling trigger over its changes; a set without tracking has none', () => {
    const document = build('default');
    const trigger = document.paths['/$connector/changes/Products']?.get;
    expect(trigger).toMatchObject({
      operationId: 'OnProductsChanged',
      summary: 'When products are added, changed or deleted',
      'x-ms-trigger': 'batch',
      'x-ms-trigger-metadata': { kind: 'query', mode: 'polling' },
      parameters: [{ $ref: '#/parameters/filter' }, { $ref: '#/parameters/select' }],
    });
    expect(Object.keys(trigger?.responses ?? {})).toEqual(expect.arrayContaining(['200', '202']));
    expect(document.definitions['ProductChanges']?.properties?.['value']).toMatchObject({ type: 'array', items: { $ref: '#/definitions/ProductChange' } });
    expect(Object.keys(document.definitions['ProductChange']?.properties ?? {})).toEqual(expect.arrayContaining(['@id', '@removed', 'sku', 'price']));
    const triggers = operationsOf(document).filter(({ operation }) => operation['x-ms-trigger'] !== undefined);
    expect(triggers.map(({ operation }) => operation.tags[0])).toEqual(['Products']);
  });
});
