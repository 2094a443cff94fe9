import type { EdmEntitySet } from '../model/edm-model.js';

/**
 * The value of `Core.OptimisticConcurrency` on a set whose updates and deletes must send `If-Match`:
 * the property its ETag comes from (the version column's), or none for `xmin` and for a hidden
 * version column (an ETag from data the client does not see). `null`: the set is not annotated.
 */
export function optimisticConcurrencyPaths(entitySet: EdmEntitySet): readonly string[] | null {
  const { etag } = entitySet;
  if (!entitySet.requireIfMatch || etag === null) return null;
  if (etag.kind === 'xmin') return [];
  const property = entitySet.entityType.properties.find((candidate) => candidate.column === etag.column);
  return property === undefined ? [] : [property.name];
}
