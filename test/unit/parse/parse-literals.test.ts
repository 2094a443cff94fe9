import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { parseExpression } from '../../../src/parse/parse-expression.js';
import { parseLiteral } from '../../../src/parse/parse-literal.js';
import type { LiteralType } from '../../../src/parse/syntax.js';
import { expectRejected } from './parse-failure.js';

describe('primitive literals', () => {
  it.each<[string, LiteralType, string]>([
    ['null', 'null', 'null'],
    ['NULL', 'null', 'null'],
    ['true', 'boolean', 'true'],
    ['tRUe', 'boolean', 'true'],
    ['FALSE', 'boolean', 'false'],
    ['0', 'integer', '0'],
    ['-12', 'integer', '-12'],
    ['+42', 'integer', '42'],
    ['123456789012345678901234567890', 'integer', '123456789012345678901234567890'],
    ['-9223372036854775808', 'integer', '-9223372036854775808'],
    ['1.50', 'decimal', '1.50'],
    ['-0.5', 'decimal', '-0.5'],
    ['1e10', 'double', '1e10'],
    ['1E10', 'double', '1e10'],
    ['1e+10', 'double', '1e10'],
    ['+0.314e+1', 'double', '0.314e1'],
    ['-1.234567e-3', 'double', '-1.234567e-3'],
    ['INF', 'double', 'INF'],
    ['-INF', 'double', '-INF'],
    ['NaN', 'double', 'NaN'],
    ["'text'", 'string', 'text'],
    ["''", 'string', ''],
    ["'it''s'", 'string', "it's"],
    ["'7'''' Tablet'", 'string', "7'' Tablet"],
    ["'a)b(c,d'", 'string', 'a)b(c,d'],
    ["'P1D'", 'string', 'P1D'],
    ['3fa85f64-5717-4562-b3fc-2c963f66afa6', 'guid', '3fa85f64-5717-4562-b3fc-2c963f66afa6'],
    ['FA85F643-5717-4562-B3FC-2C963F66AFA6', 'guid', 'fa85f643-5717-4562-b3fc-2c963f66afa6'],
    ['2012-09-03', 'date', '2012-09-03'],
    ['0000-01-01', 'date', '0000-01-01'],
    ['-10000-04-01', 'date', '-10000-04-01'],
    ['2012-09-03T08:00:00Z', 'dateTimeOffset', '2012-09-03T08:00:00Z'],
    ['2012-09-03T14:53+02:00', 'dateTimeOffset', '2012-09-03T14:53+02:00'],
    ['2012-09-03T08:00:00+01:00', 'dateTimeOffset', '2012-09-03T08:00:00+01:00'],
    ['2012-08-31T18:19:22.1234567-05:30', 'dateTimeOffset', '2012-08-31T18:19:22.1234567-05:30'],
    ['1972-06-30T23:59:60Z', 'dateTimeOffset', '1972-06-30T23:59:60Z'],
    ['11:22', 'timeOfDay', '11:22'],
    ['23:59:59.999999999999', 'timeOfDay', '23:59:59.999999999999'],
    ["duration'P1DT2H'", 'duration', 'P1DT2H'],
    ["DURATION'-P6DT23H59M59.9999S'", 'duration', '-P6DT23H59M59.9999S'],
    ["duration'PT0.5S'", 'duration', 'PT0.5S'],
    ["binary''", 'binary', ''],
    ["binary'Zm9vYmFy'", 'binary', 'Zm9vYmFy'],
    ["binary'Zg=='", 'binary', 'Zg=='],
    ["binary'Zg'", 'binary', 'Zg'],
    ["binary'Zm8-_w'", 'binary', 'Zm8-_w'],
    ["geography'SRID=4326;Point(142.1 64.1)'", 'geography', 'SRID=4326;Point(142.1 64.1)'],
    ["geometry'SRID=0;Polygon((1 1,1 1),(1 1,2 2,3 3,1 1))'", 'geometry', 'SRID=0;Polygon((1 1,1 1),(1 1,2 2,3 3,1 1))'],
    ["geography'SRID=0;MultiPoint()'", 'geography', 'SRID=0;MultiPoint()'],
    ["geometry'SRID=0;GeometryCollection(LineString(142.1 64.1,3.14 2.78))'", 'geometry', 'SRID=0;GeometryCollection(LineString(142.1 64.1,3.14 2.78))'],
  ])('%s', (input, type, value) => {
    expect(parseExpression(input)).toEqual({ kind: 'literal', type, value, pos: 0 });
    expect(parseLiteral(input)).toEqual({ kind: 'literal', type, value, pos: 0 });
  });

  it.each([
    ["Sales.Pattern'Yellow'", 'Sales.Pattern', 'Yellow'],
    ["Sales.Pattern'Solid,Yellow'", 'Sales.Pattern', 'Solid,Yellow'],
    ["Sales.Pattern'Yellow,32'", 'Sales.Pattern', 'Yellow,32'],
    ["My.Deep.Ns.Color'-1'", 'My.Deep.Ns.Color', '-1'],
  ])('enum %s', (input, enumType, value) => {
    expect(parseExpression(input)).toEqual({ kind: 'literal', type: 'enum', value, enumType, pos: 0 });
  });

  it('keeps the position of literals inside an expression', () => {
    expect(parseExpression("Name eq 'x'")).toMatchObject({ right: { type: 'string', value: 'x', pos: 8 } });
  });
});

