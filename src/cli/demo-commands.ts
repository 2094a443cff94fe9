import { AUDIT_TABLE_NAME, installAudit } from '../db/audit-install.js';
import { seedDemo } from '../db/seed-demo.js';
import { UsageError, type Command, type Values } from './command.js';
import { applyMigrations, withDatabase } from './database-session.js';
import { progressReporter } from './progress.js';

const MAX_SEED_ROWS = 10_000_000;

function parseRows(text: Values[string]): number | undefined {
  if (text === undefined) return undefined;
  if (typeof text !== 'string' || !/^[0-9]+$/.test(text)) {
    throw new UsageError(`--rows must be a whole number from 1 to ${MAX_SEED_ROWS}, got "${String(text)}"`);
  }
  const rows = Number(text);
  if (rows < 1 || rows > MAX_SEED_ROWS) {
    throw new UsageError(`--rows must be a whole number from 1 to ${MAX_SEED_ROWS}, got ${text}`);
  }
  return rows;
}

/** The commands of the demo database: migrations, seed, the audit table. */
export const demoCommands: Readonly<Record<string, Command>> = {
  migrate: {
    summary: 'apply pending migrations of the demo database',
    usage: 'migrate',
    options: {},
    run: (_values, config) => withDatabase(config(), applyMigrations),
  },
  seed: {
    summary: 'migrate, then fill an empty demo database with N products (default: SEED_ROWS, 1000)',
    usage: 'seed [--rows N]',
    options: { rows: { type: 'string' } },
    async run(values, config) {
      const requested = parseRows(values['rows']);
      const settings = config();
      const rows = requested ?? settings.seedRows;
      await withDatabase(settings, async (database) => {
        await applyMigrations(database);
        const started = performance.now();
        const progress = progressReporter('Products', rows);
        const counts = await seedDemo(database.knex, {
          rows,
          onProgress: (done) => progress.update(done),
        }).finally(() => progress.stop());
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        if (counts.products === 0) {
          console.log('Seed: products already holds rows; nothing seeded.');
          return;
        }
        console.log(
          `Seed: ${counts.categories} categories, ${counts.suppliers} suppliers, ${counts.products} products in ${seconds} s.`,
        );
      });
    },
  },
  'audit-install': {
    summary: 'create the audit table of writes (AUDIT=on) and the function that appends to it, where missing',
    usage: 'audit-install',
    options: {},
    run: (_values, config) =>
      withDatabase(config(), async (database) => {
        await installAudit(database.knex);
        console.log(`Audit: ${AUDIT_TABLE_NAME} is installed.`);
      }),
  },
};
