import type { Knex } from 'knex';
import { migrations, type NamedMigration } from '../../migrations/index.js';

/**
 * knex keeps its bookkeeping tables (`knex_migrations`, `knex_migrations_lock`) in their own
 * schema so that they never show up as entity sets of the `public` schema the service exposes.
 */
const BOOKKEEPING_SCHEMA = 'odata_facade';

function listMigrationSource(list: readonly NamedMigration[]): Knex.MigrationSource<NamedMigration> {
  return {
    getMigrations: async () => [...list],
    getMigrationName: (entry) => entry.name,
    getMigration: async (entry) => entry.migration,
  };
}

function migratorConfig(): Knex.MigratorConfig {
  return {
    migrationSource: listMigrationSource(migrations),
    schemaName: BOOKKEEPING_SCHEMA,
    tableName: 'knex_migrations',
  };
}

async function ensureBookkeepingSchema(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists ??', [BOOKKEEPING_SCHEMA]);
}

/** Applies every pending demo migration, each in its own transaction; returns the names applied. */
export async function migrateLatest(knex: Knex): Promise<readonly string[]> {
  await ensureBookkeepingSchema(knex);
  const [, applied] = (await knex.migrate.latest(migratorConfig())) as [number, string[]];
  return applied;
}

/** Reverts every applied demo migration, newest first. */
export async function migrateRollbackAll(knex: Knex): Promise<void> {
  await ensureBookkeepingSchema(knex);
  await knex.migrate.rollback(migratorConfig(), true);
}
