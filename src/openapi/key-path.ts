import type { EdmEntitySet, EdmModel, EdmProperty } from '../model/edm-model.js';
import { findProperty } from '../model/find-in-model.js';
import { sentence, titleOf } from './connector-text.js';
import { scalarSchema } from './property-schema.js';
import type { SimpleParameter } from './swagger-document.js';

/** A path addressing one entity by a key, with a path parameter per key property. */
export interface KeyPath {
  /** `/Products({id})`, `/Suppliers('{id}')`, `/Products(sku='{sku}')`, `/OrderLines(order_id={order_id},line_no={line_no})`. */
  readonly path: string;
  readonly parameters: readonly SimpleParameter[];
  /** `sku`, `order id and line no`: the key's words, for summaries. */
  readonly words: string;
}

function isText(property: EdmProperty): boolean {
  return property.type.kind === 'enum' || property.type.name === 'Edm.String';
}

function keyParameter(property: EdmProperty, model: EdmModel): SimpleParameter {
  const scalar = scalarSchema(property.type, model);
  const quoting = isText(property) ? ' A single quote in the value is written twice.' : '';
  return {
    name: property.name,
    in: 'path',
    required: true,
    type: scalar.type === 'integer' || scalar.type === 'number' || scalar.type === 'boolean' ? scalar.type : 'string',
    ...(scalar.format === undefined ? {} : { format: scalar.format }),
    ...(scalar.enum === undefined ? {} : { enum: scalar.enum }),
    description: sentence(`The ${titleOf(property.name).toLowerCase()} of the row`) + quoting,
    'x-ms-summary': titleOf(property.name),
  };
}

/**
 * The path of a key: the primary key in the short form when it has one property, an alternate
 * key always with its names (OData 4.01 §11.2.6 / Core.AlternateKeys). Text values sit in quotes.
 */
export function keyPath(set: EdmEntitySet, model: EdmModel, names: readonly string[], named: boolean): KeyPath {
  const properties = names.map((name) => {
    const property = findProperty(set, name);
    if (property === undefined) throw new Error(`${set.name} has no key property ${name}`);
    return property;
  });
  const value = (property: EdmProperty): string => (isText(property) ? `'{${property.name}}'` : `{${property.name}}`);
  const inner =
    properties.length === 1 && !named
      ? value(properties[0] as EdmProperty)
      : properties.map((property) => `${property.name}=${value(property)}`).join(',');
  return {
    path: `/${set.name}(${inner})`,
    parameters: properties.map((property) => keyParameter(property, model)),
    words: properties.map((property) => titleOf(property.name).toLowerCase()).join(' and '),
  };
}
