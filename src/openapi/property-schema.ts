import type { EdmModel, EdmPrimitiveName, EdmProperty, EdmTypeRef } from '../model/edm-model.js';
import { findEnumType } from '../model/find-in-model.js';
import { capitalize, sentence, titleOf } from './connector-text.js';
import type { SwaggerSchema } from './swagger-document.js';

type Scalar = Pick<SwaggerSchema, 'type' | 'format' | 'minimum' | 'maximum'>;

/**
 * How an OData JSON value of each primitive type is written (OData JSON Format §7.1), in the
 * formats Power Platform knows: a decimal is a number of format double (its precision and scale in
 * the description); binary (base64url), time of day and duration are text described in words.
 */
const PRIMITIVE_SCHEMAS: Readonly<Record<EdmPrimitiveName, Scalar>> = {
  'Edm.Binary': { type: 'string' },
  'Edm.Boolean': { type: 'boolean' },
  'Edm.Byte': { type: 'integer', format: 'int32', minimum: 0, maximum: 255 },
  'Edm.SByte': { type: 'integer', format: 'int32', minimum: -128, maximum: 127 },
  'Edm.Int16': { type: 'integer', format: 'int32', minimum: -32768, maximum: 32767 },
  'Edm.Int32': { type: 'integer', format: 'int32' },
  'Edm.Int64': { type: 'integer', format: 'int64' },
  'Edm.Decimal': { type: 'number', format: 'double' },
  'Edm.Single': { type: 'number', format: 'float' },
  'Edm.Double': { type: 'number', format: 'double' },
  'Edm.Date': { type: 'string', format: 'date' },
  'Edm.DateTimeOffset': { type: 'string', format: 'date-time' },
  'Edm.TimeOfDay': { type: 'string' },
  'Edm.Duration': { type: 'string' },
  'Edm.Guid': { type: 'string', format: 'uuid' },
  'Edm.String': { type: 'string' },
};

/** What a value of the type looks like, in words, for the description. */
const PRIMITIVE_WORDS: Readonly<Record<EdmPrimitiveName, string>> = {
  'Edm.Binary': 'binary data in base64url',
  'Edm.Boolean': 'true or false',
  'Edm.Byte': 'a whole number from 0 to 255',
  'Edm.SByte': 'a whole number from -128 to 127',
  'Edm.Int16': 'a whole number from -32768 to 32767',
  'Edm.Int32': 'a 32-bit whole number',
  'Edm.Int64': 'a 64-bit whole number',
  'Edm.Decimal': 'a decimal number',
  'Edm.Single': 'a floating-point number',
  'Edm.Double': 'a floating-point number',
  'Edm.Date': 'a date (YYYY-MM-DD)',
  'Edm.DateTimeOffset': 'a date and time with its offset (ISO 8601)',
  'Edm.TimeOfDay': 'a time of day (hh:mm:ss)',
  'Edm.Duration': 'a duration (ISO 8601, such as P1DT2H)',
  'Edm.Guid': 'a GUID',
  'Edm.String': 'text',
};

/** The schema of one value of the type (an element, for a collection). */
export function scalarSchema(type: EdmTypeRef, model: EdmModel): SwaggerSchema {
  if (type.kind === 'primitive') return PRIMITIVE_SCHEMAS[type.name];
  const members = findEnumType(model, type.qualifiedName)?.members ?? [];
  return { type: 'string', enum: members };
}

function valueWords(property: EdmProperty, model: EdmModel): string {
  const { type } = property;
  let words: string;
  if (type.kind === 'enum') {
    const members = findEnumType(model, type.qualifiedName)?.members ?? [];
    words = `one of ${members.join(', ')}`;
  } else {
    words = PRIMITIVE_WORDS[type.name];
    if (property.maxLength !== undefined) words += ` of at most ${property.maxLength} characters`;
    if (property.precision !== undefined) {
      words += ` of at most ${property.precision} digits`;
      if (typeof property.scale === 'number') words += `, ${property.scale} after the point`;
    }
  }
  return property.collection ? `A list, each item ${words}` : capitalize(words);
}

/** The schema of a property: its type and format, length, nullability, title and help text. */
export function propertySchema(property: EdmProperty, model: EdmModel): SwaggerSchema {
  const scalar = scalarSchema(property.type, model);
  const limits = property.maxLength !== undefined && scalar.type === 'string' ? { maxLength: property.maxLength } : {};
  const value: SwaggerSchema = property.collection ? { type: 'array', items: { ...scalar, ...limits } } : { ...scalar, ...limits };
  const notes = [valueWords(property, model)];
  if (property.computed) notes.push('set by the database');
  return {
    ...value,
    description: sentence(notes.join('; ')),
    ...(property.nullable ? { 'x-nullable': true } : {}),
    ...(property.computed ? { readOnly: true } : {}),
    'x-ms-summary': titleOf(property.name),
  };
}
