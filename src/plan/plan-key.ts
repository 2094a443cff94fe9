import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EdmEntitySet, EdmProperty } from '../model/edm-model.js';
import { findProperty } from '../model/find-in-model.js';
import type { KeyPredicate, LiteralExpr } from '../parse/syntax.js';
import { allOf } from './all-of.js';
import { bindLiteral } from './bind-literal.js';
import { columnRef } from './bind-member.js';
import { isIntegerInRange, isIntegerType } from './write-number.js';
import { booleanType, type BoundExpr, type ValueExpr } from './bound-expr.js';
import type { BindScope } from './plan-context.js';
import { integerValue, rawIntegerColumn } from './raw-integer-keys.js';
import { guidToInteger } from '../model/integer-guid.js';

function keyError(set: EdmEntitySet, message: string): ODataError {
  return new ODataError(400, ErrorCodes.invalidKey, message, { target: set.name });
}

/** The key properties the predicate names: the primary key or one of the alternate keys. */
function pickKey(set: EdmEntitySet, predicate: KeyPredicate): readonly [string, LiteralExpr][] {
  const primary = set.entityType.key;
  if (predicate.kind === 'single') {
    if (primary === null) {
      throw new ODataError(400, ErrorCodes.notAddressable, `${set.name} has no key: its entities cannot be addressed by key`, { target: set.name });
    }
    if (primary.length !== 1) {
      throw keyError(set, `${set.name} has a composite key: name each key property, as in (${primary.map((name) => `${name}=…`).join(',')})`);
    }
    return [[primary[0] as string, predicate.value]];
  }
  const named = new Map<string, LiteralExpr>();
  for (const pair of predicate.pairs) {
    if (named.has(pair.name)) throw keyError(set, `The key property '${pair.name}' is given twice`);
    named.set(pair.name, pair.value);
  }
  const candidates = [...(primary === null ? [] : [primary]), ...set.entityType.alternateKeys];
  const match = candidates.find((key) => key.length === named.size && key.every((name) => named.has(name)));
  if (match === undefined) {
    const keys = candidates.map((key) => `(${key.join(',')})`).join(' or ');
    throw keyError(set, candidates.length === 0 ? `${set.name} has no key: its entities cannot be addressed by key` : `The key of ${set.name} is ${keys}`);
  }
  return match.map((name) => [name, named.get(name) as LiteralExpr]);
}

/** An integer key value within its property's type (Postgres would refuse it with a less helpful message). */
function inRange(property: EdmProperty, value: ValueExpr): boolean {
  const type = property.type.kind === 'primitive' ? property.type.name : null;
  return type === null || !isIntegerType(type) || typeof value.value !== 'string' || isIntegerInRange(type, value.value);
}

/**
 * One property of a key predicate with the value it was given, bound to the property's type; for
 * an integer key shown as a Guid, the integer the Guid encodes (a Guid of another table is a 404).
 */
export interface KeyValue {
  readonly property: EdmProperty;
  readonly value: ValueExpr;
}

/** The key properties a predicate names (the primary key or an alternate key) with their bound values. */
export function planKeyValues(predicate: KeyPredicate, scope: BindScope): readonly KeyValue[] {
  const set = scope.entitySet;
  return pickKey(set, predicate).map(([name, literal]) => {
    const property = findProperty(set, name);
    if (property === undefined) throw new Error(`Key property ${name} missing from ${set.name}`);
    const column = columnRef(property, scope);
    if (literal.type === 'null') throw keyError(set, `The key property '${name}' cannot be null`);
    let value: BoundExpr;
    try {
      value = bindLiteral(literal, column.type, scope.model, set.name);
    } catch (error) {
      if (error instanceof ODataError) throw keyError(set, `The value given for the key property '${name}' is not of its type`);
      throw error;
    }
    if (value.kind !== 'value' || !inRange(property, value)) throw keyError(set, `The value given for the key property '${name}' is not of its type`);
    if (property.representation?.kind !== 'guidOfInteger') return { property, value };
    const integer = guidToInteger(property.representation.prefix, String(value.value));
    if (integer === null) throw new ODataError(404, ErrorCodes.entityNotFound, `No ${set.entityType.name} has this key`, { target: set.name });
    return { property, value: integerValue(integer) };
  });
}

/** Binds a key predicate to `key1 = $1 and key2 = $2` on the entity set in scope. */
export function planKey(predicate: KeyPredicate, scope: BindScope): BoundExpr {
  return keyCondition(planKeyValues(predicate, scope), scope);
}

/** `key1 = $1 and key2 = $2` for key values already bound. */
export function keyCondition(values: readonly KeyValue[], scope: Pick<BindScope, 'model' | 'alias'>): BoundExpr {
  const conditions: BoundExpr[] = values.map(({ property, value }) => ({
    kind: 'compare',
    op: 'eq',
    left: rawIntegerColumn(columnRef(property, scope)),
    right: value,
    type: booleanType,
    nullable: false,
  }));
  return allOf(conditions) as BoundExpr;
}
