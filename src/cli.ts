#!/usr/bin/env node
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import cliProgress from 'cli-progress';
import { apiKeyEntrySchema } from './auth/api-key-entry.js';
import { generateApiKey } from './auth/api-keys.js';
import { ConfigError, loadConfig, type Config, type Database as DatabaseConfig } from './config/config.js';
import { AUDIT_TABLE_NAME, checkAuditInstalled, installAudit } from './db/audit-install.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateLatest } from './db/migrate.js';
import { seedDemo } from './db/seed-demo.js';
import { applyGuidColumn } from './db/add-guid-column.js';
import { disableTracking, enableTracking, pruneChangeLog, trackingStatus } from './db/change-tracking.js';
import { loadServiceModel } from './load-service-model.js';
import { compileGuidColumn, GUID_SCHEMA, migrationScript, type GuidColumnTarget } from './sql/compile-guid-column.js';
import { dataverseProfile, SURROGATE_GUID_COLUMN } from './model/dataverse-profile.js';
import { dataversePlan, formatDataversePlan } from './model/format-dataverse-plan.js';
import type { EdmEntitySet, EdmModel } from './model/edm-model.js';
import { connectorFiles, type ConnectorFile } from './openapi/connector-files.js';
import { textIndexes, textIndexStatements } from './sql/compile-text-indexes.js';
import { CHANGE_LOG_TABLE, compileChangeLog, compileDisableTracking, compileEnableTracking, type TrackedTable } from './sql/compile-change-tracking.js';
import { sqlScript } from './sql/sql-script.js';

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
const MAX_SEED_ROWS = 10_000_000;

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** A bad command line: printed as one line, exit code 2. */
class UsageError extends Error {}

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: Options;
  /** The command takes arguments that are not options (`track-changes enable Products`); others refuse them. */
  readonly positionals?: boolean;
  /** Validates `values` and `positionals` first, so that a bad argument fails before the environment is read. */
  run(values: Values, config: () => Config, positionals: readonly string[]): Promise<void>;
}

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

/** Drivers may echo the connection string in an error; its password never reaches the output. */
function redactSecrets(message: string): string {
  return message.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@').split('\n')[0] ?? '';
}

/** Where a command says what it does: stdout, or stderr when stdout carries its result (`--json`). */
type Log = (line: string) => void;

