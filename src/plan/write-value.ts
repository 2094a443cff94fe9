import { z } from 'zod';
import { assertNever } from '../errors/assert-never.js';
import type { EdmModel, EdmProperty } from '../model/edm-model.js';
import { findEnumType } from '../model/find-in-model.js';
import { isJsonArray, type JsonArray } from '../parse/parse-json-body.js';
import type { WriteValue } from './entity-input.js';
import { isPrefixedLiteral } from './is-prefixed-literal.js';
import { expecting, jsonString, reject } from './json-value-schema.js';
import { decimalSchema, floatingSchema, integerSchema } from './write-number.js';
import { dateSchema, dateTimeOffsetSchema, durationSchema, timeOfDaySchema } from './write-temporal.js';

/** A value of one element, as the driver binds it: text in the column type's input syntax, or bytes. */
type ScalarSchema = z.ZodType<string | Buffer>;

/**
 * The schema of each property, built on first use. Keys are properties of an immutable model
 * snapshot and the schemas are pure functions of them, so a reloaded model starts afresh.
 */
const schemas = new WeakMap<EdmProperty, z.ZodType<WriteValue>>();

/** Characters as Postgres counts them: code points, a surrogate pair being one. */
function codePointCount(text: string): number {
  return text.length - (text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
}

/** A surrogate without its pair, which a `\u` escape can write but UTF-8 (so Postgres text) cannot hold. */
const unpairedSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text of at most `maxLength` characters, counted in code points as Postgres counts varchar
 * characters; U+0000 and unpaired surrogates, which Postgres text cannot hold, are refused.
 * Written as sent.
 */
function stringSchema(maxLength: number | undefined): ScalarSchema {
  const expected = maxLength === undefined ? 'a string' : `a string of at most ${maxLength} characters`;
  return jsonString(expected).transform((text, ctx) => {
    if (text.includes('\u0000')) return reject(ctx, 'must not contain the character U+0000');
    if (unpairedSurrogate.test(text)) return reject(ctx, 'must not contain an unpaired surrogate (a lone \\uD800-\\uDFFF escape)');
    if (maxLength !== undefined && text.length > maxLength && codePointCount(text) > maxLength) return reject(ctx, `must be ${expected}`);
    return text;
  });
}

/** Base64url or base64 text, padded or not, decoded to bytes. */
function binarySchema(): ScalarSchema {
  const expected = 'base64url or base64 text';
  return jsonString(expected).transform((text, ctx) => {
    const base64url = text.replaceAll('+', '-').replaceAll('/', '_');
    return isPrefixedLiteral('binary', base64url) ? Buffer.from(base64url, 'base64url') : reject(ctx, `must be ${expected}`);
  });
}

function enumSchema(qualifiedName: string, model: EdmModel): ScalarSchema {
  const enumType = findEnumType(model, qualifiedName);
  if (enumType === undefined) throw new Error(`Enumeration type ${qualifiedName} missing from the model`);
  const expected = `a member of ${qualifiedName} (${enumType.members.join(', ')})`;
  return jsonString(expected).refine((name) => enumType.members.includes(name), `must be ${expected}`);
}

/** A `json`/`jsonb` column, exposed as its JSON text. */
function isJsonColumn(property: EdmProperty): boolean {
  return property.textFallback && property.pgType.schema === 'pg_catalog' && (property.pgType.name === 'json' || property.pgType.name === 'jsonb');
}

/** The text of a JSON value, as a `json`/`jsonb` column's property carries it: checked here, so a mistake names the property. */
function jsonTextSchema(): ScalarSchema {
  return stringSchema(undefined).refine((text) => {
    try {
      JSON.parse(String(text));
      return true;
    } catch {
      return false;
    }
  }, 'must be the text of a JSON value');
}

/**
 * A date shown as the instant of its midnight UTC takes such an instant (`2024-05-01T00:00:00Z`),
 * written as its date; any other time of day would be lost, so it is refused.
 */
function midnightUtcSchema(): ScalarSchema {
  const expected = 'midnight UTC of a date (YYYY-MM-DDT00:00:00Z)';
  return dateTimeOffsetSchema().transform((text, ctx) => {
    const instant = new Date(text);
    if (Number.isNaN(instant.getTime()) || instant.getUTCHours() + instant.getUTCMinutes() + instant.getUTCSeconds() + instant.getUTCMilliseconds() !== 0) {
      return reject(ctx, `must be ${expected}`);
    }
    return instant.toISOString().slice(0, 10);
  });
}

/** The schema of one value (or collection element) of the property's type. */
function scalarSchema(property: EdmProperty, model: EdmModel): ScalarSchema {
  const { type } = property;
  if (type.kind === 'enum') return enumSchema(type.qualifiedName, model);
  switch (type.name) {
    case 'Edm.Boolean':
      return z.boolean(expecting('true or false')).transform(String);
    case 'Edm.Byte':
    case 'Edm.SByte':
    case 'Edm.Int16':
    case 'Edm.Int32':
    case 'Edm.Int64':
      return integerSchema(type.name);
    case 'Edm.Decimal':
      return decimalSchema(property);
    case 'Edm.Double':
    case 'Edm.Single':
      return floatingSchema(type.name);
    case 'Edm.String':
      return isJsonColumn(property) ? jsonTextSchema() : stringSchema(property.maxLength);
    case 'Edm.Guid':
      return z.guid(expecting('a Guid'));
    case 'Edm.Date':
      return dateSchema();
    case 'Edm.DateTimeOffset':
      return property.representation?.kind === 'instantOfDate' ? midnightUtcSchema() : dateTimeOffsetSchema();
    case 'Edm.TimeOfDay':
      return timeOfDaySchema();
    case 'Edm.Duration':
      return durationSchema();
    case 'Edm.Binary':
      return binarySchema();
    default:
      return assertNever(type);
  }
}

function buildSchema(property: EdmProperty, model: EdmModel): z.ZodType<WriteValue> {
  const scalar = scalarSchema(property, model);
  if (property.collection) {
    const element = property.nullable ? scalar.nullable() : scalar;
    return z
      .custom<JsonArray>(isJsonArray, expecting('an array'))
      .transform((array): unknown[] => [...array.items])
      .pipe(z.array(element))
      .transform((values): WriteValue => ({ kind: 'value', value: values }));
  }
  if (!property.nullable) return scalar.transform((value): WriteValue => ({ kind: 'value', value }));
  return scalar.nullable().transform((value): WriteValue => (value === null ? { kind: 'null' } : { kind: 'value', value }));
}

/**
 * The zod schema that reads a body value of the property (see `parse/parse-json-body.ts`) into
 * the `WriteValue` to bind: `null` where the property is nullable, an array for a collection
 * (its elements may be null when the property is nullable). Issue paths point into collections.
 */
export function propertySchema(property: EdmProperty, model: EdmModel): z.ZodType<WriteValue> {
  let schema = schemas.get(property);
  if (schema === undefined) {
    schema = buildSchema(property, model);
    schemas.set(property, schema);
  }
  return schema;
}
