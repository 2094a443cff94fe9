import { mkdirSync } from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import ClientPGLite from 'knex-pglite';
import type { Database as DatabaseConfig } from '../config/config.js';

/** A connection pool (a real server through `pg`) or the embedded PGlite database. */
export interface Database {
  readonly kind: DatabaseConfig['kind'];
  readonly knex: Knex;
  close(): Promise<void>;
}

function pgConfig(url: string, poolMax: number): Knex.Config {
  return {
    client: 'pg',
    connection: { connectionString: url, application_name: 'odata-facade' },
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 10000,
  };
}

function pgliteConfig(dataDir: string | null): Knex.Config {
  if (dataDir !== null) mkdirSync(dataDir, { recursive: true });
  return {
    client: ClientPGLite as unknown as Knex.Config['client'],
    connection: { connectionString: dataDir ?? 'memory://' },
  };
}

export function openDatabase(config: DatabaseConfig): Database {
  const knex = knexFactory(config.kind === 'server' ? pgConfig(config.url, config.poolMax) : pgliteConfig(config.dataDir));
  return {
    kind: config.kind,
    knex,
    close: () => knex.destroy(),
  };
}
