import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/auth/api-keys.js';
import { DEMO_KEYS } from '../../src/auth/demo-keys.js';
import { loadConfig } from '../../src/config/config.js';
import { loadServiceModel } from '../../src/load-service-model.js';
import type { EdmModel } from '../../src/model/edm-model.js';
import { findEntitySet } from '../../src/model/find-in-model.js';
import { buildConnector } from '../../src/openapi/build-connector.js';
import type { SwaggerDocument } from '../../src/openapi/swagger-document.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends, type TestBackend } from '../support/test-database.js';

interface ErrorBody {
  error: { code: string; message: string; target?: string };
}

interface SchemaBody {
  schema: { required?: string[]; properties: Record<string, unknown> };
}

/** What buildTestApp adds to every environment; AUDIT off keeps the model to the catalog's tables. */
const BASE_ENV = { LOG_LEVEL: 'silent', DB_SCHEMAS: 'public,fixtures', MIGRATE_ON_START: 'false', SEED_ON_START: 'false', AUDIT: 'off' };

const readerKey = generateApiKey();
const categoriesKey = generateApiKey();
const keysEnv = {
  AUDIT: 'off',
  AUTH_API_KEYS: JSON.stringify([
    { id: 'reader-1', hash: readerKey.hash, role: 'catalog_reader', scope: 'read' },
    { id: 'categories-1', hash: categoriesKey.hash, role: 'catalog_reader', scope: 'read', entitySets: ['Categories'] },
  ]),
};
const demoKey = (id: (typeof DEMO_KEYS)[number]['id']): Record<string, string> => ({ 'x-api-key': DEMO_KEYS.find((entry) => entry.id === id)?.key ?? '' });

/** The whole model as the app builds it, read again from the same database. */
async function modelOf(t: TestApp): Promise<EdmModel> {
  return (await loadServiceModel(t.database.knex, loadConfig(BASE_ENV))).model;
}

/** `get /Products` → operation id, for every operation of a Swagger 2.0 or OpenAPI 3 document. */
function operationIds(document: { paths: Record<string, Record<string, { operationId?: string }>> }): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => [`${method} ${path}`, operation.operationId])),
  );
}

describe.each(testBackends)('the connector definition and API page on %s', (backend: TestBackend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend, { AUDIT: 'off' });
  });
  afterAll(async () => t?.close());

  const root = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('serves the Swagger 2.0 connector definition of the whole model', async () => {
    const response = await root('/openapi/connector.json');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const served = response.json<SwaggerDocument>();
    expect(served.swagger).toBe('2.0');
    expect(served).toEqual(JSON.parse(JSON.stringify(buildConnector(await modelOf(t), loadConfig(BASE_ENV)))));
  });

  it('serves the API page over an OpenAPI 3 rendering of the same operations', async () => {
    const page = await root('/docs');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('swagger-ui');
    const asset = await root('/docs/static/swagger-initializer.js');
    expect(asset.statusCode).toBe(200);
    const json = await root('/docs/json');
    expect(json.statusCode).toBe(200);
    const openApi = json.json<{ openapi: string; servers: unknown; paths: Record<string, Record<string, { operationId?: string }>> }>();
    expect(openApi.openapi).toMatch(/^3\.0\./);
    expect(openApi.servers).toEqual([{ url: '/odata' }]);
    const swagger = (await root('/openapi/connector.json')).json<{ paths: Record<string, Record<string, { operationId?: string }>> }>();
    expect(operationIds(openApi)).toEqual(operationIds(swagger));
  });

  describe('the schema route of the dynamic operations', () => {
    const schemaOf = async (path: string, headers: Record<string, string> = {}): Promise<SchemaBody['schema']> => {
      const response = await t.get(path, headers);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      return response.json<SchemaBody>().schema;
    };

    it('gives the create schema of a set: its required properties, without the computed ones', async () => {
      const required = await t.sql<{ name: string }>(
        "select column_name as name from information_schema.columns where table_schema = 'public' and table_name = 'products' " +
          "and is_nullable = 'NO' and column_default is null and is_identity = 'NO' and is_generated = 'NEVER'",
      );
      expect(required.length).toBeGreaterThan(0);
      const products = await schemaOf('$connector/schemas/Products?use=create');
      expect([...(products.required ?? [])].sort()).toEqual(required.map((row) => row.name).sort());
      const computed = await t.sql<{ name: string }>(
        "select column_name as name from information_schema.columns where table_schema = 'public' and table_name = 'categories' " +
          "and (identity_generation = 'ALWAYS' or is_generated = 'ALWAYS')",
      );
      expect(computed.length).toBeGreaterThan(0);
      const categories = await schemaOf('$connector/schemas/Categories?use=create');
      const read = await schemaOf('$connector/schemas/Categories');
      for (const { name } of computed) {
        expect(Object.keys(categories.properties)).not.toContain(name);
        expect(Object.keys(read.properties)).toContain(name);
      }
    });

    it('gives the read schema by default, with the ETag, and the update schema without the key', async () => {
      const read = await schemaOf('$connector/schemas/Products');
      expect(Object.keys(read.properties)[0]).toBe('@odata.etag');
      expect(await schemaOf('$connector/schemas/Products?use=read')).toEqual(read);
      const update = await schemaOf('$connector/schemas/Products?use=update');
      const key = findEntitySet(await modelOf(t), 'Products')?.entityType.key ?? [];
      expect(key.length).toBeGreaterThan(0);
      for (const name of key) {
        expect(Object.keys(read.properties)).toContain(name);
        expect(Object.keys(update.properties)).not.toContain(name);
      }
      expect(update.required).toBeUndefined();
    });

    it('percent-decodes the set name', async () => {
      expect(await schemaOf('$connector/schemas/Product%73')).toEqual(await schemaOf('$connector/schemas/Products'));
    });

    it('answers 404 for a set the service does not have', async () => {
      const response = await t.get('$connector/schemas/Nope');
      expect(response.statusCode).toBe(404);
      expect(response.json<ErrorBody>().error.code).toBe('OF201');
    });

    it('answers 400 on use for an unknown use, and for a write schema of a set that cannot be written', async () => {
      for (const path of ['$connector/schemas/Products?use=delete', '$connector/schemas/Readings?use=create', '$connector/schemas/Readings?use=update']) {
        const response = await t.get(path);
        expect(response.statusCode, path).toBe(400);
        expect(response.json<ErrorBody>().error.target, path).toBe('use');
      }
      expect((await t.get('$connector/schemas/Readings?use=read')).statusCode).toBe(200);
    });

    it('leaves out a column the caller’s role cannot read', async () => {
      const reader = await schemaOf('$connector/schemas/Products', demoKey('demo-reader'));
      const writer = await schemaOf('$connector/schemas/Products', demoKey('demo-writer'));
      expect(Object.keys(writer.properties)).toContain('cost');
      expect(Object.keys(reader.properties)).not.toContain('cost');
      expect(Object.keys(reader.properties)).toContain('sku');
      const create = await schemaOf('$connector/schemas/Products?use=create', demoKey('demo-reader'));
      expect(Object.keys(create.properties)).not.toContain('cost');
    });
  });
});

