import { errorRefs } from './shared-components.js';
import type { DynamicSchema, DynamicValues, SimpleParameter, SwaggerSchema } from './swagger-document.js';
import type { PlacedOperation } from './set-operations.js';
import { NEXT_LINK_PROPERTY } from './entity-definitions.js';

/** The path of the schema of one entity set, which `x-ms-dynamic-schema` reads (served by the OData routes). */
export const SCHEMA_PATH = '/$connector/schemas/{entitySet}';

export const LIST_ENTITY_SETS = 'ListEntitySets';
export const GET_ENTITY_SET_SCHEMA = 'GetEntitySetSchema';

/** The entity sets to pick from: the service document's `value`, each named by `name`. */
const ENTITY_SET_VALUES: DynamicValues = { operationId: LIST_ENTITY_SETS, 'value-collection': 'value', 'value-path': 'name', 'value-title': 'name' };

const entitySetParameter = (dynamic: boolean): SimpleParameter => ({
  name: 'entitySet',
  in: 'path',
  type: 'string',
  required: true,
  description: 'The name of an entity set of the service, such as Products.',
  'x-ms-summary': 'Table',
  ...(dynamic ? { 'x-ms-dynamic-values': ENTITY_SET_VALUES } : {}),
});

const dynamicSchema = (use: 'read' | 'create'): DynamicSchema => ({
  operationId: GET_ENTITY_SET_SCHEMA,
  parameters: { entitySet: { parameter: 'entitySet' }, use },
  'value-path': 'schema',
});

const serviceDocumentSchema: SwaggerSchema = {
  type: 'object',
  properties: {
    value: {
      type: 'array',
      description: 'The entity sets.',
      'x-ms-summary': 'Tables',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'The name of the entity set.', 'x-ms-summary': 'Name' },
          kind: { type: 'string', description: 'EntitySet.', 'x-ms-summary': 'Kind' },
          url: { type: 'string', description: 'Its URL, relative to the service root.', 'x-ms-summary': 'URL' },
        },
      },
    },
  },
};

/**
 * The operations that work on any entity set the connection may read, picked at design time:
 * the service document lists the sets (`x-ms-dynamic-values`), the schema route gives a set's
 * properties (`x-ms-dynamic-schema`), so rows of sets added after the connector was made are reachable.
 */
export function genericOperations(): readonly PlacedOperation[] {
  return [
    {
      path: '/',
      method: 'get',
      operation: {
        operationId: LIST_ENTITY_SETS,
        summary: 'List the tables',
        description: 'Lists the entity sets the connection may read (the OData service document).',
        tags: ['Tables'],
        parameters: [],
        responses: { '200': { description: 'The entity sets.', schema: serviceDocumentSchema }, ...errorRefs(['401', '429', '500']) },
        'x-ms-visibility': 'internal',
      },
    },
    {
      path: SCHEMA_PATH,
      method: 'get',
      operation: {
        operationId: GET_ENTITY_SET_SCHEMA,
        summary: 'Get the schema of a table',
        description: 'Returns the JSON schema of the rows of one entity set: as read, or as the body of a create or of an update.',
        tags: ['Tables'],
        parameters: [
          entitySetParameter(false),
          {
            name: 'use',
            in: 'query',
            type: 'string',
            required: false,
            enum: ['read', 'create', 'update'],
            default: 'read',
            description: 'Which schema: rows as read, the body of a create, or the body of an update.',
            'x-ms-summary': 'Use',
          },
        ],
        responses: {
          '200': { description: 'The schema.', schema: { type: 'object', properties: { schema: { type: 'object', description: 'A JSON schema.', 'x-ms-summary': 'Schema' } } } },
          ...errorRefs(['400', '401', '403', '404', '429', '500']),
        },
        'x-ms-visibility': 'internal',
      },
    },
    {
      path: '/{entitySet}',
      method: 'get',
      operation: {
        operationId: 'ListRows',
        summary: 'List rows of a table',
        description: 'Lists the rows of the chosen entity set that match an optional filter, sorted and paged.',
        tags: ['Tables'],
        parameters: [entitySetParameter(true), ...['filter', 'select', 'orderby', 'top', 'skip', 'count'].map((name) => ({ $ref: `#/parameters/${name}` }))],
        responses: {
          '200': {
            description: 'A page of rows.',
            schema: {
              type: 'object',
              properties: {
                [NEXT_LINK_PROPERTY]: { type: 'string', description: 'The URL of the next page.', 'x-ms-summary': 'Next link', 'x-ms-visibility': 'internal' },
                value: { type: 'array', description: 'The rows of this page.', 'x-ms-summary': 'Rows', items: { 'x-ms-dynamic-schema': dynamicSchema('read') } },
              },
            },
          },
          ...errorRefs(['400', '401', '403', '404', '429', '500']),
        },
        'x-ms-visibility': 'advanced',
        'x-ms-pageable': { nextLinkName: NEXT_LINK_PROPERTY },
      },
    },
    {
      path: '/{entitySet}',
      method: 'post',
      operation: {
        operationId: 'CreateRow',
        summary: 'Create a row in a table',
        description: 'Adds a row to the chosen entity set and returns it as stored.',
        tags: ['Tables'],
        parameters: [
          entitySetParameter(true),
          { name: 'body', in: 'body', required: true, schema: { 'x-ms-dynamic-schema': dynamicSchema('create') }, description: 'The new row.', 'x-ms-summary': 'Row' },
          { $ref: '#/parameters/returnRepresentation' },
        ],
        responses: {
          '201': { description: 'The row as created.', schema: { 'x-ms-dynamic-schema': dynamicSchema('read') } },
          ...errorRefs(['400', '401', '403', '404', '409', '429', '500']),
        },
        'x-ms-visibility': 'advanced',
      },
    },
  ];
}
