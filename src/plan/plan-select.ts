import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EdmEntitySet, EdmProperty } from '../model/edm-model.js';
import { findNavigationProperty, findProperty } from '../model/find-in-model.js';
import type { SelectItem } from '../parse/syntax.js';
import { columnRef } from './bind-member.js';
import type { BoundExpr, ExprType } from './bound-expr.js';
import type { BindScope } from './plan-context.js';
import type { KeyPart, Projection, ValueEncoding } from './query-plan.js';
import type { ReadOptions } from './read-options.js';

/** Type names that full metadata annotates (JSON cannot tell them apart from String or Double). */
const UNANNOTATED = new Set(['Edm.String', 'Edm.Boolean', 'Edm.Double']);

export function encodingOf(property: EdmProperty, options: Pick<ReadOptions, 'ieee754Compatible'>): ValueEncoding {
  const type = property.type;
  return property.collection || type.kind !== 'primitive' ? 'json' : encodingOfType({ kind: 'primitive', name: type.name }, options);
}

/** How a value of an EDM type is written into the JSON. */
export function encodingOfType(type: ExprType, options: Pick<ReadOptions, 'ieee754Compatible'>): ValueEncoding {
  if (type.kind !== 'primitive') return 'json';
  switch (type.name) {
    case 'Edm.Binary':
      return 'base64url';
    case 'Edm.Double':
    case 'Edm.Single':
      return 'double';
    case 'Edm.Int64':
    case 'Edm.Decimal':
      return options.ieee754Compatible ? 'text' : 'json';
    default:
      return 'json';
  }
}

/** What `$select` picks: declared properties in model order (`null` = all) and `$compute` aliases. */
export interface Selection {
  readonly properties: readonly EdmProperty[] | null;
  readonly computed: readonly string[];
}

function selectError(message: string): ODataError {
  return new ODataError(400, ErrorCodes.unknownProperty, message, { target: '$select' });
}

/**
 * Resolves `$select`. Without `$select`, or with `*`, every declared property is selected and so is
 * every `$compute` alias (computed properties are returned unless a `$select` leaves them out).
 */
export function resolveSelect(set: EdmEntitySet, select: readonly SelectItem[] | undefined, scope: BindScope): Selection {
  const allComputed = [...scope.computed.keys()];
  if (select === undefined) return { properties: null, computed: allComputed };
  const star = select.some((item) => item.kind === 'star');
  const names = new Set<string>();
  const computed: string[] = star ? allComputed : [];
  for (const item of select) {
    if (item.kind === 'overload') {
      throw new ODataError(501, ErrorCodes.notImplemented, `Selecting the function '${item.path.join('/')}' is not supported yet`, { target: '$select' });
    }
    if (item.kind !== 'path') continue;
    const [name = '', ...rest] = item.path;
    if (scope.computed.has(name) && rest.length === 0) {
      if (!computed.includes(name)) computed.push(name);
      continue;
    }
    const property = findProperty(set, name);
    if (property === undefined) {
      throw selectError(
        findNavigationProperty(set, name) !== undefined
          ? `'${name}' is a navigation property: use $expand to include related entities`
          : `${set.entityType.name} has no property '${name}' (position ${item.pos})`,
      );
    }
    if (rest.length > 0 || item.options !== undefined) throw selectError(`Property '${name}' of ${set.entityType.name} has no members to select`);
    names.add(property.name);
  }
  return { properties: star ? null : set.entityType.properties.filter((property) => names.has(property.name)), computed };
}

export function keyParts(set: EdmEntitySet, scope: BindScope): readonly KeyPart[] | null {
  const key = set.entityType.key;
  if (key === null) return null;
  return key.map((name) => {
    const property = findProperty(set, name) as EdmProperty;
    const quoted = property.type.kind === 'enum' || (property.type.kind === 'primitive' && property.type.name === 'Edm.String');
    return { name, column: columnRef(property, scope), quoted };
  });
}

/**
 * The members of each entity: the entity's control information first (`@odata.etag` unless
 * metadata is none; in full metadata type, id, etag, edit link), then the selected properties, in
 * full metadata each after its type and the navigation links last. OData JSON Format 4.01 §4.4
 * (Payload Ordering Constraints) puts `id` and `etag` before any property.
 */
export function planProjections(
  set: EdmEntitySet,
  selection: Selection,
  scope: BindScope,
  options: Pick<ReadOptions, 'ieee754Compatible' | 'metadata'>,
): Projection[] {
  const properties = selection.properties ?? set.entityType.properties;
  const full = options.metadata === 'full';
  const projections: Projection[] = [];
  const key = full ? keyParts(set, scope) : null;
  if (full) {
    projections.push({ kind: 'constant', name: '@odata.type', value: `#${set.entityType.qualifiedName}` });
    if (key !== null) projections.push({ kind: 'entityUrl', name: '@odata.id', entitySet: set.name, key, suffix: '' });
  }
  if (set.etag !== null && options.metadata !== 'none') {
    projections.push({ kind: 'etag', name: '@odata.etag', source: set.etag, alias: scope.alias });
  }
  if (full && key !== null) projections.push({ kind: 'entityUrl', name: '@odata.editLink', entitySet: set.name, key, suffix: '' });
  for (const property of properties) {
    if (full) {
      const typeName = property.type.kind === 'primitive' ? property.type.name : property.type.qualifiedName;
      if (property.collection || !UNANNOTATED.has(typeName)) {
        const shortName = typeName.startsWith('Edm.') ? typeName.slice(4) : typeName;
        projections.push({
          kind: 'constant',
          name: `${property.name}@odata.type`,
          value: property.collection ? `#Collection(${shortName})` : `#${shortName}`,
        });
      }
    }
    projections.push({ kind: 'property', name: property.name, column: columnRef(property, scope), encoding: encodingOf(property, options) });
  }
  for (const name of selection.computed) {
    const expr = scope.computed.get(name) as BoundExpr;
    projections.push({ kind: 'computed', name, expr, encoding: encodingOfType(expr.type, options) });
  }
  if (full && key !== null) {
    for (const navigation of set.entityType.navigationProperties) {
      projections.push({ kind: 'entityUrl', name: `${navigation.name}@odata.navigationLink`, entitySet: set.name, key, suffix: `/${navigation.name}` });
    }
  }
  return projections;
}
