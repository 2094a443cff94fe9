import type { Knex } from 'knex';
import type { Database } from './database.js';
import { runWriteTransaction } from './write-transaction.js';
import type { GuidColumnMigration, GuidColumnTarget } from '../sql/compile-guid-column.js';
import { qualifiedName, quoteIdent } from '../sql/sql-fragments.js';

/** DDL in one transaction, read-write even on a pool whose connections start read-only. */
async function inReadWriteTransaction(knex: Knex, statements: readonly string[]): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx.raw('set transaction read write');
    for (const statement of statements) await trx.raw(statement);
  });
}

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
  await inReadWriteTransaction(knex, migration.before);
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
  await inReadWriteTransaction(knex, migration.after);
  return done;
}
