import type { EdmEntitySet, EdmModel } from '../model/edm-model.js';
import { toPascalCase } from '../model/edm-names.js';
import { humanWords, sentence, summaryOf, withArticle } from './connector-text.js';
import type { EntityDefinitionNames } from './entity-definitions.js';
import { NEXT_LINK_PROPERTY } from './entity-definitions.js';
import { keyPath, type KeyPath } from './key-path.js';
import { errorRefs } from './shared-components.js';
import type { HttpMethod, ParameterOrRef, ResponseOrRef, SwaggerOperation, SwaggerPathItem, SwaggerResponse } from './swagger-document.js';

/** One operation at its path, before operation ids are made unique across the document. */
export interface PlacedOperation {
  readonly path: string;
  readonly method: HttpMethod;
  readonly operation: SwaggerOperation;
}

const LIST_OPTIONS: readonly ParameterOrRef[] = ['filter', 'select', 'orderby', 'top', 'skip', 'count'].map((name) => ({ $ref: `#/parameters/${name}` }));
const IF_MATCH: ParameterOrRef = { $ref: '#/parameters/ifMatch' };
const RETURN_REPRESENTATION: ParameterOrRef = { $ref: '#/parameters/returnRepresentation' };

const ENTITY_HEADERS = {
  ETag: { type: 'string', description: 'The version of the row.' },
} as const;

const CREATED_HEADERS = {
  ...ENTITY_HEADERS,
  Location: { type: 'string', description: 'The URL of the new row.' },
  'OData-EntityId': { type: 'string', description: 'The id of the new row (its URL).' },
} as const;

/** The words of a set for summaries: `Products` → `products`, its type `Product` → `product`. */
interface SetWords {
  readonly plural: string;
  /** With its article: `a product`, `an audit log`. */
  readonly singular: string;
}

function entityResponse(description: string, definitions: EntityDefinitionNames, headers = ENTITY_HEADERS): SwaggerResponse {
  return { description, schema: { $ref: `#/definitions/${definitions.entity}` }, headers };
}

function body(schemaName: string, description: string): ParameterOrRef {
  return { name: 'body', in: 'body', required: true, schema: { $ref: `#/definitions/${schemaName}` }, description, 'x-ms-summary': 'Row' };
}

function operation(fields: Omit<SwaggerOperation, 'summary' | 'description'> & { readonly summary: string; readonly description: string }): SwaggerOperation {
  return { ...fields, summary: summaryOf(fields.summary), description: sentence(fields.description) };
}

function listOperation(set: EdmEntitySet, definitions: EntityDefinitionNames, words: SetWords): SwaggerOperation {
  return operation({
    operationId: `List${toPascalCase(set.name)}`,
    summary: `List ${words.plural}`,
    description: `Lists the rows of ${set.name} that match an optional filter, sorted and paged; follow @odata.nextLink for the next page`,
    tags: [set.name],
    parameters: LIST_OPTIONS,
    responses: { '200': { description: `A page of ${words.plural}.`, schema: { $ref: `#/definitions/${definitions.page}` } }, ...errorRefs(['400', '401', '403', '429', '500']) },
    'x-ms-visibility': 'important',
    'x-ms-pageable': { nextLinkName: NEXT_LINK_PROPERTY },
  });
}

function getOperation(set: EdmEntitySet, definitions: EntityDefinitionNames, words: SetWords, key: KeyPath, alternate: boolean): SwaggerOperation {
  const type = toPascalCase(set.entityType.name);
  return operation({
    operationId: alternate ? `Get${type}By${toPascalCase(key.words)}` : `Get${type}`,
    summary: alternate ? `Get ${words.singular} by ${key.words}` : `Get ${words.singular}`,
    description: `Reads one row of ${set.name} by its ${alternate ? `alternate key (${key.words})` : 'key'}`,
    tags: [set.name],
    parameters: [...key.parameters, { $ref: '#/parameters/select' }],
    responses: { '200': entityResponse('The row.', definitions), ...errorRefs(['400', '401', '403', '404', '429', '500']) },
    'x-ms-visibility': alternate ? 'advanced' : 'important',
  });
}

function createOperation(set: EdmEntitySet, definitions: EntityDefinitionNames, words: SetWords): SwaggerOperation {
  return operation({
    operationId: `Create${toPascalCase(set.entityType.name)}`,
    summary: `Create ${words.singular}`,
    description: `Adds a row to ${set.name} and returns it as stored, with the values the database filled in`,
    tags: [set.name],
    parameters: [body(definitions.input, 'The new row.'), RETURN_REPRESENTATION],
    responses: {
      '201': entityResponse('The row as created.', definitions, CREATED_HEADERS),
      '204': { description: 'Created; the row is not returned.', headers: CREATED_HEADERS },
      ...errorRefs(['400', '401', '403', '409', '429', '500']),
    },
    'x-ms-visibility': 'important',
  });
}

