import { mkdirSync } from 'node:fs';
import { PGlite as PGliteDatabase, type PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import knexFactory, { type Knex } from 'knex';
import ClientPGLite from 'knex-pglite';
import type { Database as DatabaseConfig } from '../config/config.js';

/** How the service's statements run: see `run-in-transaction.ts`. */
export interface SessionOptions {
  /** Cancels a statement running longer; none when absent (migrations and seeding from the CLI). */
  readonly statementTimeoutMs?: number;
  /** Requests waiting for a connection beyond this many get a 503 at once instead of queueing. */
  readonly queueMax?: number;
  /** A request waiting longer than this for a connection gets a 503. */
  readonly acquireTimeoutMs?: number;
  /**
   * Prepare each statement shape once per server connection (default). Off for poolers that do
   * not keep prepared statements across transactions (PgBouncer in transaction mode before 1.21).
   */
  readonly prepareStatements?: boolean;
  /**
   * Server connections start with `default_transaction_read_only`: a statement sent on its own is
   * then its own read-only transaction, so a read needs no `begin`/`commit` (see
   * `run-in-transaction.ts`). A writer must open its transaction with `begin read write`.
   * Embedded, every read is an explicit read-only transaction whatever this says.
   */
  readonly readOnly?: boolean;
}

/** A connection pool (a real server through `pg`) or the embedded PGlite database. */
export interface Database {
  readonly kind: DatabaseConfig['kind'];
  readonly knex: Knex;
  readonly statementTimeoutMs: number | null;
  readonly queueMax: number;
  readonly prepareStatements: boolean;
  /** Whether a statement sent on its own runs as a read-only transaction (a server opened `readOnly`). */
  readonly readOnlyByDefault: boolean;
  close(): Promise<void>;
}

const DEFAULT_ACQUIRE_TIMEOUT_MS = 10000;

/**
 * Every statement is compiled for UTC timestamps and ISO 8601 durations; on a server these and the
 * timeout are startup parameters of each pooled connection, so no request spends a statement on
 * them. The timeout is a validated integer from the configuration. JIT compilation is off: the
 * service's statements are short and many, and a planner estimate above `jit_above_cost` (a
 * delta over a large table, say) would spend hundreds of milliseconds compiling a query that runs
 * in a few.
 */
function startupOptions(session: SessionOptions): string {
  const timeout = session.statementTimeoutMs === undefined ? '' : ` -c statement_timeout=${Math.trunc(session.statementTimeoutMs)}`;
  const readOnly = session.readOnly === true ? ' -c default_transaction_read_only=on' : '';
  return `-c TimeZone=UTC -c IntervalStyle=iso_8601 -c jit=off${timeout}${readOnly}`;
}

function pgConfig(url: string, poolMax: number, session: SessionOptions): Knex.Config {
  const connection = {
    connectionString: url,
    application_name: 'odata-facade',
    options: startupOptions(session),
    // Pipeline mode: what a request sends goes out in one write and comes back in one round trip (run-in-transaction.ts).
    pipeline: true,
  };
  return {
    client: 'pg',
    connection: connection as Knex.StaticConnectionConfig,
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: session.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS,
  };
}

/**
 * The contrib extensions every embedded database is opened with, as a server has them in its
 * contrib package: pg_trgm, for the trigram indexes of case-insensitive text (`dataverse-indexes`).
 */
export const PGLITE_EXTENSIONS = { pg_trgm };

function newPglite(dataDir: string | null): PGlite {
  if (dataDir !== null) mkdirSync(dataDir, { recursive: true });
  return new PGliteDatabase(dataDir ?? 'memory://', { extensions: PGLITE_EXTENSIONS });
}

function pgliteConfig(dataDir: string | null, pglite: PGlite | undefined, session: SessionOptions): Knex.Config {
  const common = { client: ClientPGLite as unknown as Knex.Config['client'], acquireConnectionTimeout: session.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS };
  const instance = pglite ?? newPglite(dataDir);
  // knex-pglite's documented way to hand it an existing instance
  return { ...common, connection: (() => ({ pglite: instance })) as Knex.Config['connection'] };
}

/** knex's own console output (multi-line, with stacks): errors reach callers as rejections instead. */
const silentLog: Knex.Config['log'] = { warn: () => {}, error: () => {}, deprecate: () => {}, debug: () => {} };

/** Opens the configured database; `pglite`, if given, is an already created embedded instance to use instead. */
export function openDatabase(config: DatabaseConfig, session: SessionOptions = {}, pglite?: PGlite): Database {
  const knex = knexFactory({
    ...(config.kind === 'server' ? pgConfig(config.url, config.poolMax, session) : pgliteConfig(config.dataDir, pglite, session)),
    log: silentLog,
  });
  return {
    kind: config.kind,
    knex,
    statementTimeoutMs: session.statementTimeoutMs ?? null,
    queueMax: session.queueMax ?? Number.POSITIVE_INFINITY,
    prepareStatements: session.prepareStatements ?? true,
    readOnlyByDefault: config.kind === 'server' && session.readOnly === true,
    close: () => knex.destroy(),
  };
}
