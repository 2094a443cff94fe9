import type { Knex } from 'knex';
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

interface DriverConnection {
  query(text: string, values: readonly unknown[]): Promise<{ rows: Row[] }>;
}

interface TransactionClient {
  acquireConnection(): Promise<DriverConnection>;
}

const SESSION_SETTINGS =
  "select set_config('TimeZone', 'UTC', true), set_config('IntervalStyle', 'iso_8601', true), set_config('statement_timeout', $1, true)";

/**
 * Opens one transaction, first sets the transaction-local session settings in one statement,
 * then hands a querier to `work`. Statements go to the driver connection as `$n` text plus
 * values, exactly as `sql/` compiled them (knex's `?` placeholders are never involved).
 * Database errors leave as `ODataError`s (see `pg-error.ts`).
 */
export async function runInTransaction<T>(
  database: Database,
  options: TransactionOptions,
  work: (querier: Querier) => Promise<T>,
): Promise<T> {
  try {
    return await database.knex.transaction(
      async (trx: Knex.Transaction) => {
        const connection = await (trx.client as unknown as TransactionClient).acquireConnection();
        await connection.query(SESSION_SETTINGS, [String(options.statementTimeoutMs)]);
        return work({ query: async (statement) => (await connection.query(statement.text, statement.values)).rows });
      },
      { readOnly: options.readOnly },
    );
  } catch (error) {
    throw mapPgError(error);
  }
}
