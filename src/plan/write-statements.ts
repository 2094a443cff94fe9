import type { EdmEntitySet, EdmProperty } from '../model/edm-model.js';
import type { PropertyInput, WriteValue } from './entity-input.js';
import type { KeyValue } from './plan-key.js';
import type { TableRef } from './query-plan.js';
import type { ColumnCast, ColumnWrite, EtagCheck, Preconditions, Returning } from './write-plan.js';

/** Writes address the set's table under this alias. */
export const WRITE_ALIAS = 't0';

export function tableOf(set: EdmEntitySet): TableRef {
  return { schema: set.table.schema, name: set.table.name, alias: WRITE_ALIAS };
}

export function castOf(property: EdmProperty): ColumnCast {
  return { schema: property.pgType.schema, name: property.pgType.name, isArray: property.pgType.isArray };
}

export function propertyOfColumn(set: EdmEntitySet, column: string): EdmProperty {
  const property = set.entityType.properties.find((candidate) => candidate.column === column);
  if (property === undefined) throw new Error(`Column ${column} of ${set.name} missing from the model`);
  return property;
}

export function valueWrite(property: EdmProperty, value: WriteValue): ColumnWrite {
  return { column: property.column, source: { kind: 'value', value, cast: castOf(property) } };
}

/** A column set to a value read from the database as text (a related row's key). */
export function textWrite(property: EdmProperty, text: string | null): ColumnWrite {
  return valueWrite(property, text === null ? { kind: 'null' } : { kind: 'value', value: text });
}

export function propertyWrites(properties: readonly PropertyInput[]): ColumnWrite[] {
  return properties.map(({ property, value }) => valueWrite(property, value));
}

/** The key values of a URL as column writes (the row an upsert creates gets the key it was addressed by). */
export function keyWrites(key: readonly KeyValue[]): ColumnWrite[] {
  return key.map(({ property, value }) => {
    const raw = value.value;
    const text = typeof raw === 'boolean' ? String(raw) : raw instanceof Uint8Array ? Buffer.from(raw) : raw;
    return valueWrite(property, { kind: 'value', value: text });
  });
}

export function keyColumns(set: EdmEntitySet): readonly string[] {
  return (set.entityType.key ?? []).map((name) => set.entityType.properties.find((property) => property.name === name)?.column ?? name);
}

/** The key columns, the `extra` columns, and the ETag. */
export function returningOf(set: EdmEntitySet, extra: readonly string[] = []): Returning {
  return { columns: [...new Set([...keyColumns(set), ...extra])], etag: set.etag };
}

/** The version column of the ETag, advanced by every update the service makes (none for xmin or a database-kept column). */
export function versionAdvance(set: EdmEntitySet, written: readonly ColumnWrite[]): ColumnWrite[] {
  const etag = set.etag;
  if (etag?.kind !== 'column' || etag.advance === 'none' || written.some((write) => write.column === etag.column)) return [];
  return [{ column: etag.column, source: { kind: 'advance', how: etag.advance } }];
}

/**
 * PUT replaces the entity: every writable property that was not written (not a key, not computed,
 * not the version column) goes back to its default, or null without one.
 */
export function replacedWrites(set: EdmEntitySet, written: readonly ColumnWrite[]): ColumnWrite[] {
  const key = new Set(set.entityType.key ?? []);
  const done = new Set(written.map((write) => write.column));
  const version = set.etag?.kind === 'column' ? set.etag.column : undefined;
  return set.entityType.properties
    .filter((property) => !key.has(property.name) && !property.computed && !done.has(property.column) && property.column !== version)
    .map((property) => (property.hasDefault ? { column: property.column, source: { kind: 'default' } } : valueWrite(property, { kind: 'null' })));
}

/**
 * The ETag conditions of `If-Match` (the row's tag is one of them) and `If-None-Match` (none of
 * them), both when both are sent. `*` adds no condition: `If-Match: *` only needs the row to exist,
 * and `If-None-Match: *` fails on any existing row (see `execute-write.ts`).
 */
export function etagChecks(set: EdmEntitySet, preconditions: Preconditions): EtagCheck[] {
  const { ifMatch, ifNoneMatch } = preconditions;
  if (set.etag === null) return [];
  const checks: EtagCheck[] = [];
  if (ifMatch?.kind === 'tags') checks.push({ source: set.etag, values: ifMatch.values, negate: false });
  if (ifNoneMatch?.kind === 'tags') checks.push({ source: set.etag, values: ifNoneMatch.values, negate: true });
  return checks;
}
