import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/config.js';
import { applyGuidColumn } from '../db/add-guid-column.js';
import { checkAuditInstalled } from '../db/audit-install.js';
import type { Database } from '../db/database.js';
import { loadServiceModel } from '../load-service-model.js';
import { dataverseProfile, SURROGATE_GUID_COLUMN } from '../model/dataverse-profile.js';
import type { EdmEntitySet, EdmModel } from '../model/edm-model.js';
import { dataversePlan, formatDataversePlan } from '../model/format-dataverse-plan.js';
import { compileGuidColumn, migrationScript, type GuidColumnTarget } from '../sql/compile-guid-column.js';
import { textIndexes, textIndexStatements } from '../sql/compile-text-indexes.js';
import { migrationStamp, textList, UsageError, type Command, type Log, type Values } from './command.js';
import { withMigratedDatabase } from './database-session.js';
import { progressReporter } from './progress.js';

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

/** The commands that prepare a database for Dataverse virtual tables. */
export const dataverseCommands: Readonly<Record<string, Command>> = {
  'dataverse-plan': {
    summary: 'print, per entity set, what to type into Dataverse to create its virtual table (OData v4 Data Provider), then what cannot be mapped; --json prints it as JSON',
    usage: 'dataverse-plan [--json]',
    options: { json: { type: 'boolean' } },
    async run(values, config) {
      const json = values['json'] === true;
      const settings = config();
      const log: Log = json ? console.error : console.log;
      await withMigratedDatabase(
        settings,
        async (database) => {
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
      await withMigratedDatabase(
        settings,
        async (database) => {
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
      await withMigratedDatabase(settings, async (database) => {
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
};
