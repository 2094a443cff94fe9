import type { Database } from './database.js';
import { runDdl } from './run-ddl.js';
import { runWriteTransaction } from './write-transaction.js';
import type { GuidColumnMigration, GuidColumnTarget } from '../sql/compile-guid-column.js';
import { qualifiedName, quoteIdent } from '../sql/sql-fragments.js';

/**
 * Applies the migration: the column, functions and trigger in one transaction (from then on the
 * trigger fills new rows), then the backfill in batches of its own transactions (so a large table
 * is never locked whole), then the default, NOT NULL and the unique index. Idempotent: a rerun
 * fills what is left and finds the rest in place.
 */
export async function applyGuidColumn(
  database: Database,
  target: GuidColumnTarget,
  migration: GuidColumnMigration,
  onProgress: (done: number, total: number) => void,
): Promise<number> {
  const { knex } = database;
  await runDdl(database, migration.before);
  const counted = await knex.raw<{ rows: { missing: string }[] }>(
    `select count(*) as missing from ${qualifiedName(target.schema, target.table)} where ${quoteIdent(target.column)} is null`,
  );
  const total = Number(counted.rows[0]?.missing ?? 0);
  let done = 0;
  while (done < total) {
    const rows = await runWriteTransaction(database, (session) => session.run(migration.backfill));
    const filled = Number(rows[0]?.['filled'] ?? 0);
    if (filled === 0) break;
    done += filled;
    onProgress(Math.min(done, total), total);
  }
  await runDdl(database, migration.after);
  return done;
}
