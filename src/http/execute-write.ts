import { assertNever } from '../errors/assert-never.js';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { Row } from '../db/run-in-transaction.js';
import type { WriteSession } from '../db/write-transaction.js';
import type { EdmEntitySet, EdmModel, EdmNavigationProperty } from '../model/edm-model.js';
import { findEntitySet } from '../model/find-in-model.js';
import type { BindingInput, EntityInput } from '../plan/entity-input.js';
import { resolveEntityUrl, type EntityReference, type ServiceLocation } from '../plan/resolve-entity-url.js';
import type { AddressedRow, ColumnWrite, EtagCheck, Preconditions, WriteAction, WriteStatement } from '../plan/write-plan.js';
import {
  etagChecks,
  keyColumns,
  keyWrites,
  propertyOfColumn,
  propertyWrites,
  replacedWrites,
  returningOf,
  tableOf,
  textWrite,
  valueWrite,
  versionAdvance,
} from '../plan/write-statements.js';
import { compileWrite, CREATED_COLUMN, ETAG_COLUMN } from '../sql/compile-write.js';

/** What a write did to the entity it addressed, for the response: its key, its new ETag, whether it was created. */
export interface WriteOutcome {
  readonly set: EdmEntitySet;
  /** Key column → value as text (of the deleted row for a delete, of the addressed one for a `$ref`); null when the answer names none. */
  readonly key: Readonly<Record<string, string>> | null;
  readonly etag: string | null;
  readonly created: boolean;
}

interface Writer {
  readonly session: WriteSession;
  readonly model: EdmModel;
  readonly location: ServiceLocation;
}

async function run(writer: Writer, statement: WriteStatement): Promise<readonly Row[]> {
  return writer.session.run(compileWrite(statement));
}

function targetSet(model: EdmModel, navigation: EdmNavigationProperty): EdmEntitySet {
  const set = findEntitySet(model, navigation.targetSet);
  if (set === undefined) throw new Error(`Navigation target ${navigation.targetSet} missing from the model`);
  return set;
}

function textOf(row: Row, column: string): string | null {
  const value = row[column];
  return value === null || value === undefined ? null : String(value);
}

/** A navigation whose foreign key the entity itself holds (a single-valued navigation with a referential constraint). */
function ownsForeignKey(navigation: EdmNavigationProperty): boolean {
  return !navigation.collection && navigation.constraints.length > 0;
}

/** The entity an `@odata.bind` or `@odata.id` URL names, which must be of the navigation's target set. */
function referenceOf(writer: Writer, url: string, navigation: EdmNavigationProperty, what: string): EntityReference {
  const reference = resolveEntityUrl(url, writer.model, writer.location, what);
  if (reference.set.name !== navigation.targetSet) {
    throw new ODataError(400, ErrorCodes.invalidBinding, `${what}: '${navigation.name}' relates ${navigation.targetSet} entities, not ${reference.set.name}`, { target: what });
  }
  return reference;
}

/** Reads `columns` of the one entity a reference names; a missing entity is a 400 naming the binding. */
async function lookup(writer: Writer, reference: EntityReference, columns: readonly string[], what: string): Promise<Row> {
  const rows = await run(writer, { kind: 'lookup', table: tableOf(reference.set), where: reference.where, etag: [], returning: { columns, etag: null } });
  const row = rows[0];
  if (row === undefined) throw new ODataError(400, ErrorCodes.invalidBinding, `${what}: the ${reference.set.entityType.name} it names does not exist`, { target: what });
  return row;
}

/** The foreign key columns of `set` that relate it to the entity `url` names (`nav@odata.bind`, `$ref`). */
async function foreignKeyWrites(writer: Writer, set: EdmEntitySet, navigation: EdmNavigationProperty, url: string, what: string): Promise<ColumnWrite[]> {
  const related = await lookup(writer, referenceOf(writer, url, navigation, what), navigation.join.map((pair) => pair.targetColumn), what);
  return navigation.join.map((pair) => textWrite(propertyOfColumn(set, pair.sourceColumn), textOf(related, pair.targetColumn)));
}

/** Foreign key columns an entity's single-valued bindings set (to null for a binding to null). */
async function bindingWrites(writer: Writer, entity: EntityInput): Promise<ColumnWrite[]> {
  const writes: ColumnWrite[] = [];
  for (const binding of entity.bindings.filter((candidate) => ownsForeignKey(candidate.navigation))) {
    const [url] = binding.urls;
    writes.push(
      ...(url === undefined
        ? binding.navigation.join.map((pair) => textWrite(propertyOfColumn(entity.set, pair.sourceColumn), null))
        : await foreignKeyWrites(writer, entity.set, binding.navigation, url, `${binding.navigation.name}@odata.bind`)),
    );
  }
  return writes;
}

