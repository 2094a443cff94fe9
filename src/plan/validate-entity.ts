import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EdmEntitySet, EdmModel, EdmNavigationProperty, EdmProperty } from '../model/edm-model.js';
import { findEntitySet, findNavigationProperty, findProperty } from '../model/find-in-model.js';
import { isJsonArray, isJsonObject, type JsonBodyValue, type JsonObject } from '../parse/parse-json-body.js';
import { splitMemberName } from './body-member-name.js';
import { bodyProblem, invalidBodyError, issueProblems, type BodyProblem } from './body-problems.js';
import type { BindingInput, EntityInput, EntityInputMode, NestedInput, PropertyInput, WriteValue } from './entity-input.js';
import { propertySchema } from './write-value.js';

/** What a caller knows about the entity beyond its body. */
export interface ValidateEntityOptions {
  /**
   * Columns another entity fills, so they are not required in the body: the columns of an entity
   * nested in a deep insert that hold the parent's key. Nested entities get theirs here by themselves.
   */
  readonly filledColumns?: ReadonlySet<string>;
}

/** One entity object being read: where it sits in the body and what was found so far. */
interface EntityScope {
  readonly set: EdmEntitySet;
  readonly model: EdmModel;
  readonly mode: EntityInputMode;
  /** Prepended to member names in targets: `''`, `lines/0/`, `customer/`. */
  readonly prefix: string;
  readonly problems: BodyProblem[];
}

const noColumns: ReadonlySet<string> = new Set();

function targetSetOf(navigation: EdmNavigationProperty, model: EdmModel): EdmEntitySet {
  const set = findEntitySet(model, navigation.targetSet);
  if (set === undefined) throw new Error(`Navigation target ${navigation.targetSet} missing from the model`);
  return set;
}

function addProblem(scope: EntityScope, member: string, predicate: string): void {
  scope.problems.push(bodyProblem(`${scope.prefix}${member}`, predicate));
}

/** The property holding the integer itself, which a Guid-shown integer key encodes. */
function integerKeyOf(set: EdmEntitySet, column: string): string {
  return set.entityType.properties.find((candidate) => candidate.column === column && candidate.representation === undefined)?.name ?? column;
}

/** A key property in an update or replacement, or a computed property: read-only, so its value is ignored (Part 1 §11.4.3). */
function isIgnored(property: EdmProperty, scope: EntityScope): boolean {
  return property.computed || (scope.mode !== 'create' && (scope.set.entityType.key ?? []).includes(property.name));
}

function readValue(value: JsonBodyValue, property: EdmProperty, model: EdmModel, target: string, problems: BodyProblem[]): WriteValue | undefined {
  const parsed = propertySchema(property, model).safeParse(value);
  if (parsed.success) return parsed.data;
  problems.push(...issueProblems(target, parsed.error.issues));
  return undefined;
}

/**
 * `nav@odata.bind`: one entity URL for a single-valued navigation (or null: no related entity), a
 * non-empty array of them for a collection.
 */
function readBinding(member: string, navigationName: string, value: JsonBodyValue, scope: EntityScope): BindingInput | undefined {
  const navigation = findNavigationProperty(scope.set, navigationName);
  if (navigation === undefined) {
    addProblem(scope, member, `does not name a navigation property of ${scope.set.entityType.qualifiedName}`);
    return undefined;
  }
  const urls = navigation.collection
    ? isJsonArray(value) && value.items.length > 0 && value.items.every((item): item is string => typeof item === 'string')
      ? value.items
      : undefined
    : typeof value === 'string'
      ? [value]
      : value === null
        ? []
        : undefined;
  if (urls === undefined) {
    addProblem(scope, member, navigation.collection ? 'must be a non-empty array of entity URLs' : 'must be the URL of one entity (a string), or null');
    return undefined;
  }
  return { navigation, target: targetSetOf(navigation, scope.model), urls };
}

