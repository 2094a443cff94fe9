import type { TextParts } from '../response/odata-response.js';
import { operationsOf } from './batch-request.js';
import { isJsonMediaType, parseMediaType } from './media-type.js';
import type { ItemResult, SubResponse } from './run-batch.js';

/** The body as a JSON value (OData JSON Format §19.1): JSON as it is, text as a string, other bytes as base64url. */
function bodyValue(response: SubResponse): string {
  const media = parseMediaType(response.headers['content-type']);
  if (isJsonMediaType(media)) return response.body.toString('utf8');
  if (media?.type.startsWith('text/') === true) return JSON.stringify(response.body.toString('utf8'));
  return JSON.stringify(response.body.toString('base64url'));
}

function responseObject(id: string | undefined, atomicityGroup: string | undefined, response: SubResponse): string {
  let text = `{"id":${JSON.stringify(id ?? null)}`;
  if (atomicityGroup !== undefined) text += `,"atomicityGroup":${JSON.stringify(atomicityGroup)}`;
  text += `,"status":${response.status}`;
  if (Object.keys(response.headers).length > 0) text += `,"headers":${JSON.stringify(response.headers)}`;
  if (response.body.length > 0) text += `,"body":${bodyValue(response)}`;
  return `${text}}`;
}

/**
 * The `application/json` answer to a JSON batch: `{"responses":[…]}`, one object per request run
 * (or not run, with 424) with its `id`, `atomicityGroup`, `status`, `headers` and `body`.
 */
export function formatJsonBatch(results: readonly ItemResult[]): TextParts {
  const objects: string[] = [];
  for (const { item, responses } of results) {
    const group = item.kind === 'group' ? item.id : undefined;
    operationsOf(item).forEach((operation, index) => objects.push(responseObject(operation.id, group, responses[index] as SubResponse)));
  }
  return { parts: ['{"responses":[', objects.join(','), ']}'] };
}
