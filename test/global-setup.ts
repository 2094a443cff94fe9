import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { openDatabase, type Database } from '../src/db/database.js';
import { startPgCluster, type PgCluster } from './support/pg-cluster.js';

/**
 * Where each backend's prepared test database comes from, or why it could not be prepared (the
 * error then fails the tests that open that backend, and only those).
 */
export interface TestDatabaseSources {
  /** A cluster started for this run; `templateDatabase` holds migrations, demo seed and fixtures. */
  readonly postgres: { readonly baseUrl: string; readonly templateDatabase: string } | { readonly error: string };
  /** A PGlite data directory dump (gzipped tar) with the same content. */
  readonly pglite: { readonly dumpPath: string } | { readonly error: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabases: TestDatabaseSources;
  }
}

export const TEMPLATE_DATABASE = 'odata_template';
const SEED_ROWS = 1000;
const FIXTURES_DIR = fileURLToPath(new URL('fixtures/', import.meta.url));
/** Plain multi-statement SQL files, applied in this order when they exist. */
const FIXTURE_FILES = ['schema.sql', 'data.sql', 'roles.sql'] as const;

interface ScriptClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
}

/** Runs a multi-statement script on the driver connection (simple protocol; no `?` rewriting by knex). */
async function runSqlScript(database: Database, sql: string): Promise<void> {
  const client = database.knex.client as unknown as ScriptClient;
  const connection = await client.acquireConnection();
  try {
    if (database.kind === 'embedded') await (connection as PGlite).exec(sql);
    else await (connection as { query(text: string): Promise<unknown> }).query(sql);
  } finally {
    await client.releaseConnection(connection);
  }
}

/** Migrations, the demo seed, then the fixture files: the content every test database starts with. */
async function fillTestDatabase(database: Database): Promise<void> {
  const { migrateLatest } = await import('../src/db/migrate.js');
  const { seedDemo } = await import('../src/db/seed-demo.js');
  await migrateLatest(database.knex);
  await seedDemo(database.knex, { rows: SEED_ROWS });
  for (const file of FIXTURE_FILES) {
    const sql = await readFile(join(FIXTURES_DIR, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (sql === undefined) continue;
    try {
      await runSqlScript(database, sql);
    } catch (error) {
      throw new Error(`test/fixtures/${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}

async function preparePostgres(): Promise<{ cluster: PgCluster; baseUrl: string }> {
  const cluster = await startPgCluster();
  try {
    const admin = openDatabase({ kind: 'server', url: cluster.url, poolMax: 1 });
    try {
      await admin.knex.raw('create database ??', [TEMPLATE_DATABASE]);
    } finally {
      await admin.close();
    }
    const templateUrl = new URL(cluster.url);
    templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
    const template = openDatabase({ kind: 'server', url: templateUrl.href, poolMax: 2 });
    try {
      await fillTestDatabase(template);
    } finally {
      await template.close(); // CREATE DATABASE … TEMPLATE needs the template without sessions
    }
    return { cluster, baseUrl: cluster.url };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

async function preparePglite(tempDir: string): Promise<string> {
  const pglite = await PGlite.create();
  const database = openDatabase({ kind: 'embedded', dataDir: null }, {}, pglite);
  try {
    await fillTestDatabase(database);
    const dump = await pglite.dumpDataDir('gzip');
    const dumpPath = join(tempDir, 'pglite-template.tar.gz');
    await writeFile(dumpPath, Buffer.from(await dump.arrayBuffer()));
    return dumpPath;
  } finally {
    await database.close();
    if (!pglite.closed) await pglite.close();
  }
}

function describeError(backend: string, reason: unknown): string {
  const message = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
  console.error(`[global-setup] the ${backend} test database could not be prepared:\n${message}`);
  return `the ${backend} test database could not be prepared: ${reason instanceof Error ? reason.message : String(reason)}`;
}

/** Starts one PostgreSQL cluster and prepares both backends' test content once per run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const tempDir = await mkdtemp(join(tmpdir(), 'odata-test-'));
  const [postgres, pglite] = await Promise.allSettled([preparePostgres(), preparePglite(tempDir)]);
  project.provide('testDatabases', {
    postgres:
      postgres.status === 'fulfilled'
        ? { baseUrl: postgres.value.baseUrl, templateDatabase: TEMPLATE_DATABASE }
        : { error: describeError('postgres', postgres.reason) },
    pglite: pglite.status === 'fulfilled' ? { dumpPath: pglite.value } : { error: describeError('pglite', pglite.reason) },
  });
  return async () => {
    if (postgres.status === 'fulfilled') await postgres.value.cluster.stop();
    await rm(tempDir, { recursive: true, force: true });
  };
}
