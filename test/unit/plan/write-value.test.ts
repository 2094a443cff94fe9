import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { ODataError } from '../../../src/errors/odata-error.js';
import { buildModel } from '../../../src/model/build-model.js';
import type { Catalog } from '../../../src/model/catalog.js';
import type { EdmProperty } from '../../../src/model/edm-model.js';
import { emptyModelConfig } from '../../../src/model/model-config.js';
import { parseJsonBody } from '../../../src/parse/parse-json-body.js';
import type { WriteValue } from '../../../src/plan/entity-input.js';
import { validatePropertyValue } from '../../../src/plan/validate-entity.js';
import { propertySchema } from '../../../src/plan/write-value.js';
import { column, numericMod, varcharMod } from '../../support/sample-catalog.js';

/** numeric(5,-2): Postgres 15+ stores a negative scale as 11-bit two's complement; the model reads it as Scale variable. */
const negativeScaleMod = ((5 << 16) | (-2 & 0x7ff)) + 4;

/** One column of every type the model maps, and collections. */
const catalog: Catalog = {
  relations: [
    {
      schema: 'public',
      name: 'gadgets',
      kind: 'table',
      columns: [
        column('id', 'int4', { notNull: true }),
        column('flag', 'bool'),
        column('small', 'int2'),
        column('count', 'int4'),
        column('big', 'int8'),
        column('amount', 'numeric', { typmod: numericMod(5, 2) }),
        column('whole', 'numeric', { typmod: numericMod(3, 0) }),
        column('any_number', 'numeric'),
        column('rounded', 'numeric', { typmod: negativeScaleMod }),
        column('ratio', 'float4'),
        column('measure', 'float8'),
        column('label', 'varchar', { typmod: varcharMod(3) }),
        column('note', 'text'),
        column('token', 'uuid'),
        column('day', 'date'),
        column('at', 'timestamptz'),
        column('clock', 'time'),
        column('span', 'interval'),
        column('blob', 'bytea'),
        column('mood', 'mood', { typeSchema: 'public', typeKind: 'e' }),
        column('doc', 'tsvector'),
        column('labels', 'varchar', { isArray: true, typmod: varcharMod(3), formatted: 'character varying(3)[]' }),
        column('scores', 'int2', { isArray: true, formatted: 'smallint[]' }),
        column('blobs', 'bytea', { isArray: true, formatted: 'bytea[]' }),
      ],
      primaryKey: ['id'],
      uniqueKeys: [],
      foreignKeys: [],
      constraints: [],
      tracked: false,
    },
  ],
  enums: [{ schema: 'public', name: 'mood', labels: ['happy', 'sad'] }],
};

const model = buildModel(catalog, { namespace: 'Lab', config: emptyModelConfig }).model;
const gadget = model.entitySets[0]?.entityType;

