import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { createEmptyPostgresDatabase } from '../support/test-database.js';

/**
 * The service opening its own pool on a server: its connections are read-only by default (a read is
 * one statement, its own read-only transaction), so migrations and seeding on start use a pool of
 * their own.
 */
describe('the service on an empty server database', () => {
  let empty: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
  let app: FastifyInstance;

  beforeAll(async () => {
    empty = await createEmptyPostgresDatabase();
    app = await buildApp(loadConfig({ DATABASE_URL: empty.url, LOG_LEVEL: 'silent', MIGRATE_ON_START: 'true', SEED_ON_START: 'true', SEED_ROWS: '40', AUTH_ANONYMOUS: 'allow' }));
  });
  afterAll(async () => {
    await app?.close();
    await empty?.drop();
  });

  // Through the read-only service pool, the migrations would fail (SQLSTATE 25006).
  it('migrates and seeds on start, then serves the rows', async () => {
    const response = await app.inject({ method: 'GET', url: '/odata/Products?$count=true&$top=2&$select=sku' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ '@odata.count': number; value: { sku: string }[] }>();
    expect(body['@odata.count']).toBe(40);
    expect(body.value).toHaveLength(2);
  });
});
