import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import type { Database } from '../../src/db/database.js';
import { openTestDatabase, type TestBackend } from './test-database.js';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly database: Database;
  /** GET a path under the service root (`Products?$top=1`), with optional headers. */
  get(path: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Runs SQL on the same database, for cross-checks. */
  sql<T = Record<string, unknown>>(text: string, bindings?: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** The service over its own copy of the test database (demo data + fixtures) on one backend. */
export async function buildTestApp(
  backend: TestBackend,
  env: Record<string, string> = {},
  logStream?: NodeJS.WritableStream,
): Promise<TestApp> {
  const opened = await openTestDatabase(backend);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DB_SCHEMAS: 'public,fixtures',
    MIGRATE_ON_START: 'false',
    SEED_ON_START: 'false',
    ...env,
  });
  const app = await buildApp(config, { database: opened.database, ...(logStream === undefined ? {} : { logStream }) });
  const base = config.basePath === '/' ? '' : config.basePath;
  return {
    app,
    database: opened.database,
    get: (path, headers = {}) => app.inject({ method: 'GET', url: `${base}/${path}`, headers }),
    sql: async <T>(text: string, bindings: readonly unknown[] = []) =>
      (await opened.database.knex.raw<{ rows: T[] }>(text, [...bindings] as never[])).rows,
    close: async () => {
      await app.close();
      await opened.close();
    },
  };
}