function property(name: string): EdmProperty {
  const found = gadget?.properties.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no property ${name}`);
  return found;
}

/** No column maps to Byte or SByte; these are the Int16 column typed so. */
const byte: EdmProperty = { ...property('small'), name: 'byte', type: { kind: 'primitive', name: 'Edm.Byte' } };
const sbyte: EdmProperty = { ...property('small'), name: 'sbyte', type: { kind: 'primitive', name: 'Edm.SByte' } };
const strictLabels: EdmProperty = { ...property('labels'), nullable: false };
const requiredNote: EdmProperty = { ...property('note'), nullable: false };

function body(json: string) {
  return parseJsonBody(Buffer.from(`{"value":${json}}`, 'utf8'), { maxDepth: 16 });
}

function write(target: string | EdmProperty, json: string): WriteValue {
  return validatePropertyValue(body(json), typeof target === 'string' ? property(target) : target, model);
}

function written(target: string | EdmProperty, json: string): unknown {
  const value = write(target, json);
  return value.kind === 'null' ? null : value.value;
}

function problemTargets(target: string | EdmProperty, json: string): (string | undefined)[] {
  try {
    write(target, json);
  } catch (error) {
    if (!(error instanceof ODataError)) throw error;
    expect(error.status).toBe(400);
    expect(error.code).toBe(ErrorCodes.invalidBody);
    expect(error.details.every((detail) => detail.code === ErrorCodes.invalidBody)).toBe(true);
    return error.details.map((detail) => detail.target);
  }
  throw new Error(`${json} was accepted`);
}

type Row = readonly [json: string, text: string];

function accepts(name: string | EdmProperty, rows: readonly Row[]): void {
  it.each(rows)(`accepts %s as %s`, (json, text) => {
    expect(written(name, json)).toBe(text);
  });
}

function refuses(name: string | EdmProperty, values: readonly string[]): void {
  const target = typeof name === 'string' ? name : name.name;
  it.each(values)('refuses %s', (json) => {
    expect(problemTargets(name, json)).toEqual([target]);
  });
}

describe('Boolean', () => {
  accepts('flag', [['true', 'true'], ['false', 'false']]);
  refuses('flag', ['"true"', '1', '0', '{}']);
});

describe('integers', () => {
  describe('Byte', () => {
    accepts(byte, [['0', '0'], ['255', '255']]);
    refuses(byte, ['-1', '256']);
  });
  describe('SByte', () => {
    accepts(sbyte, [['-128', '-128'], ['127', '127']]);
    refuses(sbyte, ['-129', '128']);
  });
  describe('Int16', () => {
    accepts('small', [['32767', '32767'], ['-32768', '-32768'], ['-0', '-0']]);
    refuses('small', ['32768', '-32769', '1.0', '1e2', '"5"', 'true', '[1]']);
  });
  describe('Int32', () => {
    accepts('count', [['2147483647', '2147483647'], ['-2147483648', '-2147483648']]);
    refuses('count', ['2147483648', '-2147483649', '"7"']);
  });
  describe('Int64 (numbers and IEEE754Compatible strings)', () => {
    accepts('big', [
      ['9223372036854775807', '9223372036854775807'],
      ['-9223372036854775808', '-9223372036854775808'],
      ['"9223372036854775807"', '9223372036854775807'],
      ['"000123"', '000123'],
    ]);
    refuses('big', ['9223372036854775808', '-9223372036854775809', `"${'9'.repeat(10_000)}"`, '"12a"', '""', '" 1"', '"1e3"', '1.5']);
  });
});

describe('Decimal', () => {
  describe('Precision 5, Scale 2', () => {
    accepts('amount', [
      ['999.99', '999.99'],
      ['-999.99', '-999.99'],
      ['12.50', '12.50'],
      ['12.500', '12.500'],
      ['"12.5"', '12.5'],
      ['"+5"', '5'],
      ['"007.5"', '7.5'],
      ['1.2e2', '120'],
      ['12345e-2', '123.45'],
      ['1.5E-1', '0.15'],
      ['-0.5', '-0.5'],
      ['0.000', '0'],
      ['-0', '0'],
      ['"0.0001e2"', '0.01'],
    ]);
    refuses('amount', ['1000', '999.999', '0.001', '1e3', '1e999999999', '1e-999999999', '"abc"', '"1."', '".5"', '"INF"', '"NaN"', 'true']);
  });
  describe('Precision 3, Scale 0', () => {
    accepts('whole', [['999', '999'], ['1.0', '1.0'], ['9.99e2', '999']]);
    refuses('whole', ['1000', '1.5', '0.1']);
  });
  describe('unconstrained (Scale variable, no Precision)', () => {
    accepts('any_number', [
      ['12345678901234567890.123456789', '12345678901234567890.123456789'],
      ['"12345678901234567890.123456789"', '12345678901234567890.123456789'],
      ['1e5', '100000'],
      ['1e-5', '0.00001'],
    ]);
    refuses('any_number', ['1e200000', '1e-20000']);
  });
  describe('Precision 5, Scale variable', () => {
    accepts('rounded', [['12345', '12345'], ['123.45', '123.45'], ['0.00123', '0.00123']]);
    refuses('rounded', ['123456', '1.23456']);
  });
  it('refuses an enormous exponent without building its digits', () => {
    const started = performance.now();
    expect(problemTargets('any_number', `1e${'9'.repeat(1000)}`)).toEqual(['any_number']);
    expect(problemTargets('any_number', '1e-99999999999')).toEqual(['any_number']);
    expect(written('any_number', `0.${'0'.repeat(10_000)}1${'0'.repeat(100_000)}`)).toHaveLength(110_003);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('Double and Single', () => {
  describe('Double', () => {
    accepts('measure', [
      ['1.5', '1.5'],
      ['-1e308', '-1e308'],
      ['5e-324', '5e-324'],
      ['0e-400', '0e-400'],
      ['"INF"', 'Infinity'],
      ['"-INF"', '-Infinity'],
      ['"NaN"', 'NaN'],
    ]);
    refuses('measure', ['1e309', '1e-400', '"1.5"', '"inf"', '"Infinity"', 'true']);
  });
  describe('Single', () => {
    accepts('ratio', [['3.4028234663852886e38', '3.4028234663852886e38'], ['1.4e-45', '1.4e-45'], ['"INF"', 'Infinity']]);
    refuses('ratio', ['3.5e38', '-3.5e38', '1e-46']);
  });
});

describe('String', () => {
  accepts('label', [['"abc"', 'abc'], ['"😀😀😀"', '😀😀😀'], ['"é€"', 'é€'], ['""', '']]);
  refuses('label', ['"abcd"', '"😀😀😀😀"', '"ab😀😀"', '"a\\u0000"', '5', '["a"]']);
  accepts('note', [[JSON.stringify('x'.repeat(100_000)), 'x'.repeat(100_000)]]);
  refuses('note', ['"\\u0000"', '"\\ud800"', '"a\\udc00b"', '"\\ude00\\ud83d"']);
  accepts('note', [['"\\ud83d\\ude00"', '😀']]);
  it('reads any string into a text-fallback column (Postgres checks its syntax)', () => {
    expect(written('doc', `"'a' & 'b'"`)).toBe("'a' & 'b'");
    expect(problemTargets('doc', '5')).toEqual(['doc']);
  });
});

describe('Guid', () => {
  accepts('token', [['"01234567-89ab-cdef-0123-456789ABCDEF"', '01234567-89ab-cdef-0123-456789ABCDEF']]);
  refuses('token', ['"0123"', '"{01234567-89ab-cdef-0123-456789abcdef}"', '"01234567-89ab-cdef-0123-456789abcdeg"', '1']);
});

describe('Date, DateTimeOffset, TimeOfDay', () => {
  describe('Date', () => {
    accepts('day', [['"2024-02-29"', '2024-02-29'], ['"2000-02-29"', '2000-02-29'], ['"0001-01-01"', '0001-01-01'], ['"12345-12-31"', '12345-12-31']]);
    refuses('day', ['"2023-02-29"', '"1900-02-29"', '"2024-04-31"', '"2024-13-01"', '"2024-1-01"', '"0000-01-01"', '"-0001-01-01"', '"2024-01-01T00:00Z"', '20240101']);
  });
  describe('DateTimeOffset', () => {
    accepts('at', [
      ['"2024-01-31T10:00Z"', '2024-01-31T10:00Z'],
      ['"2024-01-31T10:00:00.1234567+01:00"', '2024-01-31T10:00:00.1234567+01:00'],
      ['"2024-01-31T23:59:59-12:00"', '2024-01-31T23:59:59-12:00'],
    ]);
    refuses('at', ['"2024-01-31T10:00:00"', '"2024-01-31"', '"2024-02-30T10:00Z"', '"2024-01-31T24:00Z"', '"2024-01-31 10:00Z"', '"2024-01-31T10:00+1:00"']);
  });
  describe('TimeOfDay', () => {
    accepts('clock', [['"10:00"', '10:00'], ['"23:59:59.999"', '23:59:59.999'], ['"00:00:00"', '00:00:00']]);
    refuses('clock', ['"24:00"', '"10:60"', '"10"', '"10:00Z"', '"1:00"']);
  });
});

describe('Duration', () => {
  accepts('span', [
    ['"P1DT2H30M"', 'P1DT2H30M'],
    ['"PT0.5S"', 'PT0.5S'],
    ['"P12D"', 'P12D'],
    ['"-P1DT2H"', 'P-1DT-2H'],
    ['"-PT1M1.5S"', 'PT-1M-1.5S'],
  ]);
  refuses('span', ['"P1Y"', '"P"', '"PT"', '"P1DT"', '"1 day"', `"P1D'"`, '"P1D\'\'"', '5']);
});

describe('Binary', () => {
  it.each([
    ['"AQID"', [1, 2, 3]],
    ['"AQI="', [1, 2]],
    ['"AQI"', [1, 2]],
    ['"AQ=="', [1]],
    ['"-_8"', [0xfb, 0xff]],
    ['"+/8="', [0xfb, 0xff]],
    ['""', []],
  ])('reads %s as bytes', (json, bytes) => {
    expect(written('blob', json)).toEqual(Buffer.from(bytes));
  });
  refuses('blob', ['"A"', '"AQ="', '"AR=="', '"a b"', `"AQ'"`, '[1]']);
  it('reads a large value', () => {
    const bytes = Buffer.alloc(200_000, 7);
    const value = written('blob', JSON.stringify(bytes.toString('base64')));
    expect(Buffer.isBuffer(value) && value.equals(bytes)).toBe(true);
  });
});

describe('enumeration', () => {
  accepts('mood', [['"happy"', 'happy'], ['"sad"', 'sad']]);
  refuses('mood', ['"HAPPY"', '"angry"', '1', '""']);
});

describe('null', () => {
  it('writes null into a nullable property', () => {
    expect(write('note', 'null')).toEqual({ kind: 'null' });
  });
  it('refuses null for a non-nullable property', () => {
    expect(problemTargets('id', 'null')).toEqual(['id']);
    expect(problemTargets(requiredNote, 'null')).toEqual(['note']);
  });
});

describe('collections', () => {
  it('writes an array of element texts, nulls kept', () => {
    expect(written('labels', '["a",null,"abc"]')).toEqual(['a', null, 'abc']);
    expect(written('scores', '[1,-2]')).toEqual(['1', '-2']);
    expect(written('labels', '[]')).toEqual([]);
    expect(written('blobs', '["AQID",null]')).toEqual([Buffer.from([1, 2, 3]), null]);
  });

  it('names each bad element', () => {
    expect(problemTargets('scores', '[1,32768,"x",4]')).toEqual(['scores/1', 'scores/2']);
    expect(problemTargets('labels', '["abcd"]')).toEqual(['labels/0']);
    expect(problemTargets(strictLabels, '["a",null]')).toEqual(['labels/1']);
  });

  it('refuses what is not an array', () => {
    expect(problemTargets('labels', '"a"')).toEqual(['labels']);
    expect(problemTargets('labels', 'null')).toEqual(['labels']);
    expect(problemTargets('labels', '{"0":"a"}')).toEqual(['labels']);
  });
});

describe('validatePropertyValue: the body', () => {
  it('allows annotations beside "value"', () => {
    const json = '{"@odata.context":"$metadata#Gadgets(1)/count","value@odata.type":"#Int32","@Lab.note":1,"value":7}';
    expect(validatePropertyValue(parseJsonBody(Buffer.from(json), { maxDepth: 4 }), property('count'), model)).toEqual({ kind: 'value', value: '7' });
  });

  it.each([
    ['another member', '{"value":7,"other":1}', ['other']],
    ['an annotation of another member', '{"value":7,"other@odata.type":"#Int32"}', ['other@odata.type']],
    ['no value', '{"@odata.context":"x"}', ['value']],
    ['a bad value and another member', '{"value":"x","count":1}', ['count', 'count']],
  ])('refuses %s', (_name, json, targets) => {
    try {
      validatePropertyValue(parseJsonBody(Buffer.from(json), { maxDepth: 4 }), property('count'), model);
    } catch (error) {
      expect(error).toBeInstanceOf(ODataError);
      expect((error as ODataError).details.map((detail) => detail.target).sort()).toEqual([...targets].sort());
      return;
    }
    throw new Error('accepted');
  });

  it.each(['[7]', '7', 'null'])('refuses the body %s, which is not an object', (json) => {
    expect(() => validatePropertyValue(parseJsonBody(Buffer.from(json), { maxDepth: 4 }), property('count'), model)).toThrow(ODataError);
  });
});

describe('propertySchema', () => {
  it('builds the schema of a property once', () => {
    expect(propertySchema(property('amount'), model)).toBe(propertySchema(property('amount'), model));
    expect(propertySchema(property('amount'), model)).not.toBe(propertySchema(property('whole'), model));
  });
});
