import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EdmProperty } from '../model/edm-model.js';
import { findEnumType, findNavigationProperty, findProperty } from '../model/find-in-model.js';
import type { MemberExpr } from '../parse/syntax.js';
import type { ColumnRef, ExprType } from './bound-expr.js';
import { primitive } from './edm-types.js';
import type { BindScope } from './plan-context.js';

export function propertyType(property: EdmProperty, scope: BindScope): ExprType {
  if (property.type.kind === 'primitive') return primitive(property.type.name);
  const enumType = findEnumType(scope.model, property.type.qualifiedName);
  if (enumType === undefined) throw new Error(`Enum type ${property.type.qualifiedName} missing from the model`);
  return { kind: 'enum', enumType };
}

export function columnRef(property: EdmProperty, scope: BindScope): ColumnRef {
  return {
    kind: 'column',
    alias: scope.alias,
    column: property.column,
    utcTimestamp: property.pgType.name === 'timestamp' && property.pgType.schema === 'pg_catalog',
    asText: property.textFallback,
    type: propertyType(property, scope),
    collection: property.collection,
    nullable: property.nullable,
  };
}

/** Binds a property path of the entity set in scope to a column. */
export function bindMember(member: MemberExpr, scope: BindScope): ColumnRef {
  const [first, ...rest] = member.path;
  const name = first ?? '';
  const property = findProperty(scope.entitySet, name);
  if (property !== undefined && rest.length === 0) return columnRef(property, scope);
  if (property !== undefined) {
    throw new ODataError(400, ErrorCodes.unknownProperty, `Property '${name}' of ${scope.entitySet.entityType.name} has no member '${rest[0] ?? ''}'`, {
      target: scope.target,
    });
  }
  if (findNavigationProperty(scope.entitySet, name) !== undefined) {
    throw new ODataError(501, ErrorCodes.notImplemented, `Navigation paths such as '${member.path.join('/')}' in ${scope.target} are not supported yet`, {
      target: scope.target,
    });
  }
  throw new ODataError(400, ErrorCodes.unknownProperty, `${scope.entitySet.entityType.name} has no property '${name}' (position ${member.pos})`, {
    target: scope.target,
  });
}
