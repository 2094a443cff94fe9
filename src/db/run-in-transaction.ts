import type { SqlStatement } from '../sql/sql-statement.js';
import type { Database } from './database.js';
import { mapPgError } from './pg-error.js';

export type Row = Record<string, unknown>;

/** Runs compiled statements inside the current transaction. */
export interface Querier {
  query(statement: SqlStatement): Promise<readonly Row[]>;
}

export interface TransactionOptions {
  readonly readOnly: boolean;
  readonly statementTimeoutMs: number;
}

/** A `pg` client or the PGlite instance: `query` for one statement with values, `exec` (PGlite) for a script. */
interface DriverConnection {
  query(text: string, values?: readonly unknown[]): Promise<{ rows: Row[] }>;
  exec?(text: string): Promise<unknown>;
}

interface PoolClient {
  acquireConnection(): Promise<DriverConnection>;
  releaseConnection(connection: DriverConnection): Promise<unknown>;
}

/**
 * `begin` and the transaction-local session settings as one script, so they cost one round trip.
 * The timeout is a validated integer from the configuration, not request text.
 */
function beginScript(options: TransactionOptions): string {
  const timeout = String(Math.trunc(options.statementTimeoutMs));
  return (
    `begin${options.readOnly ? ' read only' : ''}; ` +
    `select set_config('TimeZone', 'UTC', true), set_config('IntervalStyle', 'iso_8601', true), set_config('statement_timeout', '${timeout}', true)`
  );
}

/** A script of several statements: the simple query protocol (`pg` without values; PGlite's `exec`). */
async function runScript(connection: DriverConnection, script: string): Promise<void> {
  if (connection.exec !== undefined) await connection.exec(script);
  else await connection.query(script);
}

/**
 * Opens one transaction on a pooled connection (one round trip for `begin` plus the session
 * settings), hands a querier to `work`, commits, and always gives the connection back. Statements
 * go to the driver as `$n` text plus values, exactly as `sql/` compiled them. Database errors
 * roll back and leave as `ODataError`s (see `pg-error.ts`).
 */
export async function runInTransaction<T>(
  database: Database,
  options: TransactionOptions,
  work: (querier: Querier) => Promise<T>,
): Promise<T> {
  const pool = database.knex.client as unknown as PoolClient;
  let connection: DriverConnection;
  try {
    connection = await pool.acquireConnection();
  } catch (error) {
    throw mapPgError(error);
  }
  try {
    await runScript(connection, beginScript(options));
    const result = await work({ query: async (statement) => (await connection.query(statement.text, statement.values)).rows });
    await connection.query('commit');
    return result;
  } catch (error) {
    await connection.query('rollback').catch(() => undefined);
    throw mapPgError(error);
  } finally {
    await pool.releaseConnection(connection);
  }
}
