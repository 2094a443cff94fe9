import { describe, expect, it } from 'vitest';
import { DATAVERSE_DATA_TYPES, dataverseColumn } from '../../../src/model/dataverse-columns.js';
import { dataverseProfile } from '../../../src/model/dataverse-profile.js';
import type { EdmPrimitiveName, EdmProperty, PropertyRepresentation } from '../../../src/model/edm-model.js';
import { sampleModel } from '../../support/sample-catalog.js';

/** A not-null property a client must send; pass what differs. */
function property(type: EdmPrimitiveName, extra: Partial<EdmProperty> = {}): EdmProperty {
  return {
    name: 'value',
    column: 'value',
    type: { kind: 'primitive', name: type },
    collection: false,
    nullable: false,
    pgType: { schema: 'pg_catalog', name: 'text', formatted: 'text', isArray: false },
    hasDefault: false,
    computed: false,
    textFallback: false,
    ...extra,
  };
}

const dateAtMidnight: PropertyRepresentation = { kind: 'instantOfDate' };

describe('DATAVERSE_DATA_TYPES', () => {
  it.each<[EdmPrimitiveName, PropertyRepresentation | undefined, string]>([
    ['Edm.Guid', undefined, 'Unique identifier'],
    ['Edm.String', undefined, 'Single line of text (Text)'],
    ['Edm.Int32', undefined, 'Whole number'],
    ['Edm.Int64', undefined, 'Big integer'],
    ['Edm.Decimal', undefined, 'Decimal number'],
    ['Edm.Double', undefined, 'Floating point number'],
    ['Edm.Boolean', undefined, 'Yes/No (two options)'],
    ['Edm.DateTimeOffset', undefined, 'Date and time'],
    ['Edm.DateTimeOffset', dateAtMidnight, 'Date only'],
  ])('%s (%o) is a column of type %s', (type, representation, dataType) => {
    const column = dataverseColumn(property(type, representation === undefined ? {} : { representation }));
    expect(column.dataType).toBe(dataType);
  });

  it('names each of the eight types Dataverse maps, and the date served at midnight UTC, with a type of its own', () => {
    expect(Object.keys(DATAVERSE_DATA_TYPES).sort()).toEqual(
      ['Edm.Boolean', 'Edm.Date', 'Edm.DateTimeOffset', 'Edm.Decimal', 'Edm.Double', 'Edm.Guid', 'Edm.Int32', 'Edm.Int64', 'Edm.String'].sort(),
    );
    expect(new Set(Object.values(DATAVERSE_DATA_TYPES)).size).toBe(Object.keys(DATAVERSE_DATA_TYPES).length);
  });

  it.each<[string, EdmProperty]>([
    ['Edm.Date (the profile serves it as Edm.DateTimeOffset)', property('Edm.Date')],
    ['Edm.Int16', property('Edm.Int16')],
    ['Edm.Binary', property('Edm.Binary')],
    ['a collection', property('Edm.String', { collection: true })],
    ['an enumeration', property('Edm.String', { type: { kind: 'enum', name: 'Mood', qualifiedName: 'Demo.Mood' } })],
  ])('refuses %s, which the Dataverse profile never serves', (_name, unmapped) => {
    expect(() => dataverseColumn(unmapped)).toThrow(/value/);
  });

  it('has a data type for every column of the profile of a model', () => {
    const profile = dataverseProfile(sampleModel());
    const columns = profile.model.entitySets.flatMap((set) => set.entityType.properties.map(dataverseColumn));
    expect(columns.length).toBeGreaterThan(0);
    for (const column of columns) expect(Object.values(DATAVERSE_DATA_TYPES)).toContain(column.dataType);
  });
});

describe('dataverseColumn', () => {
  it('is named as the property', () => {
    expect(dataverseColumn(property('Edm.Int32', { name: 'category_id' })).externalName).toBe('category_id');
  });

  it.each<[string, string, Partial<EdmProperty>]>([
    ['not null, no default (the client must send it)', 'Business required', {}],
    ['nullable', 'Optional', { nullable: true }],
    ['not null with a default', 'Optional', { hasDefault: true }],
    ['not null and computed', 'Optional', { computed: true }],
  ])('a column %s is %s', (_name, level, extra) => {
    expect(dataverseColumn(property('Edm.Int32', extra)).requiredLevel).toBe(level);
  });

  it('gives text its maximum length, and no length to other types', () => {
    expect(dataverseColumn(property('Edm.String', { maxLength: 80 })).maxLength).toBe(80);
    expect(dataverseColumn(property('Edm.String')).maxLength).toBeNull();
    expect(dataverseColumn(property('Edm.Decimal', { maxLength: 12 })).maxLength).toBeNull();
  });
});
