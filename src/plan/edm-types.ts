import type { EdmPrimitiveName } from '../model/edm-model.js';
import type { ExprType, PgScalar, PgTypeRef } from './bound-expr.js';

const PG_SCALAR: Readonly<Record<EdmPrimitiveName, PgScalar>> = {
  'Edm.Binary': 'bytea',
  'Edm.Boolean': 'bool',
  'Edm.Byte': 'int2',
  'Edm.Date': 'date',
  'Edm.DateTimeOffset': 'timestamptz',
  'Edm.Decimal': 'numeric',
  'Edm.Double': 'float8',
  'Edm.Duration': 'interval',
  'Edm.Guid': 'uuid',
  'Edm.Int16': 'int2',
  'Edm.Int32': 'int4',
  'Edm.Int64': 'int8',
  'Edm.SByte': 'int2',
  'Edm.Single': 'float4',
  'Edm.String': 'text',
  'Edm.TimeOfDay': 'time',
};

/** Numeric types from narrowest to widest, in OData's promotion order. */
const NUMERIC_ORDER: readonly EdmPrimitiveName[] = [
  'Edm.Byte', 'Edm.SByte', 'Edm.Int16', 'Edm.Int32', 'Edm.Int64', 'Edm.Decimal', 'Edm.Single', 'Edm.Double',
];

export function primitive(name: EdmPrimitiveName): ExprType {
  return { kind: 'primitive', name };
}

export function isNumeric(type: ExprType): boolean {
  return type.kind === 'primitive' && NUMERIC_ORDER.includes(type.name);
}

export function isPrimitive(type: ExprType, ...names: EdmPrimitiveName[]): boolean {
  return type.kind === 'primitive' && names.includes(type.name);
}

/** The wider of two numeric types (OData numeric promotion). */
export function promote(a: ExprType, b: ExprType): ExprType {
  if (a.kind !== 'primitive' || b.kind !== 'primitive') return a;
  return NUMERIC_ORDER.indexOf(a.name) >= NUMERIC_ORDER.indexOf(b.name) ? a : b;
}

export function pgTypeOf(type: ExprType): PgTypeRef {
  switch (type.kind) {
    case 'primitive':
      return { kind: 'scalar', name: PG_SCALAR[type.name] };
    case 'enum':
      return { kind: 'enum', schema: type.enumType.pgSchema, name: type.enumType.pgName };
    case 'null':
      return { kind: 'scalar', name: 'text' };
  }
}

export function typeName(type: ExprType): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'enum':
      return type.enumType.qualifiedName;
    case 'null':
      return 'null';
  }
}

/** Whether values of the two types can be compared with eq/ne/gt/ge/lt/le. */
export function comparable(a: ExprType, b: ExprType): boolean {
  if (a.kind === 'null' || b.kind === 'null') return true;
  if (isNumeric(a) && isNumeric(b)) return true;
  if (a.kind === 'enum' || b.kind === 'enum') return a.kind === 'enum' && b.kind === 'enum' && a.enumType === b.enumType;
  if (isPrimitive(a, 'Edm.Date', 'Edm.DateTimeOffset') && isPrimitive(b, 'Edm.Date', 'Edm.DateTimeOffset')) return true;
  return a.name === b.name;
}
