import type { EdmProperty } from './edm-model.js';

/**
 * What a column of the Dataverse profile is: one of the eight EDM types the OData v4 Data
 * Provider maps, or `Edm.Date` for a date column, which the profile serves as an
 * `Edm.DateTimeOffset` at midnight UTC.
 */
export type DataverseColumnType =
  | 'Edm.Guid'
  | 'Edm.String'
  | 'Edm.Int32'
  | 'Edm.Int64'
  | 'Edm.Decimal'
  | 'Edm.Double'
  | 'Edm.Boolean'
  | 'Edm.DateTimeOffset'
  | 'Edm.Date';

/** The data type a maker picks in Dataverse for a column of each type, as the table designer names it. */
export const DATAVERSE_DATA_TYPES: Readonly<Record<DataverseColumnType, string>> = {
  'Edm.Guid': 'Unique identifier',
  'Edm.String': 'Single line of text (Text)',
  'Edm.Int32': 'Whole number',
  'Edm.Int64': 'Big integer',
  'Edm.Decimal': 'Decimal number',
  'Edm.Double': 'Floating point number',
  'Edm.Boolean': 'Yes/No (two options)',
  'Edm.DateTimeOffset': 'Date and time',
  'Edm.Date': 'Date only',
};

/** Dataverse's required level of a column: it must match the property's `Nullable`. */
export type DataverseRequiredLevel = 'Business required' | 'Optional';

/** One column of a virtual table, as a maker types it into Dataverse. */
export interface DataverseColumn {
  /** The property's name. */
  readonly externalName: string;
  readonly dataType: string;
  readonly requiredLevel: DataverseRequiredLevel;
  /** The longest text the column holds; null for a column that is not text. */
  readonly maxLength: number | null;
}

function columnType(property: EdmProperty): DataverseColumnType {
  const name = property.type.kind === 'primitive' ? property.type.name : null;
  if (name === 'Edm.DateTimeOffset' && property.representation?.kind === 'instantOfDate') return 'Edm.Date';
  if (!property.collection && name !== null && name !== 'Edm.Date' && Object.hasOwn(DATAVERSE_DATA_TYPES, name)) return name as DataverseColumnType;
  throw new Error(`${property.name} is ${property.collection ? 'a collection of ' : ''}${property.type.name}, which the Dataverse profile does not serve`);
}

/**
 * A property of the Dataverse profile (`dataverseProfile`) as a column of the virtual table.
 * It is business required when a client must send it: not nullable, and neither computed nor
 * given a default by the database.
 */
export function dataverseColumn(property: EdmProperty): DataverseColumn {
  const type = columnType(property);
  return {
    externalName: property.name,
    dataType: DATAVERSE_DATA_TYPES[type],
    requiredLevel: !property.nullable && !property.computed && !property.hasDefault ? 'Business required' : 'Optional',
    maxLength: type === 'Edm.String' ? (property.maxLength ?? null) : null,
  };
}
