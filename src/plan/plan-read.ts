import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { countIsEstimateTerm, type EdmEntitySet, type EdmModel, type EdmProperty } from '../model/edm-model.js';
import { findEntitySet, findProperty } from '../model/find-in-model.js';
import type { KeyPredicate, LiteralExpr, ODataRequest, PathSegment, QueryOptions } from '../parse/syntax.js';
import { columnRef } from './bind-member.js';
import type { BoundExpr } from './bound-expr.js';
import { planOrderBy } from './plan-orderby.js';
import { decodeSkipToken, sequenceFingerprint, type SkipPosition } from './skiptoken.js';
import { planCompute } from './plan-compute.js';
import { planWhere } from './plan-where.js';
import { planExpand } from './plan-expand.js';
import { encodingOf, planProjections, resolveSelect } from './plan-select.js';
import { contextSelect, ROOT_ALIAS, rootTable } from './read-root.js';
import { planDelta } from './plan-delta.js';
import { checkTrackableFilter, checkTrackableOptions } from './track-changes.js';
import type { TrackedRead } from './read-plan.js';
import { rootScope, type BindScope } from './plan-context.js';
import type { ReadOptions } from './read-options.js';
import type { ReadPlan } from './read-plan.js';
import { foldKeyAsSegment } from './key-as-segment.js';
import { rejectUnsupportedSegments } from './reject-unsupported-segments.js';
import { resolvePath, type Resource } from './resolve-path.js';

function notFound(message: string): ODataError {
  return new ODataError(404, ErrorCodes.notFound, message);
}

function notYet(what: string, target?: string): ODataError {
  return new ODataError(501, ErrorCodes.notImplemented, `${what} is not supported yet`, target === undefined ? {} : { target });
}

/** `1`, `'it''s'`, `Ns.Color'Red'`, as a key appears in a URL (percent-encoded). */
function formatKeyLiteral(literal: LiteralExpr): string {
  switch (literal.type) {
    case 'string':
      return encodeURIComponent(`'${literal.value.replace(/'/g, "''")}'`);
    case 'enum':
      return encodeURIComponent(`${literal.enumType ?? ''}'${literal.value}'`);
    default:
      return encodeURIComponent(literal.value);
  }
}

function formatKey(predicate: KeyPredicate): string {
  return predicate.kind === 'single'
    ? formatKeyLiteral(predicate.value)
    : predicate.pairs.map((pair) => `${pair.name}=${formatKeyLiteral(pair.value)}`).join(',');
}

/** Rejects options that have no meaning for the addressed resource (strict, never silently ignored). */
function rejectOptions(options: QueryOptions, names: readonly (keyof QueryOptions)[], resource: string): void {
  for (const name of names) {
    if (options[name] !== undefined) {
      throw new ODataError(400, ErrorCodes.invalidQueryOption, `$${name} cannot be applied to ${resource}`, { target: `$${name}` });
    }
  }
}

function rejectUnsupported(options: QueryOptions): void {
  if (options.index !== undefined) {
    throw new ODataError(400, ErrorCodes.invalidQueryOption, '$index applies only to inserting into an ordered collection', { target: '$index' });
  }
  if (options.levels !== undefined) {
    throw new ODataError(400, ErrorCodes.invalidQueryOption, '$levels is allowed only inside $expand', { target: '$levels' });
  }
}

function afterToken(token: string, set: EdmEntitySet, query: QueryOptions, options: ReadOptions): SkipPosition {
  if (set.entityType.key === null) {
    throw new ODataError(400, ErrorCodes.invalidQueryOption, 'The $skiptoken was not issued by this service', { target: '$skiptoken' });
  }
  return decodeSkipToken(token, sequenceFingerprint(set.name, query), options.skipTokenSecret);
}

/**
 * Change tracking for a read of a whole entity set: asked for (`Prefer: odata.track-changes`) on
 * a tracked set, or carried on by the `$skiptoken` of its earlier page. Not for a set that is not
 * tracked, nor for related entities (the preference is then not applied). The options must suit
 * a delta (400 otherwise).
 */
