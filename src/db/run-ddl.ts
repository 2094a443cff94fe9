import type { Database } from './database.js';

/** DDL statements in one transaction, read-write even on a pool whose connections start read-only. */
export async function runDdl(database: Database, statements: readonly string[]): Promise<void> {
  await database.knex.transaction(async (trx) => {
    await trx.raw('set transaction read write');
    for (const statement of statements) await trx.raw(statement);
  });
}
