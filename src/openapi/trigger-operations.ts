import type { EdmEntitySet, EdmModel } from '../model/edm-model.js';
import { toPascalCase } from '../model/edm-names.js';
import { humanWords, sentence, summaryOf } from './connector-text.js';
import { entitySchema } from './entity-definitions.js';
import type { PlacedOperation } from './set-operations.js';
import { errorRefs } from './shared-components.js';
import type { ParameterOrRef, SwaggerSchema } from './swagger-document.js';

/** Where a tracked set's polling trigger answers: the changes since the state in its `Location`. */
export const CHANGES_PATH = '/$connector/changes/{entitySet}';

/** The names under `definitions` of a trigger's schemas: one change, and the changes of a poll. */
export interface ChangeDefinitionNames {
  readonly change: string;
  readonly changes: string;
}

const POLL_HEADERS = {
  Location: { type: 'string', description: 'The URL of the next poll: it holds the state of the trigger.' },
  'Retry-After': { type: 'integer', description: 'Seconds to wait before the next poll.' },
} as const;

/** The schemas of a tracked set's changes: a row as it is now, or the id of a row gone (`@removed`). */
export function changeDefinitions(set: EdmEntitySet, model: EdmModel, names: ChangeDefinitionNames): Record<string, SwaggerSchema> {
  const row = entitySchema(set, model);
  const change: SwaggerSchema = {
    ...row,
    description: sentence(`A row of ${humanWords(set.name)} added or changed, with its values now, or one deleted or gone from the filter, with its id only`),
    properties: {
      '@id': { type: 'string', description: 'The id of the row (its URL relative to the service root).', 'x-ms-summary': 'Row id' },
      '@removed': {
        type: 'object',
        description: 'Present when the row was deleted (reason deleted) or no longer matches the filter (reason changed).',
        'x-ms-summary': 'Removed',
        properties: { reason: { type: 'string', enum: ['deleted', 'changed'], description: 'Why the row is gone.', 'x-ms-summary': 'Reason' } },
      },
      ...row.properties,
    },
  };
  const changes: SwaggerSchema = {
    type: 'object',
    description: sentence(`The changes to ${humanWords(set.name)} since the last poll`),
    properties: { value: { type: 'array', description: 'The changed rows.', items: { $ref: `#/definitions/${names.change}` }, 'x-ms-summary': 'Changed rows' } },
  };
  return { [names.change]: change, [names.changes]: changes };
}

/**
 * The polling trigger of a tracked set: its first call answers 202 with the state in `Location`;
 * each poll of that URL answers 202 while nothing changed, else 200 with the changes, and the next
 * state in `Location` either way (OData delta links underneath).
 */
export function triggerOperation(set: EdmEntitySet, names: ChangeDefinitionNames): PlacedOperation {
  const plural = humanWords(set.name);
  const parameters: readonly ParameterOrRef[] = [{ $ref: '#/parameters/filter' }, { $ref: '#/parameters/select' }];
  return {
    path: CHANGES_PATH.replace('{entitySet}', set.name),
    method: 'get',
    operation: {
      operationId: `On${toPascalCase(set.name)}Changed`,
      summary: summaryOf(`When ${plural} are added, changed or deleted`),
      description: sentence(`Fires with the rows of ${set.name} added or changed since the last poll and the ids of those deleted; a filter limits which rows count`),
      tags: [set.name],
      parameters,
      responses: {
        '200': { description: `The changes to ${plural}.`, schema: { $ref: `#/definitions/${names.changes}` }, headers: POLL_HEADERS },
        '202': { description: 'Nothing changed since the last poll.', headers: POLL_HEADERS },
        ...errorRefs(['400', '401', '403', '429', '500']),
      },
      'x-ms-visibility': 'important',
      'x-ms-trigger': 'batch',
      'x-ms-trigger-hint': sentence(`To see it work, add, change or delete a row of ${set.name}`),
      'x-ms-trigger-metadata': { kind: 'query', mode: 'polling' },
    },
  };
}
