import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrateLatest } from '../../src/db/migrate.js';
import { loadServiceModel } from '../../src/load-service-model.js';
import type { EdmModel } from '../../src/model/edm-model.js';
import { buildApiProperties } from '../../src/openapi/build-api-properties.js';
import { buildConnector } from '../../src/openapi/build-connector.js';
import { connectorFiles } from '../../src/openapi/connector-files.js';
import type { SwaggerOperation } from '../../src/openapi/swagger-document.js';
import { loadPowerPlatformSchema } from '../support/powerplatform-schemas.js';
import { runCli } from '../support/run-cli.js';

/**
 * The committed `openapi/` files are what `npm run connector` writes for the demo database that
 * `npm start` serves; `apiProperties.json` is valid for paconn and matches the definition's security.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** paconn's schema of apiProperties.json (draft-07). */
function apiPropertiesValidator(): (value: unknown) => readonly string[] {
  const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(loadPowerPlatformSchema('paconn-apiProperties.schema.json'));
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`));
}

const demoEnv = { EMBEDDED_DATA_DIR: 'memory://', LOG_LEVEL: 'silent' };

function operations(document: ReturnType<typeof buildConnector>): SwaggerOperation[] {
  return Object.values(document.paths).flatMap((item) => Object.values(item) as SwaggerOperation[]);
}

describe('connector files', { timeout: 120_000 }, () => {
  let database: Database;
  let model: EdmModel;
  let demo: Config;
  const validateApiProperties = apiPropertiesValidator();

  beforeAll(async () => {
    demo = loadConfig(demoEnv);
    database = openDatabase(demo.database);
    await migrateLatest(database.knex);
    ({ model } = await loadServiceModel(database.knex, demo));
  });
  afterAll(async () => database.close());

  it('committed in openapi/ are those the demo database gives: run "npm run connector" after a change to the model or the generator', async () => {
    for (const file of connectorFiles(model, demo)) {
      const committed = await readFile(path.join(ROOT, 'openapi', file.name), 'utf8');
      expect(committed, `openapi/${file.name} is stale: run "npm run connector"`).toBe(file.text);
    }
  });

  it.each([
    ['the demo (API keys, host per connection)', demoEnv],
    ['a fixed PUBLIC_URL', { ...demoEnv, PUBLIC_URL: 'https://data.example.com' }],
    ['Entra ID sign-in', { ...demoEnv, AUTH_JWT_SECRET: 'x'.repeat(32), AUTH_JWT_AUDIENCES: 'api://catalog', CONNECTOR_OAUTH_CLIENT_ID: '11111111-2222-3333-4444-555555555555' }],
    ['no sign-in', { ...demoEnv, CONNECTOR_AUTH: 'none' }],
  ])('apiProperties.json for %s is valid for paconn and asks for what the security definition needs', (_name, env) => {
    const config = loadConfig(env);
    const document = buildConnector(model, config);
    const properties = buildApiProperties(document, config) as { properties: Record<string, unknown> };
    expect(validateApiProperties(properties)).toEqual([]);
    const parameters = properties.properties['connectionParameters'] as Record<string, { type: string; oAuthSettings?: Record<string, unknown> }>;
    const security = Object.values(document.securityDefinitions);
    expect(security.length).toBeLessThanOrEqual(1);
    const expected: Record<string, string> = {};
    if (config.publicUrl === undefined) expected['serviceUrl'] = 'string';
    if (security[0]?.type === 'apiKey') expected['api_key'] = 'securestring';
    if (security[0]?.type === 'oauth2') expected['token'] = 'oauthSetting';
    expect(Object.fromEntries(Object.entries(parameters).map(([name, parameter]) => [name, parameter.type]))).toEqual(expected);
    if (config.connector.auth.kind === 'oauth2') {
      expect(parameters['token']?.oAuthSettings).toMatchObject({ identityProvider: 'aad', clientId: config.connector.auth.clientId, customParameters: { resourceUri: { value: 'api://catalog' } } });
    }
  });

  it('apiProperties.json routes the next link of every pageable operation, and the host of each connection when PUBLIC_URL is unset', () => {
    for (const [env, dynamicHost] of [[demoEnv, true], [{ ...demoEnv, PUBLIC_URL: 'https://data.example.com' }, false]] as const) {
      const config = loadConfig(env);
      const document = buildConnector(model, config);
      const policies = (buildApiProperties(document, config) as { properties: { policyTemplateInstances: { templateId: string; parameters: Record<string, unknown> }[] } }).properties.policyTemplateInstances;
      const pageable = operations(document).filter((operation) => operation['x-ms-pageable'] !== undefined).map((operation) => operation.operationId);
      expect(pageable.length).toBeGreaterThan(0);
      const nextLink = policies.find((policy) => policy.templateId === 'updatenextlink');
      expect(nextLink?.parameters).toEqual({ 'x-ms-apimTemplate-operationName': pageable, 'x-ms-apimTemplateParameter.nextLinkPropertyName': '@odata.nextLink' });
      const host = policies.find((policy) => policy.templateId === 'dynamichosturl');
      expect(host === undefined ? undefined : host.parameters['x-ms-apimTemplateParameter.urlTemplate']).toBe(dynamicHost ? "@connectionParameters('serviceUrl')" : undefined);
      expect(document.host).toBe(dynamicHost ? 'localhost:8080' : 'data.example.com');
      expect(document.schemes).toEqual([dynamicHost ? 'http' : 'https']);
    }
  });

  it('the README names every operation with its request and how to create the connector', () => {
    const [definition, , readme] = connectorFiles(model, demo);
    const document = JSON.parse(definition?.text ?? '{}') as ReturnType<typeof buildConnector>;
    const text = readme?.text ?? '';
    for (const [route, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item) as [string, SwaggerOperation][]) {
        expect(text).toContain(`| ${operation.operationId} | \`${method.toUpperCase()} /odata${route}\` |`);
      }
    }
    expect(text).toContain('paconn create --api-def openapi/apiDefinition.swagger.json --api-prop openapi/apiProperties.json');
  });
});