function trackingOf(set: EdmEntitySet, query: QueryOptions, position: SkipPosition | null, options: ReadOptions, restrict: BoundExpr | null, where: BoundExpr | null): TrackedRead | null {
  const start = position?.tracking ?? null;
  if (start === null && !(options.tracking.requested && set.changeTracking !== null && restrict === null)) return null;
  checkTrackableOptions(query, 'change tracking');
  checkTrackableFilter(where);
  return { start, selection: { entitySet: set.name, options: query } };
}

function planCollection(set: EdmEntitySet, request: ODataRequest, rootScope: BindScope, options: ReadOptions, restrict: BoundExpr | null): ReadPlan {
  const query = request.options;
  const scope = planCompute(query.compute, rootScope);
  const where = planWhere(query, scope, restrict);
  const orderBy = planOrderBy(query.orderby, set, { ...scope, target: '$orderby' });
  const preferred = options.maxPageSizePreference;
  const maxPageSize = set.maxPageSize ?? options.maxPageSize;
  const pageSize = Math.min(preferred ?? options.defaultPageSize, maxPageSize);
  const skip = query.skip ?? 0;
  const top = query.top;
  const limit = top === undefined ? pageSize : Math.min(top, pageSize);
  const selected = resolveSelect(set, query.select, scope);
  const expanded = planExpand(query.expand, { set, alias: ROOT_ALIAS, depth: 0 }, scope, options);
  const keyset = set.entityType.key !== null;
  const position = query.skiptoken === undefined ? null : afterToken(query.skiptoken, set, query, options);
  const tracking = trackingOf(set, query, position, options, restrict, where);
  const remainingTop = top === undefined ? undefined : top - limit;
  const probeNext = top === undefined || top > pageSize;
  return {
    query: {
      kind: 'collection',
      from: rootTable(set),
      where,
      orderBy,
      skip,
      limit,
      probeNext,
      count: query.count === true,
      estimateCountAbove: set.estimateCountAbove,
      select: [...planProjections(set, selected, scope, options), ...expanded.projections],
      after: position?.after ?? null,
      returnLastSortValues: keyset && probeNext,
      snapshot: tracking !== null && tracking.start === null,
    },
    shape: {
      kind: 'collection',
      context: contextSelect(set, selected, expanded.context),
      nextPage: keyset
        ? { kind: 'keyset', sequence: { entitySet: set.name, options: query }, top: remainingTop }
        : { kind: 'offset', skip: skip + limit, top: remainingTop },
      pageSize,
      appliedMaxPageSize: preferred === undefined ? undefined : Math.min(preferred, maxPageSize),
      countEstimateAnnotation: `@${scope.model.namespace}.${countIsEstimateTerm}`,
      tracking,
    },
  };
}

function planProperty(set: EdmEntitySet, context: string, where: BoundExpr | null, property: EdmProperty, rest: readonly PathSegment[], request: ODataRequest, scope: BindScope, options: ReadOptions): ReadPlan {
  const raw = rest[0]?.kind === 'value';
  if (rest.length > (raw ? 1 : 0)) throw notFound(`The resource path goes on after the property '${property.name}'`);
  rejectOptions(request.options, ['filter', 'search', 'orderby', 'top', 'skip', 'count', 'select', 'compute', 'expand', 'deltatoken'], `a property`);
  if (raw && property.collection) {
    throw new ODataError(400, ErrorCodes.invalidQueryOption, `$value is not available for the collection property '${property.name}'`);
  }
  return {
    query: {
      kind: 'property',
      from: rootTable(set),
      where,
      property: { kind: 'property', name: 'value', column: columnRef(property, scope), encoding: encodingOf(property, options) },
      raw,
    },
    shape: {
      kind: 'property',
      context: `${context}/${property.name}`,
      raw,
      type: property.type.kind === 'primitive' ? property.type.name : 'enum',
      collection: property.collection,
    },
  };
}

function planEntity(resource: Resource, request: ODataRequest, scope: BindScope, options: ReadOptions): ReadPlan {
  const { set } = resource;
  rejectOptions(request.options, ['filter', 'search', 'orderby', 'top', 'skip', 'count', 'deltatoken'], 'a single entity');
  const computeScope = planCompute(request.options.compute, scope);
  const selected = resolveSelect(set, request.options.select, computeScope);
  const expanded = planExpand(request.options.expand, { set, alias: ROOT_ALIAS, depth: 0 }, computeScope, options);
  return {
    query: {
      kind: 'entity',
      from: rootTable(set),
      where: resource.restrict,
      select: [...planProjections(set, selected, computeScope, options), ...expanded.projections],
      etag: set.etag,
      parent: resource.parent === null ? null : { from: rootTable(resource.parent.set), where: resource.parent.restrict },
    },
    shape: { kind: 'entity', context: `${contextSelect(set, selected, expanded.context)}/$entity` },
  };
}

