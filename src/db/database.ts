import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
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

function pgliteConfig(dataDir: string | null, pglite: PGlite | undefined): Knex.Config {
  if (pglite !== undefined) {
    // knex-pglite's documented way to hand it an existing instance
    return {
      client: ClientPGLite as unknown as Knex.Config['client'],
      connection: (() => ({ pglite })) as Knex.Config['connection'],
    };
  }
  if (dataDir !== null) mkdirSync(dataDir, { recursive: true });
  return {
    client: ClientPGLite as unknown as Knex.Config['client'],
    connection: { connectionString: dataDir ?? 'memory://' },
  };
}

/** knex's own console output (multi-line, with stacks): errors reach callers as rejections instead. */
const silentLog: Knex.Config['log'] = { warn: () => {}, error: () => {}, deprecate: () => {}, debug: () => {} };

/** Opens the configured database; `pglite`, if given, is an already created embedded instance to use instead. */
export function openDatabase(config: DatabaseConfig, pglite?: PGlite): Database {
  const knex = knexFactory({
    ...(config.kind === 'server' ? pgConfig(config.url, config.poolMax) : pgliteConfig(config.dataDir, pglite)),
    log: silentLog,
  });
  return {
    kind: config.kind,
    knex,
    close: () => knex.destroy(),
  };
}
