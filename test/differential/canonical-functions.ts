import type { RefType, RefValue } from './demo-products.js';
import { ceilingDecimal, floorDecimal, roundDecimal } from './exact-decimal.js';
import type { FunctionName } from './filter-ast.js';
import { int32, isNumeric, ReferenceUndefined, toDecimal } from './reference-values.js';

/**
 * The canonical functions of OData 4.01 Part 2 (section Canonical Functions) the service serves, on
 * non-null arguments (a null argument makes the result null before this is called). Strings are
 * measured and cut in Unicode code points, as PostgreSQL counts characters of UTF-8 text.
 */

/** The result type of a call, given the static type of its first argument. */
export function callType(name: FunctionName, firstArgument: RefType | 'null' | undefined): RefType | 'null' {
  switch (name) {
    case 'contains':
    case 'startswith':
    case 'endswith':
      return 'Boolean';
    case 'length':
    case 'indexof':
    case 'year':
    case 'month':
    case 'day':
    case 'hour':
    case 'minute':
    case 'second':
      return 'Int32';
    case 'substring':
    case 'tolower':
    case 'toupper':
    case 'trim':
    case 'concat':
      return 'String';
    case 'round':
    case 'floor':
    case 'ceiling':
      return firstArgument === 'Double' ? 'Double' : 'Decimal';
  }
}

/** Simple (one code point to one code point) case mapping; a longer full mapping keeps the character. */
function mapCase(text: string, map: (char: string) => string): string {
  return Array.from(text, (char) => {
    const mapped = map(char);
    return Array.from(mapped).length === 1 ? mapped : char;
  }).join('');
}

function utcParts(value: RefValue): Date {
  if (value.type === 'Date') return new Date(`${value.value}T00:00:00Z`);
  if (value.type === 'DateTimeOffset') return new Date(Number(value.value / 1000n));
  throw new ReferenceUndefined(`no date parts in ${value.type}`);
}

function roundDouble(value: number): number {
  const whole = Math.trunc(value);
  return Math.abs(value - whole) >= 0.5 ? whole + Math.sign(value) : whole;
}

export function evaluateCall(name: FunctionName, args: readonly RefValue[]): RefValue {
  const [first, second, third] = args;
  const text = (value: RefValue | undefined): string => (value?.type === 'String' ? value.value : '');
  const integer = (value: RefValue | undefined): number => (value?.type === 'Int32' ? Number(value.value) : NaN);
  const str = (value: string): RefValue => ({ type: 'String', value });
  const bool = (value: boolean): RefValue => ({ type: 'Boolean', value });
  switch (name) {
    case 'contains':
      return bool(text(first).includes(text(second)));
    case 'startswith':
      return bool(text(first).startsWith(text(second)));
    case 'endswith':
      return bool(text(first).endsWith(text(second)));
    case 'length':
      return int32(BigInt(Array.from(text(first)).length));
    case 'indexof': {
      const at = text(first).indexOf(text(second));
      return int32(BigInt(at < 0 ? -1 : Array.from(text(first).slice(0, at)).length));
    }
    case 'substring': {
      const start = integer(second);
      if (start < 0) throw new ReferenceUndefined('a negative substring start is optional in OData');
      const length = third === undefined ? undefined : integer(third);
      return str(Array.from(text(first)).slice(start, length === undefined ? undefined : start + length).join(''));
    }
    case 'tolower':
      return str(mapCase(text(first), (char) => char.toLowerCase()));
    case 'toupper':
      return str(mapCase(text(first), (char) => char.toUpperCase()));
    case 'trim':
      return str(text(first).trim());
    case 'concat':
      return str(text(first) + text(second));
    case 'year':
    case 'month':
    case 'day':
    case 'hour':
    case 'minute':
    case 'second': {
      const date = utcParts(first as RefValue);
      const parts = {
        year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(),
        hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds(),
      };
      return int32(BigInt(parts[name]));
    }
    case 'round':
    case 'floor':
    case 'ceiling': {
      if (first === undefined || !isNumeric(first)) throw new ReferenceUndefined(`${name} needs a number`);
      if (first.type === 'Double') {
        const results = { round: roundDouble, floor: Math.floor, ceiling: Math.ceil };
        return { type: 'Double', value: results[name](first.value) };
      }
      const results = { round: roundDecimal, floor: floorDecimal, ceiling: ceilingDecimal };
      return { type: 'Decimal', value: results[name](toDecimal(first)) };
    }
  }
}