async function withDatabase(config: Config, work: (database: Database) => Promise<void>, log: Log = console.log): Promise<void> {
  log(`Database: ${describeDatabase(config.database)}`);
  const database = openDatabase(config.database);
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

async function applyMigrations(database: Database, log: Log = console.log): Promise<void> {
  const applied = await migrateLatest(database.knex);
  if (applied.length === 0) {
    log('Migrations: already up to date.');
    return;
  }
  log(`Migrations: applied ${applied.length}:`);
  for (const name of applied) log(`  ${name}`);
}

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

/**
 * A bar on a terminal (started on the first batch, so an already seeded database shows none);
 * otherwise a plain line every 10% and at the end, fit for logs.
 */
function progressReporter(label: string, total: number): { update(done: number): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} {bar} {percentage}% | {value}/{total} | ETA {eta}s`, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done) {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let lastTenth = 0;
  return {
    update(done) {
      const tenth = Math.floor((done * 10) / total);
      if (tenth > lastTenth || done === total) {
        lastTenth = tenth;
        console.log(`${label}: ${done}/${total}`);
      }
    },
    stop() {},
  };
}

/** The command-line option that sets each field of an API key entry. */
const KEY_ENTRY_OPTIONS: Readonly<Record<string, string>> = {
  id: 'id',
  role: 'role',
  scope: 'scope',
  entitySets: 'entity-set',
  allowIps: 'allow-ip',
};

function requiredText(values: Values, option: string): string {
  const value = values[option];
  if (typeof value !== 'string') throw new UsageError(`keys-create: --${option} is required`);
  return value;
}

function textList(value: Values[string]): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

/**
 * Creates a key and prints it, the only time it is ever shown, with the entry for the API keys
 * file, which holds the key's hash instead of the key.
 */
function createApiKey(values: Values): void {
  const entitySets = textList(values['entity-set']);
  const allowIps = textList(values['allow-ip']);
  const { key, hash } = generateApiKey();
  const entry = {
    id: requiredText(values, 'id'),
    hash,
    role: requiredText(values, 'role'),
    scope: values['scope'] ?? 'read',
    ...(entitySets === undefined ? {} : { entitySets }),
    ...(allowIps === undefined ? {} : { allowIps }),
  };
  const checked = apiKeyEntrySchema.safeParse(entry);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const [field, index] = issue?.path ?? [];
    const option = KEY_ENTRY_OPTIONS[String(field)] ?? String(field);
    const given = typeof index === 'number' ? textList(values[option])?.[index] : values[option];
    throw new UsageError(`keys-create: --${option} ${JSON.stringify(given)}: ${issue?.message ?? 'invalid'}`);
  }
  console.log(`API key "${entry.id}" for role "${entry.role}" (${entry.scope}). It is shown only now and cannot be recovered:`);
  console.log('');
  console.log(key);
  console.log('');
  console.log("Add this entry to the API keys file's JSON array (it holds the key's SHA-256 hash, not the key):");
  console.log('');
  console.log(JSON.stringify(entry));
}

async function readIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Writes the connector files to `out`, or with `check` only compares them and fails naming those that differ. */
async function writeConnectorFiles(files: readonly ConnectorFile[], out: string, check: boolean): Promise<void> {
  if (check) {
    const stale: string[] = [];
    for (const file of files) if ((await readIfPresent(join(out, file.name))) !== file.text) stale.push(join(out, file.name));
    if (stale.length > 0) throw new Error(`out of date: ${stale.join(', ')}; run "npm run connector" and commit the result`);
    console.log(`Connector: ${files.map((file) => join(out, file.name)).join(', ')} are up to date.`);
    return;
  }
  await mkdir(out, { recursive: true });
  for (const file of files) {
    await writeFile(join(out, file.name), file.text);
    console.log(`Connector: wrote ${join(out, file.name)} (${Buffer.byteLength(file.text)} bytes)`);
  }
}

/** The sets named with `--set`, or all of them; a name the model does not have is a usage error. */
function chosenSets(model: EdmModel, names: string[] | undefined): EdmEntitySet[] {
  if (names === undefined) return [...model.entitySets];
  const unknown = names.filter((name) => !model.entitySets.some((set) => set.name === name));
  if (unknown.length > 0) throw new UsageError(`dataverse-indexes: no entity set ${unknown.map((name) => `"${name}"`).join(', ')} in the Dataverse profile`);
  return model.entitySets.filter((set) => names.includes(set.name));
}

/**
 * Creates (or with `print` prints) the indexes that serve the Dataverse profile's case-insensitive
 * text comparisons, one statement at a time: `create index concurrently` runs outside a transaction
 * and does not block writes to the table.
 */
async function createTextIndexes(database: Database, settings: Config, values: Values, log: Log): Promise<void> {
  const { model } = await loadServiceModel(database.knex, settings);
  const indexes = textIndexes(chosenSets(dataverseProfile(model).model, textList(values['set'])), { trigram: values['trigram'] === true });
  const statements = textIndexStatements(indexes);
  if (values['print'] === true) {
    for (const statement of statements) console.log(`${statement};`);
    return;
  }
  for (const statement of statements) await database.knex.raw(statement);
  for (const index of indexes) log(`Index: ${index.name} (${index.kind}) on ${index.entitySet}.${index.property}`);
  log(`Indexes: ${indexes.length} in place.`);
}

const DEFAULT_GUID_BATCH = 5000;

function parseBatchSize(text: Values[string]): number {
  if (text === undefined) return DEFAULT_GUID_BATCH;
  if (typeof text !== 'string' || !/^[1-9][0-9]{0,6}$/.test(text)) throw new UsageError(`dataverse-keys: --batch-size must be a whole number from 1 to 9999999, got "${String(text)}"`);
  return Number(text);
}

/**
 * The table of an entity set that needs a surrogate Guid column: a table (not a view) whose key is
 * text or composite. A uuid key is a Guid already; an integer key is shown as one without a column.
 */
function guidColumnTarget(model: EdmModel, name: string): GuidColumnTarget {
  const set = model.entitySets.find((candidate) => candidate.name === name);
  if (set === undefined) throw new UsageError(`dataverse-keys: there is no entity set ${name}`);
  const key = (set.entityType.key ?? []).map((property) => set.entityType.properties.find((candidate) => candidate.name === property));
  if (set.table.kind !== 'table' || key.length === 0 || key.some((property) => property === undefined)) {
    throw new UsageError(`dataverse-keys: ${name} is not a table with a key`);
  }
  const single = key.length === 1 ? key[0] : undefined;
  const type = single?.type.kind === 'primitive' ? single.type.name : null;
  if (type === 'Edm.Guid') throw new UsageError(`dataverse-keys: ${name} has a uuid key, which is its Guid already`);
  if (type !== null && ['Edm.Byte', 'Edm.SByte', 'Edm.Int16', 'Edm.Int32', 'Edm.Int64'].includes(type)) {
    throw new UsageError(`dataverse-keys: ${name} has an integer key, which the Dataverse root shows as a Guid without a column`);
  }
  return { schema: set.table.schema, table: set.table.name, keyColumns: key.map((property) => property?.column as string), column: SURROGATE_GUID_COLUMN };
}

/** `20261126T190501Z`: a migration's time, to name and order its file. */
function migrationStamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** What each `track-changes` subcommand takes: an entity set or none, and which options. */
const TRACK_CHANGES_SUBCOMMANDS = {
  enable: { set: true, options: ['out', 'print'] },
  disable: { set: true, options: ['print'] },
  status: { set: false, options: [] },
  prune: { set: false, options: ['retention-days'] },
} as const satisfies Readonly<Record<string, { readonly set: boolean; readonly options: readonly string[] }>>;

/** A `track-changes` command line: a subcommand on an entity set, or one on the whole log. */
type TrackChangesArgs = { readonly subcommand: 'enable' | 'disable'; readonly set: string } | { readonly subcommand: 'status' } | { readonly subcommand: 'prune' };

function isTrackChangesSubcommand(name: string): name is keyof typeof TRACK_CHANGES_SUBCOMMANDS {
  return Object.hasOwn(TRACK_CHANGES_SUBCOMMANDS, name);
}

const DEFAULT_RETENTION_DAYS = 7;
const CHANGE_LOG_NAME = `${GUID_SCHEMA}.${CHANGE_LOG_TABLE}`;

/** The subcommand and the entity set it names, checked against what it takes. */
function trackChangesArgs(values: Values, positionals: readonly string[]): TrackChangesArgs {
  const [subcommand = '', ...rest] = positionals;
  if (!isTrackChangesSubcommand(subcommand)) throw new UsageError(`track-changes: name what to do: ${Object.keys(TRACK_CHANGES_SUBCOMMANDS).join(', ')}`);
  const spec: { readonly set: boolean; readonly options: readonly string[] } = TRACK_CHANGES_SUBCOMMANDS[subcommand];
  if (rest.length !== (spec.set ? 1 : 0)) throw new UsageError(spec.set ? `track-changes ${subcommand}: name one entity set` : `track-changes ${subcommand}: takes no entity set`);
  const foreign = Object.keys(values).filter((option) => option !== 'help' && !spec.options.includes(option));
  if (foreign.length > 0) throw new UsageError(`track-changes ${subcommand}: --${foreign[0]} does not apply`);
  if (subcommand === 'status' || subcommand === 'prune') return { subcommand };
  return { subcommand, set: rest[0] ?? '' };
}

function parseRetentionDays(text: Values[string]): number {
  if (text === undefined) return DEFAULT_RETENTION_DAYS;
  if (typeof text !== 'string' || !/^[0-9]{1,5}$/.test(text)) throw new UsageError(`track-changes prune: --retention-days must be a whole number of days, got "${String(text)}"`);
  return Number(text);
}

/** The table of an entity set whose changes can be recorded: a table (not a view) with a primary key, which the log names rows by. */
function trackedTable(model: EdmModel, name: string): TrackedTable {
  const set = model.entitySets.find((candidate) => candidate.name === name);
  if (set === undefined) throw new UsageError(`track-changes: there is no entity set ${name}`);
  const where = `${set.table.schema}.${set.table.name}`;
  if (set.table.kind !== 'table') throw new UsageError(`track-changes: ${name} (${where}) is a view; only a table's changes can be recorded`);
  const primaryKey = set.constraints.find((constraint) => constraint.kind === 'primaryKey');
  if (primaryKey === undefined || primaryKey.columns.length === 0) {
    throw new UsageError(`track-changes: ${name} (${where}) has no primary key, which the change log names rows by`);
  }
  return { schema: set.table.schema, table: set.table.name, keyColumns: primaryKey.columns };
}

