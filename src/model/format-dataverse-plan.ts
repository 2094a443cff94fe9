import { dataverseColumn, type DataverseColumn } from './dataverse-columns.js';
import type { DataverseProblem, DataverseProfile, DataverseSetPlan, GuidKeyStrategy } from './dataverse-profile.js';
import type { EdmModel } from './edm-model.js';

/** One virtual table, as a maker creates it with the OData v4 Data Provider. */
export interface DataverseTableSheet {
  /** The entity type's name. */
  readonly externalName: string;
  /** The entity set's name. */
  readonly externalCollectionName: string;
  readonly primaryKey: {
    readonly column: string;
    readonly strategy: GuidKeyStrategy;
    /** The strategy in words, naming the table's own key. */
    readonly description: string;
  };
  /** The column to use as the primary name; null when the table has no text column for it. */
  readonly primaryName: string | null;
  readonly columns: readonly DataverseColumn[];
}

/** What `dataverse-plan` prints: the tables to create, the sets left out, and every problem of the profile. */
export interface DataversePlan {
  readonly tables: readonly DataverseTableSheet[];
  /** Entity sets of the model that cannot be virtual tables; `warnings` says why. */
  readonly leftOut: readonly string[];
  readonly warnings: readonly DataverseProblem[];
}

/** How the primary key column stands for the table's own key (`nativeKey`, the model's key properties). */
function keyDescription(plan: DataverseSetPlan, nativeKey: readonly string[]): string {
  switch (plan.strategy) {
    case 'uuid':
      return 'the uuid key, served as it is';
    case 'integer':
      return `a Guid that encodes the integer key ${nativeKey.join(', ')} (nothing stored)`;
    case 'configured':
      return `the uuid column named by the model config, the key ${nativeKey.join(', ')} staying an alternate key`;
    case 'surrogate':
      return nativeKey.length === 1
        ? `the uuid column standing for the text key ${nativeKey.join('')}`
        : `the uuid column standing for the composite key (${nativeKey.join(', ')})`;
  }
}

/**
 * The mapping sheet of the Dataverse profile of `model` (`profile = dataverseProfile(model)`):
 * per virtual table, what a maker types into Dataverse; then what cannot be mapped.
 */
export function dataversePlan(model: EdmModel, profile: DataverseProfile): DataversePlan {
  const plans = new Map(profile.sets.map((plan) => [plan.entitySet, plan]));
  const nativeKeys = new Map(model.entitySets.map((set) => [set.name, set.entityType.key ?? []]));
  const tables = profile.model.entitySets.flatMap((set): DataverseTableSheet[] => {
    const plan = plans.get(set.name);
    if (plan === undefined) return [];
    return [
      {
        externalName: set.entityType.name,
        externalCollectionName: set.name,
        primaryKey: { column: plan.key, strategy: plan.strategy, description: keyDescription(plan, nativeKeys.get(set.name) ?? []) },
        primaryName: plan.primaryName,
        columns: set.entityType.properties.map(dataverseColumn),
      },
    ];
  });
  return {
    tables,
    leftOut: model.entitySets.filter((set) => !plans.has(set.name)).map((set) => set.name),
    warnings: profile.problems,
  };
}

/** Rows as columns padded to their widest cell, two spaces apart, without trailing spaces. */
function alignRows(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths = rows.reduce<number[]>((max, row) => row.map((cell, index) => Math.max(max[index] ?? 0, cell.length)), []);
  return rows.map((row) => `${indent}${row.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  ')}`.trimEnd());
}

function formatTable(table: DataverseTableSheet): string[] {
  const header = alignRows(
    [
      ['External Name', table.externalName],
      ['External Collection Name', table.externalCollectionName],
      ['Primary key', `${table.primaryKey.column}: ${table.primaryKey.description}`],
      ['Primary name column', table.primaryName ?? 'none: the table has no text column to use as its primary name'],
    ],
    '  ',
  );
  const columns = alignRows(
    [
      ['Column (External Name)', 'Data type', 'Required level', 'Max length'],
      ...table.columns.map((column) => [column.externalName, column.dataType, column.requiredLevel, column.maxLength === null ? '' : String(column.maxLength)]),
    ],
    '  ',
  );
  return [table.externalCollectionName, ...header, '', ...columns];
}

function formatWarning(problem: DataverseProblem): string {
  return `  ${problem.entitySet}${problem.property === undefined ? '' : `.${problem.property}`}: ${problem.message}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The mapping sheet as plain text, fit for a terminal and for pasting into a ticket. */
export function formatDataversePlan(model: EdmModel, profile: DataverseProfile): string {
  const sheet = dataversePlan(model, profile);
  const summary = [
    `Dataverse virtual tables (OData v4 Data Provider): ${sheet.tables.length}`,
    sheet.leftOut.length === 0 ? 'no entity set left out' : `left out: ${sheet.leftOut.join(', ')}`,
    plural(sheet.warnings.length, 'warning'),
  ].join('; ');
  const sections = sheet.tables.map((table) => formatTable(table).join('\n'));
  const warnings = sheet.warnings.length === 0 ? 'Warnings: none' : ['Warnings:', ...sheet.warnings.map(formatWarning)].join('\n');
  return [`${summary}.`, ...sections, warnings].join('\n\n');
}