/** Points the related entities' foreign keys at `row` (bindings of navigations whose foreign key the related entity holds). */
async function linkRelated(writer: Writer, binding: BindingInput, row: Row): Promise<void> {
  const what = `${binding.navigation.name}@odata.bind`;
  const target = targetSet(writer.model, binding.navigation);
  for (const url of binding.urls) {
    const reference = referenceOf(writer, url, binding.navigation, what);
    const set = binding.navigation.join.map((pair) => textWrite(propertyOfColumn(target, pair.targetColumn), textOf(row, pair.sourceColumn)));
    const rows = await run(writer, { kind: 'update', table: tableOf(target), set, where: reference.where, equal: [], etag: [], returning: { columns: [], etag: null } });
    if (rows.length === 0) throw new ODataError(400, ErrorCodes.invalidBinding, `${what}: the ${target.entityType.name} it names does not exist`, { target: what });
  }
}

/**
 * Inserts an entity with what it carries: entities it refers to first (bound, or nested inline
 * and inserted before it), then the entity, then its nested children and the related entities
 * bound to it, each pointed at the new row. Returns the new row's key (and what children need).
 */
async function insertEntity(writer: Writer, entity: EntityInput, fixed: readonly ColumnWrite[]): Promise<Row> {
  const { set } = entity;
  const writes = [...fixed, ...propertyWrites(entity.properties), ...(await bindingWrites(writer, entity))];
  for (const nested of entity.nested.filter((candidate) => ownsForeignKey(candidate.navigation))) {
    const parent = await insertEntity(writer, nested.entities[0] as EntityInput, []);
    writes.push(...nested.navigation.join.map((pair) => textWrite(propertyOfColumn(set, pair.sourceColumn), textOf(parent, pair.targetColumn))));
  }
  const dependents = [...entity.nested, ...entity.bindings].filter((item) => !ownsForeignKey(item.navigation));
  const needed = dependents.flatMap((item) => item.navigation.join.map((pair) => pair.sourceColumn));
  const [row] = await run(writer, { kind: 'insert', table: tableOf(set), values: distinct(set, writes), returning: returningOf(set, needed) });
  if (row === undefined) throw new Error('An insert answered no row');
  for (const nested of entity.nested.filter((candidate) => !ownsForeignKey(candidate.navigation))) {
    const fixedForChild = (child: EntityInput): ColumnWrite[] =>
      nested.navigation.join.map((pair) => textWrite(propertyOfColumn(child.set, pair.targetColumn), textOf(row, pair.sourceColumn)));
    for (const child of nested.entities) await insertEntity(writer, child, fixedForChild(child));
  }
  for (const binding of entity.bindings.filter((candidate) => !ownsForeignKey(candidate.navigation))) await linkRelated(writer, binding, row);
  return row;
}

/**
 * A column may be written once: a foreign key sent as a property and also set by a binding, or by
 * the parent of a nested entity, is a 400 naming the property.
 */
function distinct(set: EdmEntitySet, writes: readonly ColumnWrite[]): readonly ColumnWrite[] {
  const seen = new Set<string>();
  for (const write of writes) {
    if (seen.has(write.column)) {
      const name = propertyOfColumn(set, write.column).name;
      throw new ODataError(400, ErrorCodes.invalidBody, `'${name}' is given twice: as a property and through a relationship (a binding or the enclosing entity)`, { target: name });
    }
    seen.add(write.column);
  }
  return writes;
}

function outcome(set: EdmEntitySet, row: Row | undefined, created: boolean): WriteOutcome {
  if (row === undefined) return { set, key: null, etag: null, created };
  const key = Object.fromEntries(keyColumns(set).map((column) => [column, textOf(row, column) ?? '']));
  return { set, key, etag: textOf(row, ETAG_COLUMN), created };
}

async function exists(writer: Writer, row: AddressedRow): Promise<boolean> {
  return (await run(writer, { kind: 'lookup', table: tableOf(row.set), where: row.where, etag: [], returning: { columns: [], etag: null } })).length > 0;
}

function preconditionFailed(row: AddressedRow, message: string, target: 'if-match' | 'if-none-match'): ODataError {
  return new ODataError(412, ErrorCodes.preconditionFailed, `The ${row.set.entityType.name} ${message}`, { target });
}

function notFound(row: AddressedRow): ODataError {
  return new ODataError(404, ErrorCodes.entityNotFound, `No ${row.set.entityType.name} has this key`);
}