/** `track-changes status`: a line per table that is tracked or has log rows, named by its entity set where the model has one. */
async function printTrackingStatus(database: Database, model: EdmModel): Promise<void> {
  const tables = await trackingStatus(database);
  if (tables.length === 0) {
    console.log('Change tracking: no table is tracked.');
    return;
  }
  for (const status of tables) {
    const where = `${status.schema}.${status.table}`;
    const set = model.entitySets.find((candidate) => candidate.table.schema === status.schema && candidate.table.name === status.table);
    const span = status.oldest === null || status.newest === null ? '' : ` from ${status.oldest.toISOString()} to ${status.newest.toISOString()}`;
    console.log(`${set === undefined ? where : `${set.name} (${where})`}: ${status.tracked ? 'tracked' : 'not tracked'}; ${status.rows} log rows${span}`);
  }
}

/** `track-changes enable|disable`: writes the script to `out` and applies it, or with `print` only prints it. */
async function changeTracking(database: Database, model: EdmModel, subcommand: 'enable' | 'disable', name: string, out: string, print: boolean, log: Log): Promise<void> {
  const target = trackedTable(model, name);
  const where = `${target.schema}.${target.table}`;
  const enable = subcommand === 'enable';
  const statements = enable ? [...compileChangeLog(), ...compileEnableTracking(target)] : compileDisableTracking(target);
  const heading = enable ? `${name} (${where}): record its inserts, updates and deletes in ${CHANGE_LOG_NAME}.` : `${name} (${where}): stop recording its changes.`;
  const script = sqlScript(statements, [heading, `Generated by odata-facade track-changes ${subcommand}.`]);
  if (print) {
    console.log(script);
    return;
  }
  if (!enable) {
    await disableTracking(database, target);
    log(`${name}: changes to ${where} are no longer recorded; its rows in ${CHANGE_LOG_NAME} stay until pruned.`);
    return;
  }
  await mkdir(out, { recursive: true });
  const file = join(out, `${migrationStamp(new Date())}-odata-change-log-${target.schema}-${target.table}.sql`);
  await writeFile(file, script);
  log(`${name}: wrote ${file}`);
  await enableTracking(database, target);
  log(`${name}: inserts, updates and deletes of ${where} are recorded in ${CHANGE_LOG_NAME}.`);
}