describe.each(testBackends)('access to the connector documents on %s', (backend: TestBackend) => {
  const paths = ['/openapi/connector.json', '/docs', '/docs/json', '/odata/$connector/schemas/Products'];

  describe('with API keys', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(backend, keysEnv);
    });
    afterAll(async () => t?.close());

    it('answers 401 without a key or with a wrong one, 200 with a valid key', async () => {
      for (const url of paths) {
        const anonymous = await t.app.inject({ method: 'GET', url });
        expect(anonymous.statusCode, url).toBe(401);
        expect(anonymous.json<ErrorBody>().error.code, url).toBe('OF301');
        expect((await t.app.inject({ method: 'GET', url, headers: { 'x-api-key': 'ofk_wrong' } })).statusCode, url).toBe(401);
        expect((await t.app.inject({ method: 'GET', url, headers: { 'x-api-key': readerKey.key } })).statusCode, url).toBe(200);
      }
    });

    it('gives a key limited to some sets the schemas of those sets only', async () => {
      const headers = { 'x-api-key': categoriesKey.key };
      expect((await t.get('$connector/schemas/Categories', headers)).statusCode).toBe(200);
      const other = await t.get('$connector/schemas/Products', headers);
      expect(other.statusCode).toBe(403);
      expect(other.json<ErrorBody>().error.code).toBe('OF302');
    });
  });

  describe('with API keys and public metadata', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(backend, { ...keysEnv, AUTH_PUBLIC_METADATA: 'true' });
    });
    afterAll(async () => t?.close());

    it('answers the documents without credentials, but still checks credentials that are sent', async () => {
      for (const url of paths.slice(0, 3)) {
        expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
        expect((await t.app.inject({ method: 'GET', url, headers: { 'x-api-key': 'ofk_wrong' } })).statusCode, url).toBe(401);
      }
      expect((await t.app.inject({ method: 'GET', url: '/odata/$connector/schemas/Products' })).statusCode).toBe(401);
    });
  });
});

describe.each(testBackends)('a connector definition the configuration cannot build on %s', (backend: TestBackend) => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
        done();
      },
    });
    t = await buildTestApp(backend, { AUDIT: 'off', LOG_LEVEL: 'error', CONNECTOR_ENTITY_SETS: 'Products,Nope' }, logStream);
  });
  afterAll(async () => t?.close());

  it('logs why once at start', () => {
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; err?: { message: string } });
    const unavailable = logged.filter((entry) => entry.msg === 'connector definition unavailable');
    expect(unavailable).toHaveLength(1);
    expect(unavailable[0]?.err?.message).toContain('Nope');
  });

  it('answers 500 with the reason on the documents while the OData service answers', async () => {
    for (const url of ['/openapi/connector.json', '/docs', '/docs/json']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(500);
      const { error } = response.json<ErrorBody>();
      expect(error.code, url).toBe('OF515');
      expect(error.message, url).toContain('CONNECTOR_ENTITY_SETS');
      expect(error.message, url).toContain('Nope');
    }
    expect((await t.get('Products?$top=1')).statusCode).toBe(200);
    expect((await t.get('$connector/schemas/Products')).statusCode).toBe(200);
  });
});