/** After a write touched no row: 412 when the row exists (an ETag condition failed), else 404. */
async function missed(writer: Writer, row: AddressedRow, checks: readonly EtagCheck[]): Promise<never> {
  if (checks.length > 0 && (await exists(writer, row))) {
    throw preconditionFailed(row, 'has changed: its ETag does not match', checks.some((check) => !check.negate) ? 'if-match' : 'if-none-match');
  }
  throw notFound(row);
}

/**
 * `If-None-Match: *` on a change to an existing entity: the condition fails when the entity exists
 * (412), and the change needs one (404 otherwise).
 */
async function refuseExisting(writer: Writer, row: AddressedRow): Promise<never> {
  if (await exists(writer, row)) throw preconditionFailed(row, 'exists', 'if-none-match');
  throw notFound(row);
}

/**
 * Updates the addressed row; undefined when no row matched (the key, or an ETag condition). An
 * update that sets nothing reads the row instead: nothing changes, not even its ETag.
 */
async function tryUpdate(writer: Writer, row: AddressedRow, writes: readonly ColumnWrite[], checks: readonly EtagCheck[]): Promise<Row | undefined> {
  const { set } = row;
  const table = tableOf(set);
  if (writes.length === 0) return (await run(writer, { kind: 'lookup', table, where: row.where, etag: checks, returning: returningOf(set) }))[0];
  const [updated] = await run(writer, { kind: 'update', table, set: [...writes, ...versionAdvance(set, writes)], where: row.where, equal: [], etag: checks, returning: returningOf(set) });
  return updated;
}

/** Updates the addressed row under the request's preconditions. */
async function updateRow(writer: Writer, row: AddressedRow, writes: readonly ColumnWrite[], preconditions: Preconditions): Promise<WriteOutcome> {
  if (preconditions.ifNoneMatch?.kind === 'any') return refuseExisting(writer, row);
  const checks = etagChecks(row.set, preconditions);
  const updated = await tryUpdate(writer, row, writes, checks);
  if (updated === undefined) return missed(writer, row, checks);
  return outcome(row.set, updated, false);
}

/** Whether a missing row may be created at the addressed key: a plain `Set(key)` whose key the database does not generate. */
function creatable(row: AddressedRow): row is AddressedRow & { readonly key: NonNullable<AddressedRow['key']> } {
  return row.key !== null && row.key.every(({ property }) => !property.computed);
}

/** The new row's columns: the key it was addressed by (whatever the body says of those properties), then the rest. */
function creationValues(row: AddressedRow & { readonly key: NonNullable<AddressedRow['key']> }, writes: readonly ColumnWrite[]): readonly ColumnWrite[] {
  const key = keyWrites(row.key);
  return distinct(row.set, [...key, ...writes.filter((write) => !key.some((keyWrite) => keyWrite.column === write.column))]);
}

/** `If-None-Match: *`: creates the row; an existing one is a 412, left as it was. */
async function createOnly(writer: Writer, row: AddressedRow, writes: readonly ColumnWrite[], preconditions: Preconditions): Promise<WriteOutcome> {
  const { set } = row;
  // The existing row is looked for first: Postgres would report a missing required property before the conflict.
  if (await exists(writer, row)) throw preconditionFailed(row, 'already exists', 'if-none-match');
  if (preconditions.ifMatch !== null) throw notFound(row);
  if (!creatable(row)) {
    throw new ODataError(400, ErrorCodes.invalidKey, `A ${set.entityType.name} cannot be created at this URL: its key is generated by the database; POST to ${set.name}`);
  }
  const [created] = await run(writer, { kind: 'insert', table: tableOf(set), values: creationValues(row, writes), returning: returningOf(set) });
  return outcome(set, created, true);
}

async function update(writer: Writer, action: WriteAction & { kind: 'update' }): Promise<WriteOutcome> {
  const { row, entity, preconditions } = action;
  const { set } = row;
  if (entity.bindings.some((binding) => !ownsForeignKey(binding.navigation))) {
    throw new ODataError(400, ErrorCodes.invalidBinding, 'Binding entities that hold the foreign key is done with $ref requests, not in an update', { target: '@odata.bind' });
  }
  const sent = distinct(set, [...propertyWrites(entity.properties), ...(await bindingWrites(writer, entity))]);
  const writes = action.replace ? [...sent, ...replacedWrites(set, sent)] : sent;
  if (preconditions.ifNoneMatch?.kind === 'any') return createOnly(writer, row, writes, preconditions);
  if (preconditions.ifMatch !== null || preconditions.ifNoneMatch !== null || !creatable(row)) return updateRow(writer, row, writes, preconditions);
  if (writes.length === 0) {
    // Nothing to change: an existing row is left as it is, ETag included; a missing one is created.
    const found = await tryUpdate(writer, row, writes, []);
    if (found !== undefined) return outcome(set, found, false);
  }
  const [upserted] = await run(writer, {
    kind: 'upsert',
    table: tableOf(set),
    where: row.where,
    values: creationValues(row, writes),
    conflict: row.key.map(({ property }) => property.column),
    update: [...writes, ...versionAdvance(set, writes)],
    returning: returningOf(set),
  });
  return outcome(set, upserted, upserted?.[CREATED_COLUMN] === true);
}

