import type { EdmEntitySet, EdmModel, EdmProperty } from '../model/edm-model.js';
import { claimName } from '../model/edm-names.js';
import { humanWords, sentence } from './connector-text.js';
import { propertySchema } from './property-schema.js';
import type { SwaggerSchema } from './swagger-document.js';

/** The names under `definitions` of one entity set's schemas. */
export interface EntityDefinitionNames {
  /** An entity as read. */
  readonly entity: string;
  /** The body of a create. */
  readonly input: string;
  /** The body of an update or upsert: any subset of the writable properties. */
  readonly update: string;
  /** A page of a list: `value` plus the count and next-link annotations. */
  readonly page: string;
}

export const ETAG_PROPERTY = '@odata.etag';
export const NEXT_LINK_PROPERTY = '@odata.nextLink';
export const COUNT_PROPERTY = '@odata.count';

/** The definition names of a set's entity type, claimed in `taken` so no two sets share one. */
export function entityDefinitionNames(set: EdmEntitySet, taken: Set<string>): EntityDefinitionNames {
  const claim = (name: string): string => claimName(name, taken, '');
  const base = set.entityType.name;
  return { entity: claim(base), input: claim(`${base}Input`), update: claim(`${base}Update`), page: claim(`${base}Page`) };
}

function objectSchema(properties: readonly EdmProperty[], model: EdmModel, required: readonly string[], description: string): SwaggerSchema {
  return {
    type: 'object',
    description,
    properties: Object.fromEntries(properties.map((property) => [property.name, propertySchema(property, model)])),
    ...(required.length > 0 ? { required } : {}),
  };
}

/** Whether a create must send the property: not null, no default, not computed. */
export function isRequiredOnCreate(property: EdmProperty): boolean {
  return !property.nullable && !property.hasDefault && !property.computed;
}

/** The writable properties of a create (computed ones are the database's). */
export function inputProperties(set: EdmEntitySet): readonly EdmProperty[] {
  return set.entityType.properties.filter((property) => !property.computed);
}

/** The schema of a create body: the writable properties, those without a default required. */
export function inputSchema(set: EdmEntitySet, model: EdmModel): SwaggerSchema {
  const properties = inputProperties(set);
  const required = properties.filter(isRequiredOnCreate).map((property) => property.name);
  return objectSchema(properties, model, required, sentence(`A new row of ${humanWords(set.name)}`));
}

/** The schema of an update body: the writable properties but the key (an update never changes it). */
export function updateSchema(set: EdmEntitySet, model: EdmModel): SwaggerSchema {
  const key = new Set(set.entityType.key ?? []);
  const properties = inputProperties(set).filter((property) => !key.has(property.name));
  return objectSchema(properties, model, [], sentence(`The values to change in a row of ${humanWords(set.name)}; properties left out keep their value`));
}

/** The schema of an entity as the service answers it, with its ETag when the set has one. */
export function entitySchema(set: EdmEntitySet, model: EdmModel): SwaggerSchema {
  const schema = objectSchema(set.entityType.properties, model, [], sentence(`A row of ${humanWords(set.name)}`));
  if (set.etag === null) return schema;
  const etag: SwaggerSchema = {
    type: 'string',
    description: 'The version of the row, to send in If-Match so that an update does not overwrite a newer change.',
    readOnly: true,
    'x-ms-summary': 'ETag',
    'x-ms-visibility': 'internal',
  };
  return { ...schema, properties: { [ETAG_PROPERTY]: etag, ...schema.properties } };
}

/** The schema of a page of a list. */
export function pageSchema(set: EdmEntitySet, entityRef: string): SwaggerSchema {
  return {
    type: 'object',
    description: sentence(`A page of rows of ${humanWords(set.name)}`),
    properties: {
      [COUNT_PROPERTY]: {
        type: 'integer',
        format: 'int64',
        description: 'How many rows match the filter, on every page (when the count was asked for).',
        'x-ms-summary': 'Count',
      },
      [NEXT_LINK_PROPERTY]: {
        type: 'string',
        description: 'The URL of the next page; absent on the last page.',
        'x-ms-summary': 'Next link',
        'x-ms-visibility': 'internal',
      },
      value: { type: 'array', description: 'The rows of this page.', items: { $ref: entityRef }, 'x-ms-summary': 'Rows' },
    },
    required: ['value'],
  };
}

/** Every definition of a set, by name. */
export function entityDefinitions(set: EdmEntitySet, model: EdmModel, names: EntityDefinitionNames): Record<string, SwaggerSchema> {
  const definitions: Record<string, SwaggerSchema> = {
    [names.entity]: entitySchema(set, model),
    [names.page]: pageSchema(set, `#/definitions/${names.entity}`),
  };
  if (!set.readOnly && set.entityType.key !== null) {
    definitions[names.input] = inputSchema(set, model);
    definitions[names.update] = updateSchema(set, model);
  }
  return definitions;
}