const commands: Readonly<Record<string, Command>> = {
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
  connector: {
    summary: 'write the Power Platform custom connector (apiDefinition.swagger.json, apiProperties.json, README.md) of the served model to DIR (default openapi); --check compares instead',
    usage: 'connector [--out DIR] [--check]',
    options: { out: { type: 'string' }, check: { type: 'boolean' } },
    async run(values, config) {
      const out = values['out'] ?? 'openapi';
      if (typeof out !== 'string' || out.length === 0) throw new UsageError('connector: --out needs a folder');
      const settings = config();
      await withDatabase(settings, async (database) => {
        if (settings.migrateOnStart) await applyMigrations(database);
        if (settings.audit) await checkAuditInstalled(database.knex);
        const { model } = await loadServiceModel(database.knex, settings);
        await writeConnectorFiles(connectorFiles(model, settings), out, values['check'] === true);
      });
    },
  },
  'dataverse-plan': {
    summary: 'print, per entity set, what to type into Dataverse to create its virtual table (OData v4 Data Provider), then what cannot be mapped; --json prints it as JSON',
    usage: 'dataverse-plan [--json]',
    options: { json: { type: 'boolean' } },
    async run(values, config) {
      const json = values['json'] === true;
      const settings = config();
      const log: Log = json ? console.error : console.log;
      await withDatabase(
        settings,
        async (database) => {
          if (settings.migrateOnStart) await applyMigrations(database, log);
          if (settings.audit) await checkAuditInstalled(database.knex);
          const { model } = await loadServiceModel(database.knex, settings);
          const profile = dataverseProfile(model);
          if (json) console.log(JSON.stringify(dataversePlan(model, profile), null, 2));
          else console.log(`\n${formatDataversePlan(model, profile)}`);
        },
        log,
      );
    },
  },
  'dataverse-indexes': {
    summary: 'create the indexes on lower(column) that serve case-insensitive text filters (DATAVERSE_CASE_INSENSITIVE) of the Dataverse profile: btree for eq, in, startswith; --trigram adds pg_trgm GIN for contains, endswith; --print prints the SQL instead',
    usage: 'dataverse-indexes [--set NAME ...] [--trigram] [--print]',
    options: { set: { type: 'string', multiple: true }, trigram: { type: 'boolean' }, print: { type: 'boolean' } },
    async run(values, config) {
      const settings = config();
      const print = values['print'] === true;
      const log: Log = print ? console.error : console.log;
      await withDatabase(
        settings,
        async (database) => {
          if (settings.migrateOnStart) await applyMigrations(database, log);
          await createTextIndexes(database, settings, values, log);
        },
        log,
      );
    },
  },
  'dataverse-keys': {
    summary: `give tables with a text or composite key the surrogate Guid column ${SURROGATE_GUID_COLUMN} the Dataverse root keys them by: writes the migration to DIR (default dataverse-migrations), applies it, backfills in batches; --print only prints it`,
    usage: 'dataverse-keys --set NAME [--set NAME ...] [--out DIR] [--batch-size N] [--print]',
    options: { set: { type: 'string', multiple: true }, out: { type: 'string' }, 'batch-size': { type: 'string' }, print: { type: 'boolean' } },
    async run(values, config) {
      const names = textList(values['set']) ?? [];
      if (names.length === 0) throw new UsageError('dataverse-keys: name at least one entity set with --set');
      const batchSize = parseBatchSize(values['batch-size']);
      const out = values['out'] ?? 'dataverse-migrations';
      if (typeof out !== 'string' || out.length === 0) throw new UsageError('dataverse-keys: --out needs a folder');
      const settings = config();
      await withDatabase(settings, async (database) => {
        if (settings.migrateOnStart) await applyMigrations(database);
        const { model } = await loadServiceModel(database.knex, settings);
        const targets = names.map((name) => ({ name, target: guidColumnTarget(model, name) }));
        for (const { name, target } of targets) {
          const migration = compileGuidColumn(target, batchSize);
          const script = migrationScript(migration, [`${name} (${target.schema}.${target.table}): the surrogate Guid column ${target.column} for Dataverse.`, 'Generated by odata-facade dataverse-keys.']);
          if (values['print'] === true) {
            console.log(script);
            continue;
          }
          await mkdir(out, { recursive: true });
          const file = join(out, `${migrationStamp(new Date())}-odata-guid-${target.schema}-${target.table}.sql`);
          await writeFile(file, script);
          console.log(`${name}: wrote ${file}`);
          const started = performance.now();
          let progress: ReturnType<typeof progressReporter> | null = null;
          const filled = await applyGuidColumn(database, target, migration, (done, total) => {
            progress ??= progressReporter(name, total);
            progress.update(done);
          }).finally(() => progress?.stop());
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          console.log(`${name}: ${target.column} is in place; ${filled} rows filled in ${seconds} s. Restart the service to serve ${name} at the Dataverse root.`);
        }
      });
    },
  },
  'track-changes': {
    summary: `record every insert, update and delete of an entity set's table in ${CHANGE_LOG_NAME} by trigger: enable writes the migration to DIR (default change-tracking-migrations) and applies it, --print only prints it; disable drops the trigger (the log keeps its rows); status lists tracked tables; prune deletes log rows older than N days (default ${DEFAULT_RETENTION_DAYS})`,
    usage: 'track-changes enable SET [--out DIR] [--print] | disable SET [--print] | status | prune [--retention-days N]',
    options: { out: { type: 'string' }, print: { type: 'boolean' }, 'retention-days': { type: 'string' } },
    positionals: true,
    async run(values, config, positionals) {
      const args = trackChangesArgs(values, positionals);
      const retentionDays = parseRetentionDays(values['retention-days']);
      const out = values['out'] ?? 'change-tracking-migrations';
      if (typeof out !== 'string' || out.length === 0) throw new UsageError('track-changes enable: --out needs a folder');
      const print = values['print'] === true;
      const settings = config();
      const log: Log = print ? console.error : console.log;
      await withDatabase(
        settings,
        async (database) => {
          if (settings.migrateOnStart) await applyMigrations(database, log);
          if (args.subcommand === 'prune') {
            const olderThan = new Date(Date.now() - retentionDays * 86_400_000);
            const deleted = await pruneChangeLog(database, olderThan);
            log(`Change log: deleted ${deleted} rows recorded before ${olderThan.toISOString()}.`);
            return;
          }
          const { model } = await loadServiceModel(database.knex, settings);
          if (args.subcommand === 'status') await printTrackingStatus(database, model);
          else await changeTracking(database, model, args.subcommand, args.set, out, print, log);
        },
        log,
      );
    },
  },
  'keys-create': {
    summary: 'create an API key: print it once, with its entry (holding its hash) for the API keys file',
    usage: 'keys-create --id ID --role ROLE [--scope read|read-write] [--entity-set SET ...] [--allow-ip CIDR ...]',
    options: {
      id: { type: 'string' },
      role: { type: 'string' },
      scope: { type: 'string' },
      'entity-set': { type: 'string', multiple: true },
      'allow-ip': { type: 'string', multiple: true },
    },
    async run(values) {
      createApiKey(values);
    },
  },
};

