import type { Database } from './database.js';
import { runDdl } from './run-ddl.js';
import { runStatement } from './run-in-transaction.js';
import { runWriteTransaction } from './write-transaction.js';
import {
  compileChangeLog,
  compileChangeLogPresent,
  compileDisableTracking,
  compileEnableTracking,
  compilePruneChangeLog,
  compileTrackingStatus,
  type TrackedTable,
} from '../sql/compile-change-tracking.js';

/** A table the change log knows: tracked now (it has the trigger), or with log rows kept after tracking stopped. */
export interface TrackingStatus {
  readonly schema: string;
  readonly table: string;
  readonly tracked: boolean;
  /** How many log rows the table has; with `oldest` and `newest`, the times of the first and last (null when none). */
  readonly rows: number;
  readonly oldest: Date | null;
  readonly newest: Date | null;
}

async function changeLogPresent(database: Database): Promise<boolean> {
  const [row] = await runStatement(database, compileChangeLogPresent());
  return row?.['present'] === true;
}

/** Creates the change log where missing and starts recording the table's changes, in one transaction. Idempotent. */
export async function enableTracking(database: Database, target: TrackedTable): Promise<void> {
  await runDdl(database, [...compileChangeLog(), ...compileEnableTracking(target)]);
}

/** Stops recording the table's changes; its log rows stay until pruned. */
export async function disableTracking(database: Database, target: Pick<TrackedTable, 'schema' | 'table'>): Promise<void> {
  await runDdl(database, compileDisableTracking(target));
}

function timeOf(value: unknown): Date | null {
  return value === null || value === undefined ? null : new Date(value as string | Date);
}

/** The tables that are tracked or have log rows; none before tracking was first enabled. */
export async function trackingStatus(database: Database): Promise<readonly TrackingStatus[]> {
  if (!(await changeLogPresent(database))) return [];
  const rows = await runStatement(database, compileTrackingStatus());
  return rows.map((row) => ({
    schema: String(row['schema_name']),
    table: String(row['table_name']),
    tracked: row['tracked'] === true,
    rows: Number(row['rows']),
    oldest: timeOf(row['oldest']),
    newest: timeOf(row['newest']),
  }));
}

/** Deletes the log rows recorded before `olderThan`, in one transaction; answers how many. */
export async function pruneChangeLog(database: Database, olderThan: Date): Promise<number> {
  if (!(await changeLogPresent(database))) return 0;
  const rows = await runWriteTransaction(database, (session) => session.run(compilePruneChangeLog(olderThan)));
  return Number(rows[0]?.['deleted'] ?? 0);
}
