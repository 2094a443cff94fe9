import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { SqlStatement } from '../sql/sql-statement.js';
import type { Database } from './database.js';
import type { RequestSettings } from './request-settings.js';
import { runStatement } from './run-in-transaction.js';

interface ExplainRow {
  readonly 'QUERY PLAN'?: readonly { readonly Plan?: { readonly 'Plan Rows'?: unknown } }[];
}

/** Runs an `explain (format json)` statement and returns the row count the planner expects. */
export async function estimateRows(database: Database, statement: SqlStatement, settings?: RequestSettings): Promise<number> {
  const rows = (await runStatement(database, statement, settings)) as readonly ExplainRow[];
  const estimate = rows[0]?.['QUERY PLAN']?.[0]?.Plan?.['Plan Rows'];
  if (typeof estimate !== 'number' || !Number.isFinite(estimate)) {
    throw new ODataError(500, ErrorCodes.queryFailed, 'The database gave no row estimate');
  }
  return Math.round(estimate);
}
