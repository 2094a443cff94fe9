/**
 * Exact decimal numbers for the reference evaluator: an integer `unscaled` times 10^-scale, in
 * BigInt. No JavaScript float is ever involved, so `Edm.Decimal` values compare exactly.
 */
export interface Decimal {
  readonly unscaled: bigint;
  readonly scale: number;
}

const DECIMAL_TEXT = /^([+-]?)(\d+)(?:\.(\d+))?$/;
/** Digits kept by a quotient that does not terminate sooner (far beyond numeric(12,4) inputs). */
const DIVISION_SCALE = 40;

function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

export function decimal(unscaled: bigint, scale = 0): Decimal {
  return { unscaled, scale };
}

/** Parses `-12.50`, `3`, `+0.0001` (no exponent: PostgreSQL prints numeric without one). */
export function parseDecimal(text: string): Decimal {
  const match = DECIMAL_TEXT.exec(text);
  if (match === null) throw new Error(`not a decimal: ${text}`);
  const [, sign = '', whole = '', fraction = ''] = match;
  const magnitude = BigInt(whole + fraction);
  return { unscaled: sign === '-' ? -magnitude : magnitude, scale: fraction.length };
}

function rescale(value: Decimal, scale: number): bigint {
  return value.unscaled * pow10(scale - value.scale);
}

function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [rescale(a, scale), rescale(b, scale), scale];
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = aligned(a, b);
  return { unscaled: x + y, scale };
}

export function subDecimal(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = aligned(a, b);
  return { unscaled: x - y, scale };
}

export function mulDecimal(a: Decimal, b: Decimal): Decimal {
  return { unscaled: a.unscaled * b.unscaled, scale: a.scale + b.scale };
}

export function negateDecimal(a: Decimal): Decimal {
  return { unscaled: -a.unscaled, scale: a.scale };
}

/** a / b to DIVISION_SCALE digits, truncated: exact whenever the quotient terminates by then. */
export function divDecimal(a: Decimal, b: Decimal): Decimal {
  if (b.unscaled === 0n) throw new RangeError('division by zero');
  const [x, y] = aligned(a, b);
  return { unscaled: (x * pow10(DIVISION_SCALE)) / y, scale: DIVISION_SCALE };
}

/** The remainder of a / b with the sign of a (BigInt `%` truncates, as OData's `mod` asks). */
export function modDecimal(a: Decimal, b: Decimal): Decimal {
  if (b.unscaled === 0n) throw new RangeError('division by zero');
  const [x, y, scale] = aligned(a, b);
  return { unscaled: x % y, scale };
}

export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function integerPart(a: Decimal): { whole: bigint; remainder: bigint; unit: bigint } {
  const unit = pow10(a.scale);
  return { whole: a.unscaled / unit, remainder: a.unscaled % unit, unit };
}

export function floorDecimal(a: Decimal): Decimal {
  const { whole, remainder } = integerPart(a);
  return { unscaled: remainder < 0n ? whole - 1n : whole, scale: 0 };
}

export function ceilingDecimal(a: Decimal): Decimal {
  const { whole, remainder } = integerPart(a);
  return { unscaled: remainder > 0n ? whole + 1n : whole, scale: 0 };
}

/** Rounds to an integer, the mid-point away from zero (0.5 → 1, -0.5 → -1), as OData's `round`. */
export function roundDecimal(a: Decimal): Decimal {
  const { whole, remainder, unit } = integerPart(a);
  const twice = 2n * (remainder < 0n ? -remainder : remainder);
  if (twice < unit) return { unscaled: whole, scale: 0 };
  return { unscaled: a.unscaled < 0n ? whole - 1n : whole + 1n, scale: 0 };
}

/** The shortest text of the value: no trailing fractional zeros, `-0` printed as `0`. */
export function formatDecimal(a: Decimal): string {
  let { unscaled, scale } = a;
  while (scale > 0 && unscaled % 10n === 0n) {
    unscaled /= 10n;
    scale -= 1;
  }
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** The nearest double, as PostgreSQL's numeric → float8 cast and OData's promotion to Edm.Double. */
export function decimalToDouble(a: Decimal): number {
  return Number(formatDecimal(a));
}
