import { parseDateTimeOffset, type RefValue } from './demo-products.js';
import {
  addDecimal,
  compareDecimal,
  decimal,
  decimalToDouble,
  divDecimal,
  modDecimal,
  mulDecimal,
  parseDecimal,
  subDecimal,
  type Decimal,
} from './exact-decimal.js';
import type { ArithmeticOp, CompareOp, Literal } from './filter-ast.js';

/**
 * Values, literals, comparison and arithmetic of the reference evaluator (OData 4.01 Part 2:
 * URL Conventions, sections Logical Operators, Arithmetic Operators and Numeric Promotion).
 */

/** The reference does not model this case (Int32 overflow, a negative substring start…). */
export class ReferenceUndefined extends Error {}

export type Numeric = Extract<RefValue, { type: 'Int32' | 'Decimal' | 'Double' }>;

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;
const DOUBLE_SPECIALS: Readonly<Record<string, number>> = { INF: Infinity, '-INF': -Infinity, NaN: NaN };

export function isNumeric(value: RefValue): value is Numeric {
  return value.type === 'Int32' || value.type === 'Decimal' || value.type === 'Double';
}

export function literalValue(value: Literal): RefValue | null {
  switch (value.type) {
    case 'null':
      return null;
    case 'Boolean':
    case 'String':
      return value;
    case 'Int32':
      return { type: 'Int32', value: BigInt(value.text) };
    case 'Decimal':
      return { type: 'Decimal', value: parseDecimal(value.text) };
    case 'Double':
      return { type: 'Double', value: DOUBLE_SPECIALS[value.text] ?? Number(value.text) };
    case 'Date':
      return { type: 'Date', value: value.text };
    case 'DateTimeOffset':
      return { type: 'DateTimeOffset', value: parseDateTimeOffset(value.text) };
    case 'Guid':
      return { type: 'Guid', value: value.text.toLowerCase() };
  }
}

export function toDouble(value: Numeric): number {
  if (value.type === 'Double') return value.value;
  return value.type === 'Decimal' ? decimalToDouble(value.value) : Number(value.value);
}

export function toDecimal(value: Numeric): Decimal {
  if (value.type === 'Double') throw new ReferenceUndefined('a Double is never narrowed to Decimal');
  return value.type === 'Decimal' ? value.value : decimal(value.value);
}

/** Compares two code point sequences (UTF-16 `<` would put U+FFFD after an astral character). */
function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (char) => char.codePointAt(0) ?? 0);
  const y = Array.from(b, (char) => char.codePointAt(0) ?? 0);
  for (let index = 0; index < Math.min(x.length, y.length); index += 1) {
    const difference = (x[index] ?? 0) - (y[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return Math.sign(x.length - y.length);
}

/** -1, 0 or 1 for two non-null values of comparable types; undefined when unordered (NaN). */
export function compareValues(a: RefValue, b: RefValue): number | undefined {
  if (isNumeric(a) && isNumeric(b)) {
    if (a.type === 'Double' || b.type === 'Double') {
      const [x, y] = [toDouble(a), toDouble(b)];
      return Number.isNaN(x) || Number.isNaN(y) ? undefined : x < y ? -1 : x > y ? 1 : 0;
    }
    return compareDecimal(toDecimal(a), toDecimal(b));
  }
  if (a.type !== b.type) throw new ReferenceUndefined(`cannot compare ${a.type} with ${b.type}`);
  switch (a.type) {
    case 'String':
    case 'Date':
    case 'Guid':
      return compareCodePoints(a.value, b.value as string);
    case 'Boolean':
      return Number(a.value) - Number(b.value as boolean);
    case 'DateTimeOffset':
      return a.value === b.value ? 0 : a.value < (b.value as bigint) ? -1 : 1;
    default:
      throw new ReferenceUndefined(`cannot compare ${a.type} values`);
  }
}

export function equals(a: RefValue | null, b: RefValue | null): boolean {
  if (a === null || b === null) return a === b;
  return compareValues(a, b) === 0;
}

export function evaluateComparison(op: CompareOp, a: RefValue | null, b: RefValue | null): boolean {
  switch (op) {
    case 'eq':
      return equals(a, b);
    case 'ne':
      return !equals(a, b);
    case 'gt':
    case 'lt': {
      if (a === null || b === null) return false;
      const order = compareValues(a, b);
      return order !== undefined && (op === 'gt' ? order > 0 : order < 0);
    }
    case 'ge':
    case 'le':
      return evaluateComparison(op === 'ge' ? 'gt' : 'lt', a, b) || equals(a, b);
  }
}

export function int32(value: bigint): RefValue {
  if (value < INT32_MIN || value > INT32_MAX) throw new ReferenceUndefined(`Int32 overflow: ${value}`);
  return { type: 'Int32', value };
}

export function evaluateArithmetic(op: ArithmeticOp, a: Numeric, b: Numeric): RefValue {
  if (a.type === 'Double' || b.type === 'Double') {
    const [x, y] = [toDouble(a), toDouble(b)];
    const results = { add: x + y, sub: x - y, mul: x * y, div: x / y, mod: x % y };
    return { type: 'Double', value: results[op] };
  }
  if (a.type === 'Int32' && b.type === 'Int32') {
    if ((op === 'div' || op === 'mod') && b.value === 0n) throw new ReferenceUndefined('integer division by zero');
    const results = { add: () => a.value + b.value, sub: () => a.value - b.value, mul: () => a.value * b.value, div: () => a.value / b.value, mod: () => a.value % b.value };
    return int32(results[op]());
  }
  const [x, y] = [toDecimal(a), toDecimal(b)];
  const results = { add: addDecimal, sub: subDecimal, mul: mulDecimal, div: divDecimal, mod: modDecimal };
  return { type: 'Decimal', value: results[op](x, y) };
}
