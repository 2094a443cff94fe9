import type { Config, Database as DatabaseConfig } from '../config/config.js';
import { openDatabase, type Database } from '../db/database.js';
import { migrateLatest } from '../db/migrate.js';
import type { Log } from './command.js';

/** Which database a command works on, said first; never the password. */
function describeDatabase(database: DatabaseConfig): string {
  if (database.kind === 'embedded') {
    return database.dataDir === null ? 'embedded PGlite (in memory)' : `embedded PGlite in ${database.dataDir}`;
  }
  try {
    const url = new URL(database.url);
    const user = url.username === '' ? '' : `${url.username}@`;
    return `PostgreSQL server ${url.protocol}//${user}${url.host}${url.pathname}`;
  } catch {
    return 'PostgreSQL server';
  }
}

/** Opens the configured database for `work`, saying which, and closes it after. */
export async function withDatabase(config: Config, work: (database: Database) => Promise<void>, log: Log = console.log): Promise<void> {
  log(`Database: ${describeDatabase(config.database)}`);
  const database = openDatabase(config.database);
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

/** Applies the demo migrations, saying which ran. */
export async function applyMigrations(database: Database, log: Log = console.log): Promise<void> {
  const applied = await migrateLatest(database.knex);
  if (applied.length === 0) {
    log('Migrations: already up to date.');
    return;
  }
  log(`Migrations: applied ${applied.length}:`);
  for (const name of applied) log(`  ${name}`);
}

/** As `withDatabase`, with the demo migrations applied first where the configuration asks (the embedded demo), as the service does on start. */
export async function withMigratedDatabase(config: Config, work: (database: Database) => Promise<void>, log: Log = console.log): Promise<void> {
  await withDatabase(
    config,
    async (database) => {
      if (config.migrateOnStart) await applyMigrations(database, log);
      await work(database);
    },
    log,
  );
}