/** The entity path as a context URL names it: `Products(1)`, `Products(1)/category`. */
function entityPath(first: PathSegment & { kind: 'identifier' }, consumed: readonly PathSegment[]): string {
  const key = (segment: PathSegment & { kind: 'identifier' }) => (segment.key === undefined ? '' : `(${formatKey(segment.key)})`);
  return [first, ...consumed].map((segment) => (segment.kind === 'identifier' ? `${segment.name}${key(segment)}` : '')).join('/');
}

function planSingle(resource: Resource, path: string, request: ODataRequest, scope: BindScope, options: ReadOptions): ReadPlan {
  const [next, ...after] = resource.rest;
  if (next === undefined) return planEntity(resource, request, scope, options);
  if (next.kind === 'identifier') {
    const property = findProperty(resource.set, next.name);
    if (property !== undefined && next.key === undefined) return planProperty(resource.set, path, resource.restrict, property, after, request, scope, options);
    throw notFound(`${resource.set.entityType.name} has no property '${next.name}'`);
  }
  if (next.kind === 'ref' || next.kind === 'cast') throw notYet(`The path segment ${next.kind === 'ref' ? '$ref' : next.typeName}`);
  throw notFound(`The path segment '${next.kind === 'count' ? '$count' : '$value'}' cannot follow a single entity`);
}

function planMany(resource: Resource, request: ODataRequest, scope: BindScope, options: ReadOptions): ReadPlan {
  const { set, rest } = resource;
  const next = rest[0];
  if (request.options.deltatoken !== undefined) {
    if (resource.restrict !== null || (next !== undefined && (next.kind !== 'count' || rest.length > 1))) {
      throw new ODataError(400, ErrorCodes.invalidQueryOption, '$deltatoken applies to an entity set and its $count only', { target: '$deltatoken' });
    }
    return planDelta(set, request.options, scope, options, next === undefined ? 'page' : 'count');
  }
  if (next === undefined) return planCollection(set, request, scope, options, resource.restrict);
  if (next.kind === 'count' && rest.length === 1) {
    rejectOptions(request.options, ['orderby', 'top', 'skip', 'count', 'select', 'compute', 'expand'], '$count');
    return { query: { kind: 'count', from: rootTable(set), where: planWhere(request.options, scope, resource.restrict) }, shape: { kind: 'count' } };
  }
  if (next.kind === 'cast' || next.kind === 'ref') throw notYet(`The path segment '${next.kind === 'ref' ? '$ref' : next.typeName}'`);
  throw notFound(`The path segment after '${set.name}' is not valid here: address an entity by its key first`);
}

/** Plans a read: resolves the resource path, binds and type-checks the query options. */
export function planRead(request: ODataRequest, model: EdmModel, options: ReadOptions): ReadPlan {
  if (request.path.kind !== 'resource') throw new Error(`planRead called for ${request.path.kind}`);
  const [start] = request.path.segments;
  if (start?.kind !== 'identifier') {
    rejectUnsupportedSegments(request.path.segments);
    throw notFound('The resource path does not start with an entity set');
  }
  const set = findEntitySet(model, start.name);
  if (set === undefined) throw new ODataError(404, ErrorCodes.unknownEntitySet, `There is no entity set '${start.name}'`, { target: start.name });
  const segments = foldKeyAsSegment(set, request.path.segments);
  rejectUnsupportedSegments(segments);
  const [first, ...rest] = segments as [PathSegment & { kind: 'identifier' }, ...PathSegment[]];
  rejectUnsupported(request.options);
  const resource = resolvePath(set, first.key, rest, model, options.limits);
  const scope = rootScope(model, resource.set, ROOT_ALIAS, resource.set.name, options.limits);
  if (!resource.single) return planMany(resource, request, scope, options);
  return planSingle(resource, entityPath(first, rest.slice(0, rest.length - resource.rest.length)), request, scope, options);
}