/** Entities given inline under a navigation property (deep insert), each read as a new entity. */
function readNested(navigation: EdmNavigationProperty, value: JsonBodyValue, scope: EntityScope): NestedInput | undefined {
  if (scope.mode !== 'create') {
    addProblem(scope, navigation.name, 'cannot be changed inline: deep update is not supported; use @odata.bind or a separate request');
    return undefined;
  }
  const target = targetSetOf(navigation, scope.model);
  // Where the parent is the principal, the nested entity's foreign-key columns are the parent's to fill.
  const filledColumns = navigation.constraints.length === 0 ? new Set(navigation.join.map((pair) => pair.targetColumn)) : noColumns;
  const entity = (item: JsonBodyValue, prefix: string): EntityInput | undefined => {
    if (isJsonObject(item)) return readEntity(item, { ...scope, set: target, prefix }, filledColumns);
    scope.problems.push(bodyProblem(prefix.slice(0, -1), 'must be an entity (a JSON object)'));
    return undefined;
  };
  const path = `${scope.prefix}${navigation.name}`;
  if (!navigation.collection) {
    const single = entity(value, `${path}/`);
    return single === undefined ? undefined : { navigation, target, entities: [single] };
  }
  if (!isJsonArray(value)) {
    addProblem(scope, navigation.name, 'must be an array of entities');
    return undefined;
  }
  const entities = value.items.map((item, index) => entity(item, `${path}/${index}/`));
  return { navigation, target, entities: entities.filter((item) => item !== undefined) };
}

/** Non-nullable properties without a default that the body lacks and no relationship fills. */
function checkRequired(scope: EntityScope, sent: ReadonlySet<string>, related: ReadonlySet<string>, filledColumns: ReadonlySet<string>): void {
  const { entityType } = scope.set;
  const filled = new Set(filledColumns);
  for (const navigation of entityType.navigationProperties) {
    if (!navigation.collection && navigation.constraints.length > 0 && related.has(navigation.name)) {
      for (const pair of navigation.join) filled.add(pair.sourceColumn);
    }
  }
  for (const property of entityType.properties) {
    if (property.nullable || property.computed || property.hasDefault || sent.has(property.name) || filled.has(property.column)) continue;
    if (scope.mode === 'replace' && (entityType.key ?? []).includes(property.name)) continue;
    addProblem(scope, property.name, 'is required');
  }
}

function checkType(member: string, value: JsonBodyValue, scope: EntityScope): void {
  const { qualifiedName } = scope.set.entityType;
  if (value !== qualifiedName && value !== `#${qualifiedName}`) addProblem(scope, member, `must name the type ${qualifiedName}`);
}

function readEntity(object: JsonObject, scope: EntityScope, filledColumns: ReadonlySet<string>): EntityInput {
  const { set, model } = scope;
  const properties: PropertyInput[] = [];
  const bindings: BindingInput[] = [];
  const nested: NestedInput[] = [];
  const sent = new Set<string>();
  const bound = new Set<string>();
  const inline = new Set<string>();
  for (const [member, value] of object.members) {
    const name = splitMemberName(member);
    if (name.annotation !== null) {
      if (name.property === '' && name.annotation === 'odata.type') checkType(member, value, scope);
      if (name.property !== '' && name.annotation === 'odata.bind') {
        if (bound.has(name.property)) addProblem(scope, member, 'binds a navigation property the body binds already');
        bound.add(name.property);
        const binding = readBinding(member, name.property, value, scope);
        if (binding !== undefined) bindings.push(binding);
      }
      continue;
    }
    const property = findProperty(set, member);
    if (property !== undefined) {
      sent.add(member);
      if (scope.mode === 'create' && property.representation?.kind === 'guidOfInteger') {
        addProblem(scope, member, `is the Guid of the integer key ${integerKeyOf(set, property.column)}: give that key (or let the database choose it), not its Guid`);
        continue;
      }
      if (isIgnored(property, scope)) continue;
      const written = readValue(value, property, model, `${scope.prefix}${member}`, scope.problems);
      if (written !== undefined) properties.push({ property, value: written });
      continue;
    }
    const navigation = findNavigationProperty(set, member);
    if (navigation === undefined) {
      addProblem(scope, member, `is not a property of ${set.entityType.qualifiedName}`);
      continue;
    }
    inline.add(member);
    const entities = readNested(navigation, value, scope);
    if (entities !== undefined) nested.push(entities);
  }
  for (const navigation of inline) {
    if (bound.has(navigation)) addProblem(scope, navigation, 'cannot be both bound (@odata.bind) and given inline');
  }
  if (scope.mode !== 'update') checkRequired(scope, sent, new Set([...bound, ...inline]), filledColumns);
  return { set, properties, bindings, nested };
}