describe('cli connector', { timeout: 120_000, concurrent: true }, () => {
  it('writes the three files to --out, and --check passes on them and fails naming a changed one', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'connector-'));
    try {
      const env = { EMBEDDED_DATA_DIR: 'memory://' };
      const written = await runCli(['connector', '--out', out], env);
      expect(written.stderr).toBe('');
      expect(written.code).toBe(0);
      for (const name of ['apiDefinition.swagger.json', 'apiProperties.json', 'README.md']) expect(written.stdout).toContain(path.join(out, name));
      const definition = JSON.parse(await readFile(path.join(out, 'apiDefinition.swagger.json'), 'utf8')) as { swagger: string };
      expect(definition.swagger).toBe('2.0');
      expect((await runCli(['connector', '--out', out, '--check'], env)).code).toBe(0);
      await writeFile(path.join(out, 'apiProperties.json'), '{}\n');
      const stale = await runCli(['connector', '--out', out, '--check'], env);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toContain(path.join(out, 'apiProperties.json'));
      expect(stale.stderr).not.toContain('apiDefinition.swagger.json');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('fails with a clear message when the configured sets are not in the model, and writes nothing', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'connector-'));
    try {
      const run = await runCli(['connector', '--out', out], { EMBEDDED_DATA_DIR: 'memory://', CONNECTOR_ENTITY_SETS: 'Products,Invoices' });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/CONNECTOR_ENTITY_SETS names entity sets the service does not have: Invoices/);
      await expect(readFile(path.join(out, 'apiProperties.json'), 'utf8')).rejects.toThrow();
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('answers a bad option with its usage', async () => {
    const run = await runCli(['connector', '--out']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^connector: /);
  });
});
