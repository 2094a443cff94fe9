import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { findEnumType } from '../model/find-in-model.js';
import type { EdmModel } from '../model/edm-model.js';
import type { LiteralExpr } from '../parse/syntax.js';
import type { BoundExpr, ExprType } from './bound-expr.js';
import { comparable, isNumeric, isPrimitive, pgTypeOf, primitive, promote, typeName } from './edm-types.js';
import { assertNever } from '../errors/assert-never.js';

const INT32_MAX = 2n ** 31n - 1n;
const INT64_MAX = 2n ** 63n - 1n;

function integerType(text: string): ExprType {
  const value = BigInt(text);
  const magnitude = value < 0n ? -value - 1n : value;
  if (magnitude <= INT32_MAX) return primitive('Edm.Int32');
  if (magnitude <= INT64_MAX) return primitive('Edm.Int64');
  return primitive('Edm.Decimal');
}

const DOUBLE_SPECIALS: Readonly<Record<string, string>> = { INF: 'Infinity', '-INF': '-Infinity', NaN: 'NaN' };

/** The EDM type a literal has on its own. */
export function literalType(literal: LiteralExpr, model: EdmModel, target: string): ExprType {
  switch (literal.type) {
    case 'null':
      return { kind: 'null' };
    case 'boolean':
      return primitive('Edm.Boolean');
    case 'integer':
      return integerType(literal.value);
    case 'decimal':
      return primitive('Edm.Decimal');
    case 'double':
      return primitive('Edm.Double');
    case 'string':
      return primitive('Edm.String');
    case 'guid':
      return primitive('Edm.Guid');
    case 'date':
      return primitive('Edm.Date');
    case 'dateTimeOffset':
      return primitive('Edm.DateTimeOffset');
    case 'timeOfDay':
      return primitive('Edm.TimeOfDay');
    case 'duration':
      return primitive('Edm.Duration');
    case 'binary':
      return primitive('Edm.Binary');
    case 'enum': {
      const enumType = findEnumType(model, literal.enumType ?? '');
      if (enumType === undefined) {
        throw new ODataError(400, ErrorCodes.typeMismatch, `Unknown enumeration type '${literal.enumType ?? ''}' at position ${literal.pos}`, { target });
      }
      return { kind: 'enum', enumType };
    }
    case 'geography':
    case 'geometry':
      throw new ODataError(501, ErrorCodes.notImplemented, `${literal.type} literals are not supported`, { target });
    default:
      return assertNever(literal.type);
  }
}

function decodeBase64Url(text: string): Uint8Array {
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/**
 * Binds a literal as a value of `expected` (the type of the other operand), or of its own type
 * when nothing is expected. Numbers stay text; the parameter is cast to the wider type.
 */
export function bindLiteral(literal: LiteralExpr, expected: ExprType | null, model: EdmModel, target: string): BoundExpr {
  const own = literalType(literal, model, target);
  if (own.kind === 'null') return { kind: 'null', type: expected ?? own, nullable: true };
  let type: ExprType = own;
  if (expected !== null && expected.kind !== 'null') {
    if (literal.type === 'string' && expected.kind === 'enum') {
      type = expected;
    } else if (!comparable(own, expected)) {
      throw new ODataError(
        400,
        ErrorCodes.typeMismatch,
        `The literal at position ${literal.pos} of type ${typeName(own)} cannot be used with a value of type ${typeName(expected)}`,
        { target },
      );
    } else if (isNumeric(own)) {
      type = promote(own, expected);
    } else if (isPrimitive(own, 'Edm.Date') && isPrimitive(expected, 'Edm.DateTimeOffset')) {
      return { kind: 'value', value: `${literal.value}T00:00:00Z`, pgType: { kind: 'scalar', name: 'timestamptz' }, type: expected, nullable: false };
    }
  }
  if (type.kind === 'enum' && !type.enumType.members.includes(literal.value)) {
    throw new ODataError(400, ErrorCodes.typeMismatch, `'${literal.value}' is not a member of ${type.enumType.qualifiedName}`, { target });
  }
  const value =
    literal.type === 'boolean'
      ? literal.value === 'true'
      : literal.type === 'binary'
        ? decodeBase64Url(literal.value)
        : literal.type === 'double'
          ? (DOUBLE_SPECIALS[literal.value] ?? literal.value)
          : literal.value;
  return { kind: 'value', value, pgType: pgTypeOf(type), type, nullable: false };
}
