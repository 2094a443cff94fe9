import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EdmEntitySet, EdmModel, EdmNavigationProperty } from '../model/edm-model.js';
import { findEntitySet, findNavigationProperty, findProperty } from '../model/find-in-model.js';
import type { JsonBodyValue } from '../parse/parse-json-body.js';
import type { ODataRequest, PathSegment } from '../parse/syntax.js';
import type { EntityInput } from './entity-input.js';
import { foldKeyAsSegment } from './key-as-segment.js';
import { rootScope } from './plan-context.js';
import { planKey, planKeyValues } from './plan-key.js';
import { rejectUnsupportedSegments } from './reject-unsupported-segments.js';
import { resolvePath, type Resource } from './resolve-path.js';
import { readReference, validateEntity, validatePropertyValue } from './validate-entity.js';
import type { AddressedRow, Preconditions, WriteAction } from './write-plan.js';

/** A write request as the planner needs it: method, parsed JSON body (if any) and precondition headers. */
export interface WriteInput {
  readonly method: string;
  readonly body: JsonBodyValue | undefined;
  readonly preconditions: Preconditions;
}

const ENTITY_METHODS = 'GET, HEAD, PATCH, PUT, DELETE';

function methodNotAllowed(method: string, allow: string, why = ''): ODataError {
  return new ODataError(405, ErrorCodes.methodNotAllowed, `${method} is not allowed on this resource${why}`, { headers: { allow } });
}

function bodyOf(input: WriteInput): JsonBodyValue {
  if (input.body === undefined) throw new ODataError(400, ErrorCodes.invalidBody, `${input.method} needs a request body`);
  return input.body;
}

/** Sets that cannot be written (views, sets marked read-only, tables without a key) answer 405 with what they allow. */
function checkWritable(set: EdmEntitySet, method: string): void {
  if (set.readOnly) throw methodNotAllowed(method, 'GET, HEAD', `: ${set.name} is read-only`);
  if (set.entityType.key === null) throw methodNotAllowed(method, 'GET, HEAD', `: ${set.name} has no key, so its entities cannot be written`);
}

/** A set with `requireIfMatch` takes changes to existing entities only with `If-Match` (428 otherwise). */
function checkIfMatchRequired(set: EdmEntitySet, preconditions: Preconditions, createOnly = false): void {
  if (set.requireIfMatch && preconditions.ifMatch === null && !createOnly) {
    throw new ODataError(428, ErrorCodes.preconditionRequired, `Changes to ${set.name} need an If-Match header with the entity's ETag`, { target: 'if-match' });
  }
}

/** Every set a new entity writes to: nested entities are created, and bound entities that hold the foreign key are changed. */
function checkWritableTargets(entity: EntityInput, method: string): void {
  for (const nested of entity.nested) {
    checkWritable(nested.target, method);
    for (const child of nested.entities) checkWritableTargets(child, method);
  }
  for (const binding of entity.bindings) {
    if (binding.navigation.collection || binding.navigation.constraints.length === 0) checkWritable(binding.target, method);
  }
}

function rowOf(resource: Resource, directKey: boolean, model: EdmModel): AddressedRow {
  if (resource.restrict === null) throw new Error('An addressed row without a condition');
  const keyed = directKey && resource.key !== undefined;
  const key = keyed ? planKeyValues(resource.key as NonNullable<Resource['key']>, rootScope(model, resource.set, 't0', resource.set.name)) : null;
  return { set: resource.set, where: resource.restrict, key };
}

function planEntityWrite(resource: Resource, directKey: boolean, input: WriteInput, model: EdmModel): WriteAction {
  const { set } = resource;
  const { method, preconditions } = input;
  if (method === 'POST') throw methodNotAllowed(method, ENTITY_METHODS);
  checkWritable(set, method);
  const row = rowOf(resource, directKey, model);
  if (method === 'DELETE') {
    checkIfMatchRequired(set, preconditions);
    return { kind: 'delete', row, preconditions };
  }
  checkIfMatchRequired(set, preconditions, preconditions.ifNoneMatch?.kind === 'any');
  const replace = method === 'PUT';
  // The key in the URL fills its properties: a replacement addressed by an alternate key need not repeat it.
  const filledColumns = new Set((row.key ?? []).map(({ property }) => property.column));
  const entity = validateEntity(bodyOf(input), set, model, replace ? 'replace' : 'update', { filledColumns });
  return { kind: 'update', row, entity, replace, preconditions };
}

function planPropertyWrite(resource: Resource, name: string, rest: readonly PathSegment[], input: WriteInput, model: EdmModel): WriteAction {
  const { set } = resource;
  const property = findProperty(set, name);
  if (property === undefined) throw new ODataError(404, ErrorCodes.notFound, `${set.entityType.name} has no property '${name}'`);
  const { method, preconditions } = input;
  if (rest.length > 0 || (method !== 'PUT' && method !== 'DELETE')) throw methodNotAllowed(method, rest.length > 0 ? 'GET, HEAD' : 'GET, HEAD, PUT, DELETE');
  checkWritable(set, method);
  if (property.computed || (set.entityType.key ?? []).includes(property.name)) {
    throw new ODataError(400, ErrorCodes.invalidBody, `The property '${property.name}' is read-only`, { target: property.name });
  }
  checkIfMatchRequired(set, preconditions);
  const row = rowOf(resource, false, model);
  if (method === 'DELETE') {
    if (!property.nullable) throw new ODataError(400, ErrorCodes.invalidBody, `The property '${property.name}' cannot be null`, { target: property.name });
    return { kind: 'setProperty', row, property, value: { kind: 'null' }, preconditions };
  }
  return { kind: 'setProperty', row, property, value: validatePropertyValue(bodyOf(input), property, model), preconditions };
}