async function remove(writer: Writer, row: AddressedRow, preconditions: Preconditions): Promise<WriteOutcome> {
  if (preconditions.ifNoneMatch?.kind === 'any') return refuseExisting(writer, row);
  const checks = etagChecks(row.set, preconditions);
  const deleted = await run(writer, { kind: 'delete', table: tableOf(row.set), where: row.where, etag: checks, returning: { columns: keyColumns(row.set), etag: null } });
  if (deleted.length === 0) return missed(writer, row, checks);
  return outcome(row.set, deleted[0], false);
}

async function setReference(writer: Writer, action: WriteAction & { kind: 'setReference' }): Promise<WriteOutcome> {
  const { row, navigation, url } = action;
  const writes =
    url === null
      ? navigation.join.map((pair) => textWrite(propertyOfColumn(row.set, pair.sourceColumn), null))
      : await foreignKeyWrites(writer, row.set, navigation, url, '@odata.id');
  return updateRow(writer, row, writes, action.preconditions);
}

async function linkReference(writer: Writer, action: WriteAction & { kind: 'linkReference' }): Promise<WriteOutcome> {
  const { row, navigation, related } = action;
  const target = targetSet(writer.model, navigation);
  const columns = [...new Set([...keyColumns(row.set), ...navigation.join.map((pair) => pair.sourceColumn)])];
  const [source] = await run(writer, { kind: 'lookup', table: tableOf(row.set), where: row.where, etag: [], returning: { columns, etag: null } });
  if (source === undefined) throw new ODataError(404, ErrorCodes.entityNotFound, `No ${row.set.entityType.name} has this key`);
  const pointing = navigation.join.map((pair) => textWrite(propertyOfColumn(target, pair.targetColumn), textOf(source, pair.sourceColumn)));
  const cleared = navigation.join.map((pair) => textWrite(propertyOfColumn(target, pair.targetColumn), null));
  const where = related.kind === 'url' ? referenceOf(writer, related.url, navigation, '@odata.id').where : related.kind === 'where' ? related.where : null;
  const statement: WriteStatement = {
    kind: 'update',
    table: tableOf(target),
    set: action.add ? pointing : cleared,
    where,
    equal: action.add ? [] : pointing,
    etag: [],
    returning: { columns: [], etag: null },
  };
  const rows = await run(writer, statement);
  if (rows.length === 0) {
    if (action.add) throw new ODataError(400, ErrorCodes.invalidBinding, `@odata.id: the ${target.entityType.name} it names does not exist`, { target: '@odata.id' });
    throw new ODataError(404, ErrorCodes.entityNotFound, `The ${target.entityType.name} is not related to this ${row.set.entityType.name}`);
  }
  return outcome(row.set, source, false);
}

/** For a create through a collection navigation property: the new entity's foreign key, pointing at the parent. */
async function parentWrites(writer: Writer, action: WriteAction & { kind: 'create' }): Promise<ColumnWrite[]> {
  if (action.parent === null) return [];
  const { row, navigation } = action.parent;
  const columns = navigation.join.map((pair) => pair.sourceColumn);
  const [parent] = await run(writer, { kind: 'lookup', table: tableOf(row.set), where: row.where, etag: [], returning: { columns, etag: null } });
  if (parent === undefined) throw notFound(row);
  return navigation.join.map((pair) => textWrite(propertyOfColumn(action.entity.set, pair.targetColumn), textOf(parent, pair.sourceColumn)));
}

/** Runs a planned write in the session's transaction. */
export async function executeWrite(action: WriteAction, session: WriteSession, model: EdmModel, location: ServiceLocation): Promise<WriteOutcome> {
  const writer: Writer = { session, model, location };
  switch (action.kind) {
    case 'create':
      return outcome(action.entity.set, await insertEntity(writer, action.entity, await parentWrites(writer, action)), true);
    case 'update':
      return update(writer, action);
    case 'delete':
      return remove(writer, action.row, action.preconditions);
    case 'setProperty':
      return updateRow(writer, action.row, [valueWrite(action.property, action.value)], action.preconditions);
    case 'setReference':
      return setReference(writer, action);
    case 'linkReference':
      return linkReference(writer, action);
    default:
      return assertNever(action);
  }
}
