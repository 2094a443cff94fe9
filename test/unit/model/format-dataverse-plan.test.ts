import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/model/build-model.js';
import type { Catalog, CatalogRelation } from '../../../src/model/catalog.js';
import { dataverseColumn } from '../../../src/model/dataverse-columns.js';
import { dataverseProfile, SURROGATE_GUID_COLUMN } from '../../../src/model/dataverse-profile.js';
import { dataversePlan, formatDataversePlan, type DataverseTableSheet } from '../../../src/model/format-dataverse-plan.js';
import { emptyModelConfig } from '../../../src/model/model-config.js';
import { column, sampleCatalog } from '../../support/sample-catalog.js';

/** The table with a not-null, unique uuid column `odata_guid`, the surrogate of its key. */
function withSurrogate(relation: CatalogRelation): CatalogRelation {
  return {
    ...relation,
    columns: [...relation.columns, column(SURROGATE_GUID_COLUMN, 'uuid', { notNull: true, hasDefault: true })],
    uniqueKeys: [...relation.uniqueKeys, [SURROGATE_GUID_COLUMN]],
  };
}

/**
 * The sample catalogue with a surrogate on suppliers (text key) and order_lines (composite key,
 * no text column): Categories (integer key), Products (uuid key), Suppliers and OrderLines
 * (surrogates); Readings (no key) is left out.
 */
const catalog: Catalog = {
  ...sampleCatalog,
  relations: sampleCatalog.relations.map((relation) => (['suppliers', 'order_lines'].includes(relation.name) ? withSurrogate(relation) : relation)),
};
const model = buildModel(catalog, { namespace: 'Demo', config: emptyModelConfig }).model;
const profile = dataverseProfile(model);
const plan = dataversePlan(model, profile);
const text = formatDataversePlan(model, profile);

function table(name: string): DataverseTableSheet {
  const found = plan.tables.find((candidate) => candidate.externalCollectionName === name);
  if (found === undefined) throw new Error(`no table ${name}`);
  return found;
}

/** The lines of the text from the one that is `name` to the next blank line after the column table. */
function section(name: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(name);
  expect(start, `no section ${name}`).toBeGreaterThanOrEqual(0);
  const header = lines.indexOf('', start);
  const end = lines.indexOf('', header + 1);
  return lines.slice(start, end === -1 ? undefined : end);
}

describe('dataversePlan', () => {
  it('has a table per set of the profile, named by entity type and entity set, and lists the others as left out', () => {
    expect(plan.tables.map((sheet) => [sheet.externalName, sheet.externalCollectionName])).toEqual(
      profile.model.entitySets.map((set) => [set.entityType.name, set.name]),
    );
    expect(plan.tables.map((sheet) => sheet.externalCollectionName)).toEqual(['Categories', 'Suppliers', 'Products', 'OrderLines']);
    expect(plan.leftOut).toEqual(['Readings']);
  });

  it('names the Guid key and says how it stands for the table’s own key', () => {
    expect(table('Products').primaryKey).toMatchObject({ column: 'id', strategy: 'uuid' });
    expect(table('Categories').primaryKey).toMatchObject({ column: 'CategoryId', strategy: 'integer', description: expect.stringContaining('integer key id') });
    expect(table('Suppliers').primaryKey).toMatchObject({ column: SURROGATE_GUID_COLUMN, strategy: 'surrogate', description: expect.stringContaining('text key id') });
    expect(table('OrderLines').primaryKey).toMatchObject({ strategy: 'surrogate', description: expect.stringContaining('composite key (order_id, line_no)') });
    for (const sheet of plan.tables) expect(sheet.primaryKey.column).toBe(profile.sets.find((set) => set.entitySet === sheet.externalCollectionName)?.key);
  });

  it('has the profile’s primary name, null for a table without text', () => {
    expect(table('Products').primaryName).toBe('name');
    expect(table('OrderLines').primaryName).toBeNull();
  });

  it('has a column per property of the profile, in order', () => {
    for (const set of profile.model.entitySets) {
      expect(table(set.name).columns).toEqual(set.entityType.properties.map(dataverseColumn));
    }
    expect(table('Products').columns.map((column) => column.externalName)).not.toContain('tags');
  });

  it('warns of every problem of the profile', () => {
    expect(plan.warnings).toEqual(profile.problems);
    expect(plan.warnings).toContainEqual(expect.objectContaining({ entitySet: 'Readings' }));
    expect(plan.warnings).toContainEqual(expect.objectContaining({ entitySet: 'Products', property: 'tags' }));
  });
});

