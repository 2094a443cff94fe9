import { createHash } from 'node:crypto';

const PREFIX = /^[0-9a-f]{16}$/;
const GUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * The first 16 hex digits of every Guid of a table's integer keys: from the SHA-256 of its schema
 * and name (as a JSON pair, so no two tables share it however their names hold dots), with the version digit 8 (a custom UUID, RFC 9562), so the Guids of a
 * table are the same across restarts and databases, and differ from those of other tables.
 */
export function integerGuidPrefix(schema: string, table: string): string {
  const hex = createHash('sha256').update(JSON.stringify([schema, table])).digest('hex');
  return `${hex.slice(0, 12)}8${hex.slice(13, 16)}`;
}

/** Whether `prefix` is one `integerGuidPrefix` makes: 16 lower-case hex digits, safe to write into SQL text. */
export function isIntegerGuidPrefix(prefix: string): boolean {
  return PREFIX.test(prefix);
}

/** The Guid of an integer key: the table's prefix, then the integer's 64 bits (two's complement), big-endian. */
export function integerToGuid(prefix: string, integer: string | bigint): string {
  const hex = `${prefix}${BigInt.asUintN(64, BigInt(integer)).toString(16).padStart(16, '0')}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The integer a Guid of this table encodes, as decimal text; null for a Guid that is not one of this table's. */
export function guidToInteger(prefix: string, guid: string): string | null {
  if (!GUID.test(guid)) return null;
  const hex = guid.replaceAll('-', '').toLowerCase();
  if (hex.slice(0, 16) !== prefix) return null;
  return BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString();
}
