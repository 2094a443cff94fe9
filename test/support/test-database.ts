import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { openDatabase, PGLITE_EXTENSIONS, type Database } from '../../src/db/database.js';
import type { TestDatabaseSources } from '../global-setup.js';

export type TestBackend = 'pglite' | 'postgres';

/** Every backend the suite runs on: `describe.each(testBackends)(…)`. */
export const testBackends: readonly TestBackend[] = ['pglite', 'postgres'];

/** A private copy of the prepared test database (migrations, 1,000 demo rows, test/fixtures/*.sql). */
export interface TestDatabase {
  readonly database: Database;
  /**
   * The configuration that describes it. For pglite the data lives only in `database` (an
   * in-memory instance loaded from the prepared dump): hand `database` to the code under test.
   */
  readonly databaseConfig: Config['database'];
  /** Closes the connections and discards the copy (drops the server database). */
  close(): Promise<void>;
}

const POOL_MAX = 4;

function source<K extends TestBackend>(backend: K): Exclude<TestDatabaseSources[K], { error: string }> {
  const sources = inject('testDatabases');
  if (sources === undefined) throw new Error('no test databases were provided: run the tests through vitest.config.ts (globalSetup)');
  const found = sources[backend];
  if ('error' in found) throw new Error(found.error);
  return found as Exclude<TestDatabaseSources[K], { error: string }>;
}

async function withAdmin(baseUrl: string, work: (admin: Database) => Promise<void>): Promise<void> {
  const admin = openDatabase({ kind: 'server', url: baseUrl, poolMax: 1 });
  try {
    await work(admin);
  } finally {
    await admin.close();
  }
}

async function openPostgresCopy(): Promise<TestDatabase> {
  const { baseUrl, templateDatabase } = source('postgres');
  const name = `odata_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(baseUrl, async (admin) => {
    await admin.knex.raw('create database ?? template ??', [name, templateDatabase]);
  });
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const databaseConfig: Config['database'] = { kind: 'server', url: url.href, poolMax: POOL_MAX };
  // As the service opens its pool: a statement sent alone is a read-only transaction.
  const database = openDatabase(databaseConfig, { readOnly: true });
  return {
    database,
    databaseConfig,
    close: async () => {
      await database.close();
      await withAdmin(baseUrl, async (admin) => {
        await admin.knex.raw('drop database if exists ?? with (force)', [name]);
      });
    },
  };
}

/** A new, empty database on the test cluster (for code that opens its own pool); `drop` removes it. */
export async function createEmptyPostgresDatabase(): Promise<{ readonly url: string; drop(): Promise<void> }> {
  const { baseUrl } = source('postgres');
  const name = `odata_empty_${randomBytes(6).toString('hex')}`;
  await withAdmin(baseUrl, async (admin) => {
    await admin.knex.raw('create database ??', [name]);
  });
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: () =>
      withAdmin(baseUrl, async (admin) => {
        await admin.knex.raw('drop database if exists ?? with (force)', [name]);
      }),
  };
}

async function openPgliteCopy(): Promise<TestDatabase> {
  const { dumpPath } = source('pglite');
  const dump = new Blob([await readFile(dumpPath)], { type: 'application/x-gzip' });
  const pglite = await PGlite.create({ loadDataDir: dump, extensions: PGLITE_EXTENSIONS });
  const databaseConfig: Config['database'] = { kind: 'embedded', dataDir: null };
  const database = openDatabase(databaseConfig, {}, pglite);
  return {
    database,
    databaseConfig,
    close: async () => {
      await database.close();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** Opens a private copy of the test database on `backend`; call it in `beforeAll`, close it in `afterAll`. */
export async function openTestDatabase(backend: TestBackend): Promise<TestDatabase> {
  return backend === 'postgres' ? openPostgresCopy() : openPgliteCopy();
}