describe('formatDataversePlan', () => {
  it('shows for each table its External Name, External Collection Name, primary key and primary name', () => {
    for (const sheet of plan.tables) {
      const lines = section(sheet.externalCollectionName);
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  External Name +${sheet.externalName}$`)));
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  External Collection Name +${sheet.externalCollectionName}$`)));
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  Primary key +${sheet.primaryKey.column}: ${sheet.primaryKey.description.replace(/[()]/g, '\\$&')}$`)));
    }
    expect(section('Products')).toContainEqual(expect.stringMatching(/^ {2}Primary name column +name$/));
    expect(section('OrderLines')).toContainEqual(expect.stringMatching(/^ {2}Primary name column +none: /));
  });

  it('shows the columns of a table as aligned rows of name, data type, required level and max length', () => {
    for (const sheet of plan.tables) {
      const lines = section(sheet.externalCollectionName);
      const header = lines.findIndex((line) => line.includes('Data type'));
      const rows = lines.slice(header + 1);
      expect(rows).toHaveLength(sheet.columns.length);
      const at = (heading: string) => lines[header]?.indexOf(heading) ?? -1;
      sheet.columns.forEach((column, index) => {
        const row = rows[index] ?? '';
        expect(row.slice(0, at('Data type')).trim()).toBe(column.externalName);
        expect(row.slice(at('Data type'), at('Required level')).trim()).toBe(column.dataType);
        expect(row.slice(at('Required level'), at('Max length')).trim()).toBe(column.requiredLevel);
        expect(row.slice(at('Max length')).trim()).toBe(column.maxLength === null ? '' : String(column.maxLength));
      });
    }
  });

  it('ends with every problem of the profile, one line each', () => {
    const warnings = text.slice(text.indexOf('\nWarnings:\n') + '\nWarnings:\n'.length).split('\n');
    expect(warnings).toEqual(profile.problems.map((problem) => `  ${problem.entitySet}${problem.property === undefined ? '' : `.${problem.property}`}: ${problem.message}`));
  });

  it('says how many tables, which sets are left out and how many warnings, first', () => {
    expect(text.split('\n')[0]).toBe(`Dataverse virtual tables (OData v4 Data Provider): 4; left out: Readings; ${profile.problems.length} warnings.`);
  });

  it('is plain text: no colours, no tabs, no trailing spaces', () => {
    expect(text.includes('\u001b')).toBe(false);
    expect(text).not.toMatch(/\t| $/m);
  });

  it('says so when nothing is left out and nothing is to warn of', () => {
    const products = buildModel({ ...catalog, relations: catalog.relations.filter((relation) => relation.name === 'categories') }, { namespace: 'Demo', config: emptyModelConfig }).model;
    const clean = { ...products, entitySets: products.entitySets.map((set) => ({ ...set, entityType: { ...set.entityType, properties: set.entityType.properties.filter((property) => property.name !== 'description') } })) };
    const output = formatDataversePlan(clean, dataverseProfile(clean));
    expect(output.split('\n')[0]).toBe('Dataverse virtual tables (OData v4 Data Provider): 1; no entity set left out; 0 warnings.');
    expect(output.endsWith('\n\nWarnings: none')).toBe(true);
  });
});
