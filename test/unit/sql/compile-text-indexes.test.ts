import { describe, expect, it } from 'vitest';
import { dataverseProfile } from '../../../src/model/dataverse-profile.js';
import type { EdmEntitySet } from '../../../src/model/edm-model.js';
import { TRIGRAM_EXTENSION_SQL, textIndexName, textIndexes, textIndexStatements } from '../../../src/sql/compile-text-indexes.js';
import { sampleModel } from '../../support/sample-catalog.js';

const profiled = dataverseProfile(sampleModel()).model;

function set(name: string): EdmEntitySet {
  const found = profiled.entitySets.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no set ${name}`);
  return found;
}

/** A set whose table is `table` in `schema`, with the given text columns. */
function renamed(base: EdmEntitySet, schema: string, table: string, columns: readonly string[]): EdmEntitySet {
  const template = base.entityType.properties.find((property) => property.name === 'name');
  if (template === undefined) throw new Error('no name property');
  return {
    ...base,
    name: `${table}Set`,
    table: { ...base.table, schema, name: table },
    entityType: { ...base.entityType, properties: columns.map((column) => ({ ...template, name: column, column })) },
  };
}

describe('the indexes of case-insensitive text comparisons', () => {
  it('indexes lower() of each text column of a set with text_pattern_ops, and nothing else', () => {
    expect(textIndexes([set('Products')], { trigram: false }).map((index) => index.sql)).toEqual([
      'create index concurrently if not exists "odf_ci_products_sku" on "public"."products" (lower("sku") text_pattern_ops)',
      'create index concurrently if not exists "odf_ci_products_name" on "public"."products" (lower("name") text_pattern_ops)',
      'create index concurrently if not exists "odf_ci_products_description" on "public"."products" (lower("description") text_pattern_ops)',
      'create index concurrently if not exists "odf_ci_products_supplier_id" on "public"."products" (lower("supplier_id") text_pattern_ops)',
    ]);
  });

  it('leaves out text read as the text of another type (an enumeration), arrays and the Guid key', () => {
    const columns = textIndexes([set('Products')], { trigram: false }).map((index) => index.property);
    const mood = set('Products').entityType.properties.find((property) => property.name === 'mood');
    expect(mood?.textFallback).toBe(true);
    expect(columns).not.toContain('mood');
    expect(columns).not.toContain('tags');
    expect(columns).not.toContain('id');
  });

  it('adds a pg_trgm GIN index per column with --trigram, after the extension', () => {
    const indexes = textIndexes([set('Categories')], { trigram: true });
    expect(indexes.map((index) => [index.kind, index.name])).toEqual([
      ['pattern', 'odf_ci_categories_name'],
      ['trigram', 'odf_tg_categories_name'],
      ['pattern', 'odf_ci_categories_description'],
      ['trigram', 'odf_tg_categories_description'],
    ]);
    expect(textIndexStatements(indexes).slice(0, 3)).toEqual([
      TRIGRAM_EXTENSION_SQL,
      'create index concurrently if not exists "odf_ci_categories_name" on "public"."categories" (lower("name") text_pattern_ops)',
      'create index concurrently if not exists "odf_tg_categories_name" on "public"."categories" using gin (lower("name") gin_trgm_ops)',
    ]);
    expect(textIndexStatements(textIndexes([set('Categories')], { trigram: false }))).not.toContain(TRIGRAM_EXTENSION_SQL);
  });

  it('creates no index on a view', () => {
    const view: EdmEntitySet = { ...set('Products'), table: { ...set('Products').table, kind: 'view' } };
    expect(textIndexes([view], { trigram: true })).toEqual([]);
  });

  it('quotes every identifier', () => {
    const [index] = textIndexes([renamed(set('Products'), 'my "schema"', 'odd"table', ['a"b'])], { trigram: false });
    expect(index?.name).toBe('odf_ci_odd"table_a"b');
    expect(index?.sql).toBe('create index concurrently if not exists "odf_ci_odd""table_a""b" on "my ""schema"""."odd""table" (lower("a""b") text_pattern_ops)');
  });

  it('cuts a long name to 63 bytes, on a character boundary, with a hash that keeps two such names apart', () => {
    const table = 'ü'.repeat(40);
    const first = textIndexName('pattern', table, 'column_one');
    const second = textIndexName('pattern', table, 'column_two');
    expect(Buffer.byteLength(first)).toBeLessThanOrEqual(63);
    expect(first).toMatch(/^odf_ci_ü+_[0-9a-f]{8}$/);
    expect(first).not.toBe(second);
    expect(textIndexName('pattern', table, 'column_one')).toBe(first);
    expect(textIndexName('pattern', 'products', 'name')).toBe('odf_ci_products_name');
  });

  it('gives two columns whose names would be the same in one schema different names, and indexes a column once', () => {
    const base = set('Products');
    const indexes = textIndexes([renamed(base, 'public', 'a_b', ['c']), renamed(base, 'public', 'a', ['b_c']), renamed(base, 'other', 'a', ['b_c']), renamed(base, 'public', 'a_b', ['c'])], {
      trigram: false,
    });
    expect(indexes.map((index) => index.name)).toEqual(['odf_ci_a_b_c', expect.stringMatching(/^odf_ci_a_b_c_[0-9a-f]{8}$/), 'odf_ci_a_b_c']);
  });
});
