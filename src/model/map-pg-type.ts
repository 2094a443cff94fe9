import type { CatalogColumn } from './catalog.js';
import type { EdmPrimitiveName } from './edm-model.js';

/** The EDM side of a Postgres column type (element type for arrays). */
export interface MappedType {
  readonly type: EdmPrimitiveName | 'enum';
  readonly maxLength?: number;
  readonly precision?: number;
  readonly scale?: number | 'variable';
  /** No EDM counterpart: exposed as Edm.String holding the Postgres text form. */
  readonly textFallback: boolean;
}

const VARHDRSZ = 4;

const FIXED: Readonly<Record<string, EdmPrimitiveName>> = {
  uuid: 'Edm.Guid',
  int2: 'Edm.Int16',
  int4: 'Edm.Int32',
  int8: 'Edm.Int64',
  float4: 'Edm.Single',
  float8: 'Edm.Double',
  bool: 'Edm.Boolean',
  text: 'Edm.String',
  citext: 'Edm.String',
  name: 'Edm.String',
  date: 'Edm.Date',
  timestamptz: 'Edm.DateTimeOffset',
  timestamp: 'Edm.DateTimeOffset',
  time: 'Edm.TimeOfDay',
  interval: 'Edm.Duration',
  bytea: 'Edm.Binary',
};

function numeric(typmod: number): MappedType {
  if (typmod < VARHDRSZ) return { type: 'Edm.Decimal', scale: 'variable', textFallback: false };
  const packed = typmod - VARHDRSZ;
  const precision = (packed >> 16) & 0xffff;
  // Postgres 15+ allows a negative scale, stored as an 11-bit two's complement.
  const rawScale = packed & 0x7ff;
  const scale = rawScale > 0x3ff ? rawScale - 0x800 : rawScale;
  if (scale < 0 || scale > precision) return { type: 'Edm.Decimal', precision, scale: 'variable', textFallback: false };
  return { type: 'Edm.Decimal', precision, scale, textFallback: false };
}

function characters(typmod: number): MappedType {
  return typmod >= VARHDRSZ
    ? { type: 'Edm.String', maxLength: typmod - VARHDRSZ, textFallback: false }
    : { type: 'Edm.String', textFallback: false };
}

/** Maps a column's (element) type to EDM; unknown types fall back to their text form. */
export function mapPgType(column: CatalogColumn): MappedType {
  if (column.typeKind === 'e') return { type: 'enum', textFallback: false };
  if (column.typeSchema === 'pg_catalog') {
    if (column.typeName === 'numeric') return numeric(column.typmod);
    if (column.typeName === 'varchar' || column.typeName === 'bpchar') return characters(column.typmod);
    const fixed = FIXED[column.typeName];
    if (fixed !== undefined) return { type: fixed, textFallback: false };
  }
  if (column.typeName === 'citext') return { type: 'Edm.String', textFallback: false };
  return { type: 'Edm.String', textFallback: true };
}