/**
 * Reads the body of a POST (`create`: a new entity, with bindings and deep insert), a PATCH
 * (`update`) or a PUT (`replace`) as an entity of `set`. Key properties of an update or
 * replacement and computed properties are ignored; instance annotations other than `@odata.type`
 * are ignored. Every problem of the body, nested entities included, is collected into one 400
 * whose details name each (`price`, `lines/0/quantity`, `category@odata.bind`).
 */
export function validateEntity(
  body: JsonBodyValue,
  set: EdmEntitySet,
  model: EdmModel,
  mode: EntityInputMode,
  options: ValidateEntityOptions = {},
): EntityInput {
  const subject = `The ${set.entityType.name} in the request body`;
  if (!isJsonObject(body)) throw new ODataError(400, ErrorCodes.invalidBody, `${subject} must be a JSON object`);
  const problems: BodyProblem[] = [];
  const entity = readEntity(body, { set, model, mode, prefix: '', problems }, options.filledColumns ?? noColumns);
  if (problems.length > 0) throw invalidBodyError(subject, problems);
  return entity;
}

/**
 * Reads the body of `PUT Set(key)/Property`: `{"value": …}`, annotations allowed
 * (`@odata.context`, `value@odata.type`). Problems name the property (`tags/2` for an element).
 */
export function validatePropertyValue(body: JsonBodyValue, property: EdmProperty, model: EdmModel): WriteValue {
  const subject = `The value of '${property.name}' in the request body`;
  if (!isJsonObject(body)) throw new ODataError(400, ErrorCodes.invalidBody, `${subject} must be a JSON object {"value": …}`);
  const problems: BodyProblem[] = [];
  let written: WriteValue | undefined;
  for (const [member, value] of body.members) {
    const name = splitMemberName(member);
    if (member === 'value') written = readValue(value, property, model, property.name, problems);
    else if (name.annotation === null || (name.property !== '' && name.property !== 'value')) {
      problems.push(bodyProblem(member, 'is not allowed: the body holds "value" and annotations only'));
    }
  }
  if (!body.members.has('value')) problems.push(bodyProblem('value', 'is required'));
  if (written === undefined || problems.length > 0) throw invalidBodyError(subject, problems);
  return written;
}

/**
 * Reads the body of a `$ref` write, `{"@odata.id": "Categories(3)"}` (4.01: `@id`), and returns the
 * URL as sent; other annotations are allowed, anything else is a 400.
 */
export function readReference(body: JsonBodyValue): string {
  const subject = 'The entity reference in the request body';
  if (!isJsonObject(body)) throw new ODataError(400, ErrorCodes.invalidBody, `${subject} must be a JSON object {"@odata.id": …}`);
  const problems: BodyProblem[] = [];
  let url: string | undefined;
  let named = false;
  for (const [member, value] of body.members) {
    const name = splitMemberName(member);
    if (name.property === '' && name.annotation === 'odata.id') {
      if (named) problems.push(bodyProblem(member, 'repeats the entity URL'));
      named = true;
      if (typeof value === 'string') url = value;
      else problems.push(bodyProblem(member, 'must be a string: the URL of the entity'));
    } else if (name.property !== '' || name.annotation === null) {
      problems.push(bodyProblem(member, 'is not allowed: a reference holds "@odata.id" and annotations only'));
    }
  }
  if (!named) problems.push(bodyProblem('@odata.id', 'is required'));
  if (url === undefined || problems.length > 0) throw invalidBodyError(subject, problems);
  return url;
}
