import { formatDecimal, parseDecimal, type Decimal } from './exact-decimal.js';

/**
 * The reference's own description of the demo `Products` entity set (migrations/0003 and the
 * README's type table), written down here rather than read from src/model so that a mistake in
 * the service's model cannot hide in the reference too.
 */
export type RefType = 'Boolean' | 'Int32' | 'Decimal' | 'Double' | 'String' | 'Date' | 'DateTimeOffset' | 'Guid' | 'Collection';

export const productProperties = {
  id: { type: 'Guid', nullable: false },
  sku: { type: 'String', nullable: false },
  name: { type: 'String', nullable: false },
  description: { type: 'String', nullable: true },
  category_id: { type: 'Int32', nullable: false },
  supplier_id: { type: 'String', nullable: true },
  price: { type: 'Decimal', nullable: false },
  cost: { type: 'Decimal', nullable: true },
  quantity: { type: 'Int32', nullable: false },
  discontinued: { type: 'Boolean', nullable: false },
  release_date: { type: 'Date', nullable: true },
  created: { type: 'DateTimeOffset', nullable: false },
  modified: { type: 'DateTimeOffset', nullable: false },
  tags: { type: 'Collection', nullable: false },
  weight_kg: { type: 'Double', nullable: true },
} as const satisfies Record<string, { type: RefType; nullable: boolean }>;

export type PropertyName = keyof typeof productProperties;
export const propertyNames = Object.keys(productProperties) as PropertyName[];

/** A value in the reference: Int32 as BigInt, Decimal exact, DateTimeOffset in epoch microseconds (UTC). */
export type RefValue =
  | { readonly type: 'Boolean'; readonly value: boolean }
  | { readonly type: 'Int32'; readonly value: bigint }
  | { readonly type: 'Decimal'; readonly value: Decimal }
  | { readonly type: 'Double'; readonly value: number }
  | { readonly type: 'String'; readonly value: string }
  | { readonly type: 'Date'; readonly value: string }
  | { readonly type: 'DateTimeOffset'; readonly value: bigint }
  | { readonly type: 'Guid'; readonly value: string }
  | { readonly type: 'Collection'; readonly value: readonly string[] };

export type ProductRow = Readonly<Record<PropertyName, RefValue | null>>;

/** Every column as text, so neither driver (pg, PGlite) converts a value on the way. */
export const SELECT_PRODUCTS_AS_TEXT = `
  select id::text as id, sku, name, description, category_id::text as category_id, supplier_id,
         price::text as price, cost::text as cost, quantity::text as quantity,
         discontinued::text as discontinued, release_date::text as release_date,
         (extract(epoch from created) * 1000000)::bigint::text as created,
         (extract(epoch from modified) * 1000000)::bigint::text as modified,
         array_to_json(tags)::text as tags, weight_kg::text as weight_kg
  from public.products`;

export type ProductTextRow = Readonly<Record<PropertyName, string | null>>;

function valueFromText(type: RefType, text: string): RefValue {
  switch (type) {
    case 'Boolean':
      return { type, value: text === 'true' };
    case 'Int32':
      return { type, value: BigInt(text) };
    case 'Decimal':
      return { type, value: parseDecimal(text) };
    case 'Double':
      return { type, value: Number(text) };
    case 'String':
    case 'Date':
    case 'Guid':
      return { type, value: text };
    case 'DateTimeOffset':
      return { type, value: BigInt(text) };
    case 'Collection':
      return { type, value: JSON.parse(text) as string[] };
  }
}

/** Converts rows of SELECT_PRODUCTS_AS_TEXT to exact reference values. */
export function productRowsFromText(rows: readonly ProductTextRow[]): ProductRow[] {
  return rows.map((row) => {
    const entries = propertyNames.map((name) => {
      const text = row[name];
      return [name, text === null ? null : valueFromText(productProperties[name].type, text)] as const;
    });
    return Object.fromEntries(entries) as Record<PropertyName, RefValue | null>;
  });
}

const OFFSET_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** Epoch microseconds of an OData DateTimeOffset text (`2020-01-02T03:04:05.5+01:00`). */
export function parseDateTimeOffset(text: string): bigint {
  const match = OFFSET_TIMESTAMP.exec(text);
  if (match === null) throw new Error(`not a DateTimeOffset: ${text}`);
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone, sign, offsetHours, offsetMinutes] = match;
  const millis = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  const offset = zone === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  return (BigInt(millis) - BigInt(offset) * 60_000n) * 1000n + BigInt(fraction.padEnd(6, '0'));
}

/** A comparable form of a value: exact text for numbers, epoch microseconds for instants. */
export type CanonicalValue = string | boolean | readonly string[] | null;

export function canonicalValue(value: RefValue | null): CanonicalValue {
  if (value === null) return null;
  switch (value.type) {
    case 'Boolean':
    case 'String':
    case 'Date':
    case 'Collection':
      return value.value;
    case 'Int32':
    case 'DateTimeOffset':
      return value.value.toString();
    case 'Decimal':
      return formatDecimal(value.value);
    case 'Double':
      return String(value.value);
    case 'Guid':
      return value.value.toLowerCase();
  }
}

/**
 * The same form from the service's JSON (requested with IEEE754Compatible=true, so Decimal
 * arrives as a string and never passes through a float). A value of an unexpected JSON type is
 * kept as a marked string so that the comparison fails and shows it.
 */
export function canonicalFromJson(name: PropertyName, json: unknown): CanonicalValue {
  if (json === null) return null;
  const type = productProperties[name].type;
  const unexpected = `unexpected JSON ${JSON.stringify(json)}`;
  switch (type) {
    case 'Boolean':
      return typeof json === 'boolean' ? json : unexpected;
    case 'Int32':
      return typeof json === 'number' && Number.isInteger(json) ? String(json) : unexpected;
    case 'Decimal':
      return typeof json === 'string' ? formatDecimal(parseDecimal(json)) : unexpected;
    case 'Double':
      return typeof json === 'number' ? String(json) : unexpected;
    case 'String':
    case 'Date':
      return typeof json === 'string' ? json : unexpected;
    case 'Guid':
      return typeof json === 'string' ? json.toLowerCase() : unexpected;
    case 'DateTimeOffset':
      return typeof json === 'string' ? parseDateTimeOffset(json).toString() : unexpected;
    case 'Collection':
      return Array.isArray(json) && json.every((item) => typeof item === 'string') ? json : unexpected;
  }
}