/** Usage texts longer than this get their summary on a line of its own. */
const USAGE_COLUMN = 24;

function usage(): string {
  const lines = Object.values(commands).map((command) =>
    command.usage.length <= USAGE_COLUMN
      ? `  ${command.usage.padEnd(USAGE_COLUMN)}  ${command.summary}`
      : `  ${command.usage}\n  ${' '.repeat(USAGE_COLUMN)}  ${command.summary}`,
  );
  return [
    'Usage: odata-facade <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help  show this help',
    '',
    'The database comes from DATABASE_URL, else the embedded PGlite folder EMBEDDED_DATA_DIR (default .data/pglite).',
  ].join('\n');
}

function commandUsage(name: string, command: Command): string {
  return `Usage: odata-facade ${command.usage}\n\n${name}: ${command.summary}`;
}

function parseCommandArgs(name: string, command: Command, args: readonly string[]): { values: Values; positionals: string[] } {
  try {
    return parseArgs({
      args: [...args],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: command.positionals === true,
      strict: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${name}: ${message}`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') {
    console.log(usage());
    return EXIT_OK;
  }
  if (name === undefined) {
    console.error(usage());
    return EXIT_USAGE;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command === undefined) {
    console.error(`Unknown command "${name}". Run "odata-facade --help" for the list of commands.`);
    return EXIT_USAGE;
  }
  try {
    const { values, positionals } = parseCommandArgs(name, command, rest);
    if (values['help'] === true) {
      console.log(commandUsage(name, command));
      return EXIT_OK;
    }
    await command.run(values, () => loadConfig(), positionals);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      console.error(error.message);
      return EXIT_FAILURE;
    }
    console.error(`${name} failed: ${redactSecrets(error instanceof Error ? error.message : String(error))}`);
    return EXIT_FAILURE;
  }
}

process.exitCode = await main(process.argv.slice(2));
