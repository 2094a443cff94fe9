import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EdmEntitySet } from '../model/edm-model.js';
import { findProperty } from '../model/find-in-model.js';
import { parseLiteral } from '../parse/parse-literal.js';
import type { KeyPredicate, LiteralExpr, PathSegment } from '../parse/syntax.js';

/**
 * The key-as-segment convention (`Products/3fa85f64-…`, `Suppliers/SUP-001`): a segment after an
 * entity set that has a single-property key is that key, written without quotes for strings.
 * Returns the path with the key folded into the entity-set segment, or the path unchanged.
 */
export function foldKeyAsSegment(set: EdmEntitySet, segments: readonly PathSegment[]): readonly PathSegment[] {
  const [first, second, ...rest] = segments;
  if (first?.kind !== 'identifier' || first.key !== undefined || second?.kind !== 'keyOrIndex') return segments;
  const key = set.entityType.key;
  if (key?.length !== 1) {
    throw new ODataError(400, ErrorCodes.invalidKey, `${set.name} has no single-property key to write as a path segment`, { target: set.name });
  }
  const property = findProperty(set, key[0] as string);
  const isText = property?.type.kind === 'enum' || (property?.type.kind === 'primitive' && property.type.name === 'Edm.String');
  const literal: LiteralExpr = isText
    ? { kind: 'literal', type: 'string', value: second.text, pos: 0 }
    : parseLiteral(second.text, { target: 'path' });
  const predicate: KeyPredicate = { kind: 'single', value: literal };
  return [{ ...first, key: predicate }, ...rest];
}
