import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { disableTracking, enableTracking, pruneChangeLog, trackingStatus } from '../db/change-tracking.js';
import type { Database } from '../db/database.js';
import { loadServiceModel } from '../load-service-model.js';
import type { EdmModel } from '../model/edm-model.js';
import { CHANGE_LOG_TABLE, compileChangeLog, compileDisableTracking, compileEnableTracking, type TrackedTable } from '../sql/compile-change-tracking.js';
import { GUID_SCHEMA } from '../sql/compile-guid-column.js';
import { sqlScript } from '../sql/sql-script.js';
import { migrationStamp, UsageError, type Command, type Log, type Values } from './command.js';
import { withMigratedDatabase } from './database-session.js';

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

/** `--retention-days N`, else the service's CHANGE_TRACKING_RETENTION_DAYS, past which its delta links answer 410 anyway. */
function parseRetentionDays(text: Values[string], configured: number): number {
  if (text === undefined) return configured;
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

/** The command that records the changes of tables for delta links. */
export const trackChangesCommands: Readonly<Record<string, Command>> = {
  'track-changes': {
    summary: `record every insert, update and delete of an entity set's table in ${CHANGE_LOG_NAME} by trigger: enable writes the migration to DIR (default change-tracking-migrations) and applies it, --print only prints it; disable drops the trigger (the log keeps its rows); status lists tracked tables; prune deletes log rows older than N days (default CHANGE_TRACKING_RETENTION_DAYS, 7): run it daily`,
    usage: 'track-changes enable SET [--out DIR] [--print] | disable SET [--print] | status | prune [--retention-days N]',
    options: { out: { type: 'string' }, print: { type: 'boolean' }, 'retention-days': { type: 'string' } },
    positionals: true,
    async run(values, config, positionals) {
      const args = trackChangesArgs(values, positionals);
      const out = values['out'] ?? 'change-tracking-migrations';
      if (typeof out !== 'string' || out.length === 0) throw new UsageError('track-changes enable: --out needs a folder');
      const print = values['print'] === true;
      const settings = config();
      const retentionDays = parseRetentionDays(values['retention-days'], settings.changeTrackingRetentionDays);
      const log: Log = print ? console.error : console.log;
      await withMigratedDatabase(
        settings,
        async (database) => {
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
};