/** `Set(key)/nav/$ref` and `Set(key)/nav(key)/$ref`. */
function planReferenceWrite(
  source: Resource,
  navigation: EdmNavigationProperty,
  navigationSegment: PathSegment & { kind: 'identifier' },
  id: string | undefined,
  input: WriteInput,
  model: EdmModel,
): WriteAction {
  const { method, preconditions } = input;
  const row = rowOf(source, false, model);
  const ownsForeignKey = !navigation.collection && navigation.constraints.length > 0;
  if (ownsForeignKey) {
    if (method !== 'PUT' && method !== 'DELETE') throw methodNotAllowed(method, 'GET, HEAD, PUT, DELETE');
    checkWritable(source.set, method);
    checkIfMatchRequired(source.set, preconditions);
    const url = method === 'PUT' ? readReference(bodyOf(input)) : null;
    return { kind: 'setReference', row, navigation, url, preconditions };
  }
  const target = findEntitySet(model, navigation.targetSet);
  if (target === undefined) throw new Error(`Navigation target ${navigation.targetSet} missing from the model`);
  if (method === 'POST' && navigationSegment.key === undefined) {
    checkWritable(target, method);
    return { kind: 'linkReference', row, navigation, related: { kind: 'url', url: readReference(bodyOf(input)) }, add: true };
  }
  if (method === 'DELETE' && (navigationSegment.key !== undefined || id !== undefined || !navigation.collection)) {
    checkWritable(target, method);
    // The member to remove: `nav(key)/$ref`, `nav/$ref?$id=<entity URL>` (OData 4.0), or whichever is related (single-valued).
    const related =
      navigationSegment.key !== undefined
        ? { kind: 'where' as const, where: planKey(navigationSegment.key, rootScope(model, target, 't0', target.name)) }
        : id !== undefined
          ? { kind: 'url' as const, url: id }
          : { kind: 'linked' as const };
    return { kind: 'linkReference', row, navigation, related, add: false };
  }
  throw methodNotAllowed(method, navigation.collection ? 'GET, HEAD, POST' : 'GET, HEAD, DELETE');
}

/** For `POST Set(key)/…/nav`: the entity the new one is related to, and the collection navigation property. */
function parentOf(
  set: EdmEntitySet,
  first: PathSegment & { kind: 'identifier' },
  before: readonly PathSegment[],
  navigationName: string,
  model: EdmModel,
): { readonly row: AddressedRow; readonly navigation: EdmNavigationProperty } {
  const source = resolvePath(set, first.key, before, model);
  const navigation = findNavigationProperty(source.set, navigationName);
  if (navigation === undefined || !source.single || source.rest.length > 0) throw new Error('A collection path that does not end in a navigation property');
  return { row: rowOf(source, false, model), navigation };
}

/**
 * Plans a write: resolves the resource path, checks the method against what the resource allows,
 * validates the body against the model and applies the set's rules (read-only, If-Match required).
 */
export function planWrite(request: ODataRequest, input: WriteInput, model: EdmModel): WriteAction {
  if (request.path.kind !== 'resource') throw new Error(`planWrite called for ${request.path.kind}`);
  const [start] = request.path.segments;
  if (start?.kind !== 'identifier') {
    rejectUnsupportedSegments(request.path.segments);
    throw new ODataError(404, ErrorCodes.notFound, 'The resource path does not start with an entity set');
  }
  const set = findEntitySet(model, start.name);
  if (set === undefined) throw new ODataError(404, ErrorCodes.unknownEntitySet, `There is no entity set '${start.name}'`, { target: start.name });
  const segments = foldKeyAsSegment(set, request.path.segments);
  rejectUnsupportedSegments(segments);
  const [first, ...rest] = segments as [PathSegment & { kind: 'identifier' }, ...PathSegment[]];
  const last = rest[rest.length - 1];
  const beforeRef = rest[rest.length - 2];
  if (last?.kind === 'ref' && beforeRef?.kind === 'identifier') {
    const source = resolvePath(set, first.key, rest.slice(0, -2), model);
    const navigation = source.single && source.rest.length === 0 ? findNavigationProperty(source.set, beforeRef.name) : undefined;
    if (navigation === undefined) throw new ODataError(404, ErrorCodes.notFound, `'${beforeRef.name}/$ref' does not follow one entity's navigation property`);
    return planReferenceWrite(source, navigation, beforeRef, request.options.id, input, model);
  }
  const resource = resolvePath(set, first.key, rest, model);
  const [next, ...after] = resource.rest;
  if (!resource.single) {
    if (next !== undefined) throw new ODataError(404, ErrorCodes.notFound, `The path segment after '${resource.set.name}' is not valid here`);
    if (input.method !== 'POST') throw methodNotAllowed(input.method, 'GET, HEAD, POST');
    checkWritable(resource.set, input.method);
    const parent = last?.kind === 'identifier' ? parentOf(set, first, rest.slice(0, -1), last.name, model) : null;
    const filledColumns = new Set(parent?.navigation.join.map((pair) => pair.targetColumn) ?? []);
    const entity = validateEntity(bodyOf(input), resource.set, model, 'create', { filledColumns });
    checkWritableTargets(entity, input.method);
    return { kind: 'create', entity, parent };
  }
  if (next === undefined) return planEntityWrite(resource, rest.length === 0, input, model);
  if (next.kind === 'identifier' && next.key === undefined) return planPropertyWrite(resource, next.name, after, input, model);
  throw new ODataError(404, ErrorCodes.notFound, 'The resource path does not name something that can be written');
}
