import { createHash } from 'node:crypto';

/** RFC 9562's namespace for URLs, under which the service's own namespace is made. */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** A name-based UUID (version 5, SHA-1; RFC 9562 §5.5). */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replaceAll('-', ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The namespace of every surrogate Guid: the same for every database, so a row's Guid is too. */
export const SURROGATE_NAMESPACE = uuidV5(URL_NAMESPACE, 'urn:odata-facade:surrogate-key');

/**
 * What a row's surrogate Guid is made from: its table, then the text of each key value preceded
 * by its length in characters, so no two keys of one table, nor of two tables, give the same name.
 */
export function surrogateName(schema: string, table: string, keyTexts: readonly string[]): string {
  return `${schema}.${table}:${keyTexts.map((text) => `${[...text].length}:${text}`).join(',')}`;
}

/** The surrogate Guid of a row of a table with a text or composite key: UUIDv5 of its name. */
export function surrogateGuid(schema: string, table: string, keyTexts: readonly string[]): string {
  return uuidV5(SURROGATE_NAMESPACE, surrogateName(schema, table, keyTexts));
}
