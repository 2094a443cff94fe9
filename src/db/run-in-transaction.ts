import type { Knex } from 'knex';
import type { SqlStatement } from '../sql/sql-statement.js';
import type { Database } from './database.js';

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

/**
 * Opens one transaction, first sets the transaction-local session settings in one statement,
 * then hands a querier to `work`. Statements go to the driver connection as `$n` text plus
 * values, exactly as `sql/` compiled them (knex's `?` placeholders are never involved).
 */
export async function runInTransaction<T>(
  database: Database,
  options: TransactionOptions,
  work: (querier: Querier) => Promise<T>,
): Promise<T> {
  return database.knex.transaction(
    async (trx: Knex.Transaction) => {
      const connection = await (trx.client as unknown as TransactionClient).acquireConnection();
      await connection.query(
        "select set_config('TimeZone', 'UTC', true), set_config('IntervalStyle', 'iso_8601', true), set_config('statement_timeout', $1, true)",
        [String(options.statementTimeoutMs)],
      );
      const querier: Querier = {
        query: async (statement) => (await connection.query(statement.text, statement.values)).rows,
      };
      return work(querier);
    },
    { readOnly: options.readOnly },
  );
}
