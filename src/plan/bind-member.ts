import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EdmEntitySet, EdmNavigationProperty, EdmProperty } from '../model/edm-model.js';
import { findEntitySet, findEnumType, findNavigationProperty, findProperty } from '../model/find-in-model.js';
import type { MemberExpr } from '../parse/syntax.js';
import type { BoundExpr, CollectionSource, ColumnRef, ExprType, Hop } from './bound-expr.js';
import { primitive } from './edm-types.js';
import type { BindScope } from './plan-context.js';

export function propertyType(property: EdmProperty, scope: Pick<BindScope, 'model'>): ExprType {
  if (property.type.kind === 'primitive') return primitive(property.type.name);
  const enumType = findEnumType(scope.model, property.type.qualifiedName);
  if (enumType === undefined) throw new Error(`Enum type ${property.type.qualifiedName} missing from the model`);
  return { kind: 'enum', enumType };
}

export function columnRef(property: EdmProperty, scope: Pick<BindScope, 'model' | 'alias'>): ColumnRef {
  return {
    kind: 'column',
    alias: scope.alias,
    column: property.column,
    utcTimestamp: property.pgType.name === 'timestamp' && property.pgType.schema === 'pg_catalog',
    asText: property.textFallback,
    representation: property.representation ?? null,
    type: propertyType(property, scope),
    collection: property.collection,
    nullable: property.nullable,
  };
}

/** A member path resolves to a value, or to a collection (for lambdas and `$count`). */
export type ResolvedMember = { readonly kind: 'value'; readonly expr: BoundExpr } | { readonly kind: 'collection'; readonly source: CollectionSource };

interface Position {
  readonly set: EdmEntitySet;
  readonly alias: string;
  readonly hops: readonly Hop[];
}

function unknown(scope: BindScope, member: MemberExpr, message: string): ODataError {
  return new ODataError(400, ErrorCodes.unknownProperty, `${message} (position ${member.pos})`, { target: scope.target });
}

function navigationHop(position: Position, navigation: EdmNavigationProperty, scope: BindScope, alias: string): { hop: Hop; set: EdmEntitySet } {
  const set = findEntitySet(scope.model, navigation.targetSet);
  if (set === undefined) throw new Error(`Navigation target ${navigation.targetSet} missing from the model`);
  const hop: Hop = {
    schema: set.table.schema,
    table: set.table.name,
    alias,
    outerAlias: position.alias,
    pairs: navigation.join.map((pair) => ({ outerColumn: pair.sourceColumn, innerColumn: pair.targetColumn })),
  };
  return { hop, set };
}

function withHops(expr: BoundExpr, hops: readonly Hop[]): BoundExpr {
  return hops.length === 0 ? expr : { kind: 'related', hops, value: expr, type: expr.type, nullable: true };
}

function start(member: MemberExpr, scope: BindScope): { position: Position; rest: readonly string[] } | ResolvedMember {
  const [first = '', ...rest] = member.path;
  const variable = scope.variables.get(first);
  if (variable?.kind === 'element') {
    if (rest.length > 0) throw unknown(scope, member, `The lambda variable '${first}' is a primitive value without members`);
    return { kind: 'value', expr: variable.element };
  }
  if (variable?.kind === 'entity') return { position: { set: variable.entitySet, alias: variable.alias, hops: [] }, rest };
  const root = { set: scope.entitySet, alias: scope.alias, hops: [] };
  if (first === '$it') return { position: root, rest };
  const computed = scope.computed.get(first);
  if (computed !== undefined && rest.length === 0) return { kind: 'value', expr: computed };
  return { position: root, rest: member.path };
}

/**
 * Resolves a member path from the scope's entity (or a lambda variable, or `$it`): properties,
 * single-valued navigation (each step a join in a scalar subquery), and at the end a collection
 * (array column or to-many navigation) or its `$count`.
 */
export function resolveMember(member: MemberExpr, scope: BindScope): ResolvedMember {
  const started = start(member, scope);
  if ('kind' in started) return started;
  let position = started.position;
  const segments = started.rest;
  for (let index = 0; index < segments.length; index += 1) {
    const name = segments[index] as string;
    const last = index === segments.length - 1;
    const nextIsCount = segments[index + 1] === '$count' && index + 2 === segments.length;
    if (name === position.set.entityType.qualifiedName) continue;
    const property = findProperty(position.set, name);
    if (property !== undefined) {
      const column = columnRef(property, { model: scope.model, alias: position.alias });
      if (last) return { kind: 'value', expr: withHops(column, position.hops) };
      if (nextIsCount && property.collection && position.hops.length === 0) {
        return countOf({ kind: 'array', column, alias: `t${scope.depth + 1}` });
      }
      throw unknown(scope, member, `Property '${name}' of ${position.set.entityType.name} has no member '${segments[index + 1] ?? ''}'`);
    }
    const navigation = findNavigationProperty(position.set, name);
    if (navigation === undefined) throw unknown(scope, member, `${position.set.entityType.name} has no property '${name}'`);
    const alias = `t${scope.depth + 1}_${position.hops.length + 1}`;
    const { hop, set } = navigationHop(position, navigation, scope, alias);
    if (!navigation.collection) {
      if (last) throw unknown(scope, member, `'${name}' is a navigation property, not a value`);
      position = { set, alias, hops: [...position.hops, hop] };
      continue;
    }
    if (position.hops.length > 0) {
      throw new ODataError(501, ErrorCodes.notImplemented, `A collection reached over navigation ('${member.path.join('/')}') is not supported yet`, {
        target: scope.target,
      });
    }
    const source: CollectionSource = { kind: 'navigation', hop: { ...hop, alias: `t${scope.depth + 1}` }, targetSet: set.name };
    if (last) return { kind: 'collection', source };
    if (nextIsCount) return countOf(source);
    throw unknown(scope, member, `'${name}' is a collection: use any, all or $count`);
  }
  throw unknown(scope, member, `The path '${member.path.join('/')}' names no property`);
}

function countOf(source: CollectionSource): ResolvedMember {
  return { kind: 'value', expr: { kind: 'count', source, type: primitive('Edm.Int64'), nullable: false } };
}

/** Binds a member path that must be a value. */
export function bindMember(member: MemberExpr, scope: BindScope): BoundExpr {
  const resolved = resolveMember(member, scope);
  if (resolved.kind === 'value') return resolved.expr;
  if (resolved.source.kind === 'array') return resolved.source.column;
  throw unknown(scope, member, `'${member.path.join('/')}' is a collection of entities: use any, all or $count`);
}
