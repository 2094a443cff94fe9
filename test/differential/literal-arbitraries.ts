import { createHash } from 'node:crypto';
import fc, { type Arbitrary } from 'fast-check';
import { stringLiteral, type Literal } from './filter-ast.js';

/**
 * fast-check generators of OData literals, drawn near the seeded demo data (src/db/demo-data.ts)
 * so that comparisons keep some rows and drop others.
 */

/** Whole values and fragments of the seeded data, with quotes, LIKE wildcards, backslashes, non-ASCII. */
const STRING_SAMPLES = [
  "O'Brien's Kettle", "O'Brien", "'", "''", '%', '100% Cotton Apron', '100%', '_', 'Snake_case Mug', 'e_c', '\\',
  'Back\\slash Bookend', 'h\\s', 'Crème brûlée torch', 'crème', 'BRÛLÉE', 'Smörgåsbord tray', 'Ångström', 'ångström ruler',
  'Señor Piñata', 'ñ', '日本茶 set', '日本', '🚲 Bike Bell', '🚲', '—', ' — ', 'Built to last.', 'Classic', 'Kettle',
  'Classic Kettle', 'kettle', 'Mug', 'a', 'e', 'SKU-000', 'SKU-000123', 'SUP-003', 'SUP-01', 'SUP-025', '', ' ',
];
/**
 * Letters of random literals. No character has a case mapping of more than one code point
 * (`ß`, `İ`), where "Unicode rules" for tolower/toupper could mean simple or full mapping.
 */
const STRING_CHARS = ['a', 'e', 'K', 'Z', '1', ' ', "'", '%', '_', '\\', '"', 'é', 'Å', 'ñ', 'ü', '日', '🚲', '—', '-', '.'];
/** Whitespace other than U+0020, which `trim` must remove too. */
const OTHER_WHITESPACE = ['\t', '\u00a0', '\u2003'];

export function stringLiterals(otherWhitespace: boolean): Arbitrary<Literal> {
  const chars = otherWhitespace ? [...STRING_CHARS, ...OTHER_WHITESPACE] : STRING_CHARS;
  return fc
    .oneof(fc.constantFrom(...STRING_SAMPLES), fc.array(fc.constantFrom(...chars), { maxLength: 4 }).map((parts) => parts.join('')))
    .map(stringLiteral);
}

const int32 = (n: number): Literal => ({ type: 'Int32', text: String(n) });

export const intLiteral = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: -5, max: 600 })).map(int32);
export const smallIntLiteral = (min: number, max: number): Arbitrary<Literal> => fc.integer({ min, max }).map(int32);

function decimalText(unscaled: number, scale: number): string {
  const digits = String(Math.abs(unscaled)).padStart(scale + 1, '0');
  return `${unscaled < 0 ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** Prices run from 0.50 to 2,000.00 and costs have four decimals: `12.5`, `0.25`, `1999.9900`. */
export const decimalLiteral = fc
  .tuple(fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: -500, max: 250_000 })), fc.constantFrom(1, 2, 4))
  .map(([unscaled, scale]): Literal => ({ type: 'Decimal', text: decimalText(unscaled, scale) }));

/**
 * Weights are multiples of 0.001 from 0.05 to 25.049: `13289e-3` is one of them exactly. With
 * `nearHalf`, also the Doubles just below a half (0.49999999999999994), which 15 digits round up.
 */
export function doubleLiterals(nearHalf: boolean): Arbitrary<Literal> {
  return fc
    .oneof(
      fc.integer({ min: 0, max: 26_000 }).map((n) => `${n}e-3`),
      fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 99 })).map(([whole, fraction]) => `${whole}.${fraction}e0`),
      ...(nearHalf ? [fc.constantFrom('0.49999999999999994e0', '2.4999999999999996e0', '-6.499999999999999e0')] : []),
    )
    .map((text): Literal => ({ type: 'Double', text }));
}

/** `INF`, `-INF` and, if asked, `NaN`: compared, never used in arithmetic (INF sub INF is NaN). */
export function specialDoubleLiterals(withNaN: boolean): Arbitrary<Literal> {
  return fc.constantFrom('INF', '-INF', ...(withNaN ? ['NaN'] : [])).map((text): Literal => ({ type: 'Double', text }));
}

/** Divisors whose decimal quotients terminate, so that exact results can be compared. */
export const terminatingDivisor = fc
  .constantFrom('2', '4', '5', '8', '10', '25', '0.5', '0.25')
  .map((text): Literal => (text.includes('.') ? { type: 'Decimal', text } : int32(Number(text))));

export function zeroLiterals(withDouble: boolean): Arbitrary<Literal> {
  const zeros: Literal[] = [{ type: 'Int32', text: '0' }, { type: 'Decimal', text: '0.0' }];
  return fc.constantFrom(...zeros, ...(withDouble ? [{ type: 'Double', text: '0e0' } as const] : []));
}

const DAY_MS = 86_400_000;

/** Release dates run from 2015-01-01 to 2024-12-29. */
export const dateLiteral = fc
  .integer({ min: Date.UTC(2014, 5, 1) / DAY_MS, max: Date.UTC(2025, 11, 31) / DAY_MS })
  .map((day): Literal => ({ type: 'Date', text: new Date(day * DAY_MS).toISOString().slice(0, 10) }));

const OFFSETS: readonly (readonly [string, number])[] = [['Z', 0], ['+00:00', 0], ['+02:00', 120], ['-05:30', -330], ['+14:00', 840]];

/** Instants from 2018 to 2025, written in several time zones and precisions. */
export const dateTimeOffsetLiteral = fc
  .tuple(
    fc.integer({ min: Date.UTC(2018, 5, 1) / 1000, max: Date.UTC(2025, 0, 1) / 1000 }),
    fc.constantFrom(...OFFSETS),
    fc.constantFrom('', '.5', '.000001'),
  )
  .map(([seconds, [zone, minutes], fraction]): Literal => {
    const local = new Date((seconds + minutes * 60) * 1000).toISOString().slice(0, 19);
    return { type: 'DateTimeOffset', text: `${local}${fraction}${zone}` };
  });

/** The key of the n-th seeded product: `md5('product-' || n)::uuid`, as src/db/seed-demo.ts makes it. */
function productId(n: number): string {
  const hex = createHash('md5').update(`product-${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const guidLiteral = fc.oneof(fc.integer({ min: 1, max: 1000 }).map(productId), fc.uuid()).map((text): Literal => ({ type: 'Guid', text }));

export const booleanLiteral = fc.boolean().map((value): Literal => ({ type: 'Boolean', value }));
