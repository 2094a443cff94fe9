import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.js';

describe('loadConfig', () => {
  it('has defaults that run the embedded demo', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      database: { kind: 'embedded', dataDir: '.data/pglite' },
      schemas: ['public'],
      basePath: '/odata',
      defaultPageSize: 1000,
      maxPageSize: 5000,
      migrateOnStart: true,
      seedOnStart: true,
      databaseQueueMax: 1000,
      databaseAcquireTimeoutMs: 5000,
      databasePrepare: true,
      compiledReadCacheSize: 500,
    });
  });

  it('reads the size of the compiled read cache, 0 turning it off', () => {
    expect(loadConfig({ COMPILED_READ_CACHE_SIZE: '0' }).compiledReadCacheSize).toBe(0);
    expect(loadConfig({ COMPILED_READ_CACHE_SIZE: '2000' }).compiledReadCacheSize).toBe(2000);
    expect(() => loadConfig({ COMPILED_READ_CACHE_SIZE: '-1' })).toThrow(/COMPILED_READ_CACHE_SIZE/);
  });

  it('reads the connection wait bounds and whether to prepare statements', () => {
    const config = loadConfig({ DATABASE_QUEUE_MAX: '50', DATABASE_ACQUIRE_TIMEOUT_MS: '250', DATABASE_PREPARE: 'false' });
    expect(config).toMatchObject({ databaseQueueMax: 50, databaseAcquireTimeoutMs: 250, databasePrepare: false });
  });

  it('uses a server for DATABASE_URL and does not migrate it unless asked', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/x' });
    expect(config.database).toEqual({ kind: 'server', url: 'postgres://u:p@db:5432/x', poolMax: 10 });
    expect(config.migrateOnStart).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x', MIGRATE_ON_START: 'true' }).migrateOnStart).toBe(true);
  });

  it('reads lists, paths and the in-memory database', () => {
    const config = loadConfig({ DB_SCHEMAS: 'public, sales', ODATA_BASE_PATH: '/api/odata/', EMBEDDED_DATA_DIR: 'memory://' });
    expect(config.schemas).toEqual(['public', 'sales']);
    expect(config.basePath).toBe('/api/odata');
    expect(config.database).toEqual({ kind: 'embedded', dataDir: null });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://db/x'],
    ['ODATA_BASE_PATH', 'odata'],
    ['LOG_LEVEL', 'loud'],
    ['MAX_PAGE_SIZE', '0'],
    ['MIGRATE_ON_START', 'maybe'],
    ['DATABASE_PREPARE', 'sometimes'],
    ['DATABASE_QUEUE_MAX', '0'],
    ['DATABASE_ACQUIRE_TIMEOUT_MS', '-1'],
    ['ODATA_NAMESPACE', 'not valid'],
    ['PUBLIC_URL', 'not a url'],
  ])('stops on a bad %s with one line naming it', (name, value) => {
    try {
      loadConfig({ [name]: value });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(name);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('rejects a default page size above the maximum', () => {
    expect(() => loadConfig({ DEFAULT_PAGE_SIZE: '10', MAX_PAGE_SIZE: '5' })).toThrow(/DEFAULT_PAGE_SIZE/);
  });
});

describe('loadConfig: the connector', () => {
  const jwt = { DATABASE_URL: 'postgres://localhost/db', AUTH_JWT_SECRET: 's'.repeat(32), AUTH_JWT_AUDIENCES: 'api://catalog,api://other' };
  const keys = { DATABASE_URL: 'postgres://localhost/db', AUTH_API_KEYS: '[]', AUTH_API_KEY_HEADER: 'X-Catalog-Key' };

  it('signs in with the demo keys on the embedded demo, and has Power Platform metadata by default', () => {
    expect(loadConfig({}).connector).toEqual({
      title: 'OData Facade',
      description: undefined,
      publisher: 'OData Facade',
      website: undefined,
      privacyUrl: undefined,
      categories: ['Data', 'IT Operations'],
      brandColor: '#0F6CBD',
      entitySets: null,
      auth: { kind: 'apiKey', header: 'x-api-key' },
      pollSeconds: 60,
    });
  });

  it('signs in the way the service accepts callers: API keys in their header, else Entra ID for tokens, else nothing', () => {
    expect(loadConfig(keys).connector.auth).toEqual({ kind: 'apiKey', header: 'x-catalog-key' });
    expect(loadConfig({ ...jwt, CONNECTOR_OAUTH_CLIENT_ID: 'client-1' }).connector.auth).toEqual({
      kind: 'oauth2',
      clientId: 'client-1',
      tenant: 'common',
      resource: 'api://catalog',
      scopes: [],
    });
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/db', AUTH_ANONYMOUS: 'allow' }).connector.auth).toEqual({ kind: 'none' });
  });

  it('takes CONNECTOR_AUTH to pick one when both are configured, and the Entra ID tenant, resource and scopes', () => {
    const both = { ...keys, ...jwt, CONNECTOR_OAUTH_CLIENT_ID: 'client-1' };
    expect(loadConfig(both).connector.auth.kind).toBe('apiKey');
    expect(
      loadConfig({ ...both, CONNECTOR_AUTH: 'oauth2', CONNECTOR_OAUTH_TENANT: 'contoso.onmicrosoft.com', CONNECTOR_OAUTH_RESOURCE: 'api://x', CONNECTOR_OAUTH_SCOPES: 'Catalog.Read, Catalog.Write' })
        .connector.auth,
    ).toEqual({ kind: 'oauth2', clientId: 'client-1', tenant: 'contoso.onmicrosoft.com', resource: 'api://x', scopes: ['Catalog.Read', 'Catalog.Write'] });
  });

  it('refuses a sign-in the service does not accept, or Entra ID without its client id or resource', () => {
    expect(() => loadConfig({ ...jwt, CONNECTOR_AUTH: 'apiKey' })).toThrow(/^Invalid environment variable CONNECTOR_AUTH: apiKey needs API keys/);
    expect(() => loadConfig({ ...keys, CONNECTOR_AUTH: 'oauth2' })).toThrow(/^Invalid environment variable CONNECTOR_AUTH: oauth2 needs tokens/);
    expect(() => loadConfig(jwt)).toThrow(/^Invalid environment variable CONNECTOR_OAUTH_CLIENT_ID/);
    const { AUTH_JWT_AUDIENCES: _audiences, ...noAudience } = jwt;
    expect(() => loadConfig({ ...noAudience, CONNECTOR_OAUTH_CLIENT_ID: 'client-1' })).toThrow(/^Invalid environment variable CONNECTOR_OAUTH_RESOURCE/);
  });

  it("keeps to Power Platform's rules for the title, description, categories and colour", () => {
    expect(() => loadConfig({ CONNECTOR_TITLE: 'Catalog API' })).toThrow(/CONNECTOR_TITLE: must not contain the words API or Connector/);
    expect(() => loadConfig({ CONNECTOR_TITLE: 'Catalog connector' })).toThrow(/CONNECTOR_TITLE/);
    expect(loadConfig({ CONNECTOR_TITLE: 'Rapid catalog' }).connector.title).toBe('Rapid catalog');
    expect(() => loadConfig({ CONNECTOR_TITLE: 'x'.repeat(31) })).toThrow(/CONNECTOR_TITLE/);
    expect(() => loadConfig({ CONNECTOR_DESCRIPTION: 'Too short.' })).toThrow(/CONNECTOR_DESCRIPTION/);
    expect(() => loadConfig({ CONNECTOR_CATEGORIES: 'Data,Gardening' })).toThrow(/CONNECTOR_CATEGORIES/);
    expect(loadConfig({ CONNECTOR_CATEGORIES: 'Sales and CRM, Data' }).connector.categories).toEqual(['Sales and CRM', 'Data']);
    expect(() => loadConfig({ CONNECTOR_BRAND_COLOR: '#FFFFFF' })).toThrow(/CONNECTOR_BRAND_COLOR: must not be white/);
    expect(() => loadConfig({ CONNECTOR_BRAND_COLOR: 'blue' })).toThrow(/CONNECTOR_BRAND_COLOR/);
  });

  it('reads the sets to describe, in order', () => {
    expect(loadConfig({ CONNECTOR_ENTITY_SETS: 'Products, Categories' }).connector.entitySets).toEqual(['Products', 'Categories']);
  });

  it('polls every 60 seconds unless told otherwise, within a day', () => {
    expect(loadConfig({}).connector.pollSeconds).toBe(60);
    expect(loadConfig({ CONNECTOR_POLL_SECONDS: '15' }).connector.pollSeconds).toBe(15);
    expect(() => loadConfig({ CONNECTOR_POLL_SECONDS: '0' })).toThrow(/CONNECTOR_POLL_SECONDS/);
    expect(() => loadConfig({ CONNECTOR_POLL_SECONDS: '86401' })).toThrow(/CONNECTOR_POLL_SECONDS/);
  });
});

describe('loadConfig: change tracking', () => {
  it('keeps delta links for 7 days unless told otherwise', () => {
    expect(loadConfig({}).changeTrackingRetentionDays).toBe(7);
    expect(loadConfig({ CHANGE_TRACKING_RETENTION_DAYS: '30' }).changeTrackingRetentionDays).toBe(30);
    expect(() => loadConfig({ CHANGE_TRACKING_RETENTION_DAYS: 'week' })).toThrow(/CHANGE_TRACKING_RETENTION_DAYS/);
  });
});

describe('loadConfig: the Dataverse service root', () => {
  it('serves it at /dataverse by default, at another path, or not at all', () => {
    expect(loadConfig({}).dataverseBasePath).toBe('/dataverse');
    expect(loadConfig({ DATAVERSE_BASE_PATH: '/dv/' }).dataverseBasePath).toBe('/dv');
    expect(loadConfig({ DATAVERSE_BASE_PATH: 'off' }).dataverseBasePath).toBeNull();
  });

  it('refuses the OData base path or the root for it', () => {
    expect(() => loadConfig({ DATAVERSE_BASE_PATH: '/odata' })).toThrow(/^Invalid environment variable DATAVERSE_BASE_PATH/);
    expect(() => loadConfig({ DATAVERSE_BASE_PATH: '/' })).toThrow(/^Invalid environment variable DATAVERSE_BASE_PATH/);
    expect(() => loadConfig({ DATAVERSE_BASE_PATH: 'dataverse' })).toThrow(/^Invalid environment variable DATAVERSE_BASE_PATH/);
  });
});