/** The answers of an update or upsert: the row updated, or created, or no row with Prefer not applied; or an error. */
function writtenResponses(definitions: EntityDefinitionNames): Record<string, ResponseOrRef> {
  return {
    '200': entityResponse('The row as updated.', definitions),
    '201': entityResponse('The row as created.', definitions, CREATED_HEADERS),
    '204': { description: 'Written; the row is not returned.', headers: ENTITY_HEADERS },
    ...errorRefs(['400', '401', '403', '404', '409', '412', '429', '500']),
  };
}

function updateOperation(set: EdmEntitySet, definitions: EntityDefinitionNames, words: SetWords, key: KeyPath): SwaggerOperation {
  return operation({
    operationId: `Update${toPascalCase(set.entityType.name)}`,
    summary: `Update ${words.singular}`,
    description: `Changes the given properties of the row of ${set.name} with this key and returns it as stored; when no row has the key, creates one (the body then needs every required property)`,
    tags: [set.name],
    parameters: [...key.parameters, body(definitions.update, 'The properties to change.'), IF_MATCH, RETURN_REPRESENTATION],
    responses: writtenResponses(definitions),
    'x-ms-visibility': 'important',
  });
}

function upsertOperation(set: EdmEntitySet, definitions: EntityDefinitionNames, words: SetWords, key: KeyPath): SwaggerOperation {
  return operation({
    operationId: `Upsert${toPascalCase(set.entityType.name)}By${toPascalCase(key.words)}`,
    summary: `Create or update ${words.singular} by ${key.words}`,
    description: `Updates the row of ${set.name} with this ${key.words}, or creates it when there is none (the body then needs every required property)`,
    tags: [set.name],
    parameters: [...key.parameters, body(definitions.update, 'The properties to set.'), IF_MATCH, RETURN_REPRESENTATION],
    responses: writtenResponses(definitions),
    'x-ms-visibility': 'advanced',
  });
}

function deleteOperation(set: EdmEntitySet, words: SetWords, key: KeyPath): SwaggerOperation {
  return operation({
    operationId: `Delete${toPascalCase(set.entityType.name)}`,
    summary: `Delete ${words.singular}`,
    description: `Removes one row of ${set.name}, found by its key`,
    tags: [set.name],
    parameters: [...key.parameters, IF_MATCH],
    responses: { '204': { description: 'Deleted.' }, ...errorRefs(['400', '401', '403', '404', '409', '412', '429', '500']) },
    'x-ms-visibility': 'important',
  });
}

/**
 * The operations of one entity set: list; and when it has a key, get by key and by each
 * alternate key; and when it can be written, create, update, upsert by each alternate key, delete.
 */
export function setOperations(set: EdmEntitySet, model: EdmModel, definitions: EntityDefinitionNames): readonly PlacedOperation[] {
  const words: SetWords = { plural: humanWords(set.name), singular: withArticle(humanWords(set.entityType.name)) };
  const placed: PlacedOperation[] = [{ path: `/${set.name}`, method: 'get', operation: listOperation(set, definitions, words) }];
  const primary = set.entityType.key;
  if (primary === null) return placed;
  const writable = !set.readOnly;
  const byKey = keyPath(set, model, primary, false);
  placed.push({ path: byKey.path, method: 'get', operation: getOperation(set, definitions, words, byKey, false) });
  if (writable) {
    placed.push({ path: `/${set.name}`, method: 'post', operation: createOperation(set, definitions, words) });
    placed.push({ path: byKey.path, method: 'patch', operation: updateOperation(set, definitions, words, byKey) });
    placed.push({ path: byKey.path, method: 'delete', operation: deleteOperation(set, words, byKey) });
  }
  for (const alternate of set.entityType.alternateKeys) {
    const byAlternate = keyPath(set, model, alternate, true);
    placed.push({ path: byAlternate.path, method: 'get', operation: getOperation(set, definitions, words, byAlternate, true) });
    if (writable) placed.push({ path: byAlternate.path, method: 'patch', operation: upsertOperation(set, definitions, words, byAlternate) });
  }
  return placed;
}

/** Operations gathered into path items. */
export function pathItems(placed: readonly PlacedOperation[]): Record<string, SwaggerPathItem> {
  const paths: Record<string, Record<string, SwaggerOperation>> = {};
  for (const { path, method, operation: op } of placed) (paths[path] ??= {})[method] = op;
  return paths;
}
