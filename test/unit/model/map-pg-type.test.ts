import { describe, expect, it } from 'vitest';
import { mapPgType, type MappedType } from '../../../src/model/map-pg-type.js';
import { column, numericMod, varcharMod } from '../../support/sample-catalog.js';

describe('mapPgType', () => {
  it.each<[string, Parameters<typeof column>[2], MappedType]>([
    ['uuid', {}, { type: 'Edm.Guid', textFallback: false }],
    ['int2', {}, { type: 'Edm.Int16', textFallback: false }],
    ['int4', {}, { type: 'Edm.Int32', textFallback: false }],
    ['int8', {}, { type: 'Edm.Int64', textFallback: false }],
    ['numeric', { typmod: numericMod(12, 2) }, { type: 'Edm.Decimal', precision: 12, scale: 2, textFallback: false }],
    ['numeric', {}, { type: 'Edm.Decimal', scale: 'variable', textFallback: false }],
    ['float4', {}, { type: 'Edm.Single', textFallback: false }],
    ['float8', {}, { type: 'Edm.Double', textFallback: false }],
    ['bool', {}, { type: 'Edm.Boolean', textFallback: false }],
    ['text', {}, { type: 'Edm.String', textFallback: false }],
    ['varchar', { typmod: varcharMod(80) }, { type: 'Edm.String', maxLength: 80, textFallback: false }],
    ['varchar', {}, { type: 'Edm.String', textFallback: false }],
    ['bpchar', { typmod: varcharMod(2) }, { type: 'Edm.String', maxLength: 2, textFallback: false }],
    ['date', {}, { type: 'Edm.Date', textFallback: false }],
    ['timestamptz', {}, { type: 'Edm.DateTimeOffset', textFallback: false }],
    ['timestamp', {}, { type: 'Edm.DateTimeOffset', textFallback: false }],
    ['time', {}, { type: 'Edm.TimeOfDay', textFallback: false }],
    ['interval', {}, { type: 'Edm.Duration', textFallback: false }],
    ['bytea', {}, { type: 'Edm.Binary', textFallback: false }],
    ['jsonb', {}, { type: 'Edm.String', textFallback: true }],
    ['inet', {}, { type: 'Edm.String', textFallback: true }],
    ['mood', { typeSchema: 'public', typeKind: 'e' }, { type: 'enum', textFallback: false }],
  ])('%s %o', (typeName, extra, expected) => {
    expect(mapPgType(column('c', typeName, extra))).toEqual(expected);
  });

  it('does not take a user type named like a built-in for the built-in', () => {
    expect(mapPgType(column('c', 'uuid', { typeSchema: 'app' }))).toEqual({ type: 'Edm.String', textFallback: true });
  });
});