describe('invalid literals', () => {
  it.each([
    ['2012-13-01', 0, 'month 13'],
    ['2012-02-32', 0, 'day 32'],
    ['2012-00-10', 0, 'month 00'],
    ['a eq 2011-12-31T24:00Z', 5, 'hour 24'],
    ['2012-09-03T23:60Z', 0, 'minute 60'],
    ['2012-09-03T08:00+24:00', 0, 'offset hour 24'],
    ['24:00:00', 0, 'time 24:00'],
    ['11:22:33.1234567890123', 0, 'more than 12 fractional digits'],
    ["duration'P1Y'", 0, 'years are not day-time'],
    ["duration'P'", 0, 'empty duration'],
    ["duration'P1DT'", 0, 'T without a time part'],
    ["binary'Zh=='", 0, 'non-canonical last character'],
    ["binary'Z+8='", 0, 'base64 instead of base64url'],
    ["geography'Point(1 2)'", 10, 'no SRID'],
    ["geography'SRID=0;Point(1)'", 24, 'one coordinate'],
    ["geometry'SRID=0;LineString(1 2)'", 30, 'a line needs two positions'],
    ["geography'SRID=0;Circle(1 2)'", 17, 'unknown geo type'],
    ["Sales.Pattern'Yel low'", 0, 'member with a space'],
    ["Sales.Pattern''", 0, 'no member'],
  ])('%s (%s)', (input, pos) => {
    expectRejected(() => parseExpression(input), ErrorCodes.invalidLiteral, pos, '$filter');
  });

  it.each([
    ["X'1a2B3c4D'", 0, 'unknown prefix'],
    ["'O'Neil'", 3, 'unescaped quote'],
    ["'open", 0, 'unterminated string'],
    ['42.', 2, 'trailing dot'],
    ['.1', 0, 'no leading digit'],
    ['-0.314e1e2', 8, 'two exponents'],
    ['2x4', 1, 'number glued to a name'],
    ['01234g67-89ab-cdef-0123-456789abcdef', 5, 'not a Guid'],
    ['12:3', 2, 'not a time'],
  ])('%s (%s) is a syntax error', (input, pos) => {
    expectRejected(() => parseExpression(input), ErrorCodes.syntax, pos, '$filter');
  });
});

describe('parseLiteral', () => {
  it.each([['a'], ['1 add 2'], [' 1'], ['1 '], ['(1)'], ['']])('rejects %j', (input) => {
    expectRejected(() => parseLiteral(input), ErrorCodes.syntax, undefined, 'literal');
  });
});
