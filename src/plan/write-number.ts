import { z } from 'zod';
import type { EdmPrimitiveName } from '../model/edm-model.js';
import { isJsonNumber, type JsonNumber } from '../parse/parse-json-body.js';
import { expecting, jsonNumberText, reject } from './json-value-schema.js';

/** The integer types. */
export type IntegerTypeName = Extract<EdmPrimitiveName, 'Edm.Byte' | 'Edm.SByte' | 'Edm.Int16' | 'Edm.Int32' | 'Edm.Int64'>;

const integerRanges: Readonly<Record<IntegerTypeName, readonly [bigint, bigint]>> = {
  'Edm.Byte': [0n, 255n],
  'Edm.SByte': [-128n, 127n],
  'Edm.Int16': [-32768n, 32767n],
  'Edm.Int32': [-(2n ** 31n), 2n ** 31n - 1n],
  'Edm.Int64': [-(2n ** 63n), 2n ** 63n - 1n],
};

/** An Int64 has at most 19 digits: longer text is out of range without converting it. */
const maxIntegerDigits = 19;

/** Postgres numeric holds up to this many digits before and after the decimal point. */
const pgNumericIntegerDigits = 131072;
const pgNumericFractionDigits = 16383;

/** Decimal facets of the property (`scale` `'variable'`: any position of the decimal point). */
export interface DecimalFacets {
  readonly precision?: number;
  readonly scale?: number | 'variable';
}

export function isIntegerType(name: EdmPrimitiveName): name is IntegerTypeName {
  return name in integerRanges;
}

/** Whether `text` is an integer (`-?digits`) within the type's range. */
export function isIntegerInRange(type: IntegerTypeName, text: string): boolean {
  const [min, max] = integerRanges[type];
  const digits = /^-?(\d+)$/.exec(text)?.[1];
  if (digits === undefined || digits.replace(/^0+/, '').length > maxIntegerDigits) return false;
  const value = BigInt(text);
  return value >= min && value <= max;
}

/** An integer within the type's range: a JSON number, or for Int64 also a string. Written as sent. */
export function integerSchema(type: IntegerTypeName): z.ZodType<string> {
  const [min, max] = integerRanges[type];
  const expected = `an integer from ${min} to ${max}`;
  return jsonNumberText(expected, type === 'Edm.Int64').transform((text, ctx) => (isIntegerInRange(type, text) ? text : reject(ctx, `must be ${expected}`)));
}

function digitLimits(facets: DecimalFacets): { integer: number; fraction: number; total: number } {
  const { precision, scale } = facets;
  if (precision === undefined) {
    return { integer: pgNumericIntegerDigits, fraction: typeof scale === 'number' ? scale : pgNumericFractionDigits, total: Infinity };
  }
  if (scale === 'variable') return { integer: precision, fraction: precision, total: precision };
  const fixedScale = scale ?? 0;
  return { integer: precision - fixedScale, fraction: fixedScale, total: precision };
}

/**
 * A decimal number, plain or with an exponent, as a JSON number or string, within the
 * property's precision and scale. Written as plain decimal text (`1.25e3` → `1250`); the digits
 * after the decimal point stay as sent (`12.50`). Exponents are handled by counting, so `1e999999999`
 * is refused without building its digits.
 */
export function decimalSchema(facets: DecimalFacets): z.ZodType<string> {
  const limits = digitLimits(facets);
  return jsonNumberText('a decimal number', true).transform((text, ctx) => {
    const parts = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (parts === null) return reject(ctx, 'must be a decimal number');
    const [, sign = '', whole = '', fraction = '', exponent = '0'] = parts;
    const digits = whole + fraction;
    const first = digits.search(/[1-9]/);
    if (first < 0) return '0';
    let last = digits.length - 1;
    while (digits.charCodeAt(last) === 0x30) last -= 1;
    const point = whole.length + Number(exponent);
    const integerDigits = Math.max(0, point - first);
    const fractionDigits = Math.max(0, last + 1 - point);
    if (integerDigits > limits.integer) return reject(ctx, `must have at most ${limits.integer} digits before the decimal point`);
    if (fractionDigits > limits.fraction) return reject(ctx, `must have at most ${limits.fraction} digits after the decimal point`);
    if (integerDigits + fractionDigits > limits.total) return reject(ctx, `must have at most ${limits.total} digits`);
    const integerPart = point <= first ? '0' : digits.slice(first, point).padEnd(point - first, '0');
    const fractionPart = point >= digits.length ? '' : point >= 0 ? digits.slice(point) : `${'0'.repeat(-point)}${digits}`;
    return `${sign === '-' ? '-' : ''}${integerPart}${fractionPart === '' ? '' : `.${fractionPart}`}`;
  });
}

const floatSpecials: ReadonlyMap<string, string> = new Map([
  ['INF', 'Infinity'],
  ['-INF', '-Infinity'],
  ['NaN', 'NaN'],
]);

/**
 * A Double or Single: a JSON number the type can hold (no overflow to infinity, no underflow of a
 * non-zero value to zero), or one of the strings `INF`, `-INF`, `NaN`, written in Postgres's spelling.
 */
export function floatingSchema(type: 'Edm.Double' | 'Edm.Single'): z.ZodType<string> {
  const round = type === 'Edm.Single' ? Math.fround : (value: number) => value;
  return z
    .custom<JsonNumber | string>(
      (input) => isJsonNumber(input) || (typeof input === 'string' && floatSpecials.has(input)),
      expecting("a number or one of the strings 'INF', '-INF', 'NaN'"),
    )
    .transform((input, ctx) => {
      if (typeof input === 'string') return floatSpecials.get(input) ?? input;
      const value = round(Number(input.text));
      const mantissa = input.text.split(/[eE]/)[0] ?? '';
      if (!Number.isFinite(value) || (value === 0 && /[1-9]/.test(mantissa))) return reject(ctx, `must be within the range of ${type}`);
      return input.text;
    });
}
