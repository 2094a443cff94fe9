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
