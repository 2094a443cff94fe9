import { assertNever } from '../errors/assert-never.js';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EdmPrimitiveName } from '../model/edm-model.js';
import type { BinaryExpr, CallExpr, Expr, InExpr, LiteralExpr } from '../parse/syntax.js';
import { bindCall } from './bind-call.js';
import { bindLiteral } from './bind-literal.js';
import { bindCollectionCall } from './bind-collection-call.js';
import { bindLambda } from './bind-lambda.js';
import { escapeLike } from './escape-like.js';
import { foldOrEqualities } from './fold-or-equalities.js';
import { inListOf } from './in-list.js';
import { bindMember } from './bind-member.js';
import { booleanType, type BoundExpr, type ExprType, type PgScalar } from './bound-expr.js';
import { comparable, isNumeric, isPrimitive, primitive, promote, typeName } from './edm-types.js';
import type { BindScope } from './plan-context.js';

function mismatch(scope: BindScope, message: string): ODataError {
  return new ODataError(400, ErrorCodes.typeMismatch, message, { target: scope.target });
}

function requireBoolean(expr: BoundExpr, scope: BindScope, what: string): BoundExpr {
  if (expr.type.kind === 'null' || isPrimitive(expr.type, 'Edm.Boolean')) return expr;
  throw mismatch(scope, `${what} must be a Boolean expression, not ${typeName(expr.type)}`);
}

/**
 * Binds both sides; a literal side takes the type of the other side (in arithmetic only a
 * numeric one: `created add duration'P1D'` keeps the Duration).
 */
function bindOperands(expr: BinaryExpr, scope: BindScope, arithmetic = false): [BoundExpr, BoundExpr] {
  const expectedFrom = (other: BoundExpr): ExprType | null => (arithmetic && !isNumeric(other.type) ? null : other.type);
  if (expr.left.kind === 'literal' && expr.right.kind !== 'literal') {
    const right = bindExpression(expr.right, scope, null);
    return [bindExpression(expr.left, scope, expectedFrom(right)), right];
  }
  const left = bindExpression(expr.left, scope, null);
  return [left, bindExpression(expr.right, scope, expectedFrom(left))];
}

/**
 * `{ caseInsensitive: true }` when the model compares text case-insensitively and every operand
 * is a string value (a `null` literal compares as it is), else nothing: the flag the compiler
 * turns into `lower()` of both sides.
 */
function textCase(scope: BindScope, operands: readonly BoundExpr[]): { readonly caseInsensitive?: true } {
  const text = operands.every((operand) => operand.kind !== 'null' && isPrimitive(operand.type, 'Edm.String'));
  return scope.model.caseInsensitiveText === true && text ? { caseInsensitive: true } : {};
}

/** `tolower(x)`, how a text argument of `contains`, `startswith` or `endswith` is compared when text is case-insensitive. */
function lowered(expr: BoundExpr): BoundExpr {
  return { kind: 'call', name: 'tolower', args: [expr], type: expr.type, nullable: expr.nullable };
}

/**
 * `contains`, `startswith` or `endswith` whose needle is no literal (bound by `bindCall`), with
 * `tolower()` of both arguments when text is case-insensitive.
 */
function textCaseOfCall(call: BoundExpr, scope: BindScope): BoundExpr {
  if (call.kind !== 'call' || textCase(scope, call.args).caseInsensitive !== true) return call;
  return { ...call, args: call.args.map(lowered) };
}

function bindComparison(expr: BinaryExpr & { op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' }, scope: BindScope): BoundExpr {
  const [left, right] = bindOperands(expr, scope);
  if (!comparable(left.type, right.type)) {
    throw mismatch(scope, `Cannot compare ${typeName(left.type)} with ${typeName(right.type)} (operator '${expr.op}' at position ${expr.pos})`);
  }
  if ((left.kind === 'column' && left.collection) || (right.kind === 'column' && right.collection)) {
    throw mismatch(scope, `A collection cannot be compared with '${expr.op}' (position ${expr.pos})`);
  }
  return { kind: 'compare', op: expr.op, left, right, ...textCase(scope, [left, right]), type: booleanType, nullable: false };
}

function bindArithmetic(expr: BinaryExpr & { op: 'add' | 'sub' | 'mul' | 'div' | 'divby' | 'mod' }, scope: BindScope): BoundExpr {
  const [left, right] = bindOperands(expr, scope, true);
  const dateMath =
    (expr.op === 'add' || expr.op === 'sub') &&
    isPrimitive(left.type, 'Edm.DateTimeOffset', 'Edm.Date') &&
    isPrimitive(right.type, 'Edm.Duration');
  if (dateMath) {
    return { kind: 'arithmetic', op: expr.op, left, right, type: primitive('Edm.DateTimeOffset'), nullable: left.nullable || right.nullable };
  }
  const numericOperands = (isNumeric(left.type) || left.type.kind === 'null') && (isNumeric(right.type) || right.type.kind === 'null');
  if (!numericOperands) {
    throw mismatch(scope, `Operator '${expr.op}' needs numeric operands, not ${typeName(left.type)} and ${typeName(right.type)}`);
  }
  const type = expr.op === 'divby' ? promote(promote(left.type, right.type), primitive('Edm.Decimal')) : promote(left.type, right.type);
  return { kind: 'arithmetic', op: expr.op, left, right, type, nullable: true };
}

/**
 * The operands of a chain of one logical operator, left to right, found without recursion: a
 * 10,000-term `or` chain is a deep tree, and binding stays flat.
 */
function chainOperands(expr: BinaryExpr, op: 'and' | 'or'): Expr[] {
  const operands: Expr[] = [];
  const pending: Expr[] = [expr];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.kind === 'binary' && next.op === op) pending.push(next.right, next.left);
    else operands.push(next);
  }
  return operands;
}

function bindBinary(expr: BinaryExpr, scope: BindScope): BoundExpr {
  switch (expr.op) {
    case 'and':
    case 'or': {
      const operands = chainOperands(expr, expr.op).map((operand) =>
        requireBoolean(bindExpression(operand, scope, booleanType), scope, `An operand of '${expr.op}'`),
      );
      const folded = expr.op === 'or' ? foldOrEqualities(operands) : null;
      if (folded !== null) return { ...folded, ...textCase(scope, [folded.operand]) };
      return { kind: 'logical', op: expr.op, operands, type: booleanType, nullable: false };
    }
    case 'eq':
    case 'ne':
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le':
      return bindComparison({ ...expr, op: expr.op }, scope);
    case 'has': {
      const [left, right] = bindOperands(expr, scope);
      if (left.type.kind !== 'enum' || !comparable(left.type, right.type)) {
        throw mismatch(scope, `Operator 'has' needs an enumeration value and a member of its type (position ${expr.pos})`);
      }
      return { kind: 'compare', op: 'eq', left, right, type: booleanType, nullable: false };
    }
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'divby':
    case 'mod':
      return bindArithmetic({ ...expr, op: expr.op }, scope);
    default:
      return assertNever(expr.op);
  }
}

function bindIn(expr: InExpr, scope: BindScope): BoundExpr {
  const operand = bindExpression(expr.left, scope, null);
  if (!Array.isArray(expr.list)) {
    throw new ODataError(501, ErrorCodes.notImplemented, `'in' with a collection-valued property is not supported yet`, { target: scope.target });
  }
  const items = expr.list as readonly Expr[];
  if (items.length > scope.limits.maxInList) {
    throw new ODataError(400, ErrorCodes.limitExceeded, `The list of 'in' holds ${items.length} values; at most ${scope.limits.maxInList} are allowed`, {
      target: scope.target,
    });
  }
  const bound = items.map((item) => {
    if (item.kind !== 'literal') throw mismatch(scope, `The list of 'in' at position ${expr.pos} may hold literals only`);
    return bindLiteral(item, operand.type.kind === 'null' ? null : operand.type, scope.model, scope.target);
  });
  return { ...inListOf(operand, bound), ...textCase(scope, [operand]) };
}

/** `contains(p, 'x')` with a literal needle becomes `p LIKE '%x%'`, wildcards of the needle escaped. */
function bindPatternCall(call: CallExpr, scope: BindScope): BoundExpr | null {
  const [subject, needle] = call.args;
  if (call.args.length !== 2 || needle?.kind !== 'literal' || needle.type !== 'string' || subject === undefined) return null;
  const operand = bindExpression(subject, scope, primitive('Edm.String'));
  if (!isPrimitive(operand.type, 'Edm.String')) {
    throw mismatch(scope, `Argument 1 of '${call.name}' must be Edm.String, not ${typeName(operand.type)}`);
  }
  const escaped = escapeLike(needle.value);
  const pattern = call.name === 'contains' ? `%${escaped}%` : call.name === 'startswith' ? `${escaped}%` : `%${escaped}`;
  return { kind: 'like', operand, pattern, search: false, ...textCase(scope, [operand]), type: booleanType, nullable: operand.nullable };
}

const CAST_TARGETS: Readonly<Partial<Record<EdmPrimitiveName, PgScalar>>> = {
  'Edm.String': 'text', 'Edm.Int16': 'int2', 'Edm.Int32': 'int4', 'Edm.Int64': 'int8', 'Edm.Decimal': 'numeric',
  'Edm.Double': 'float8', 'Edm.Single': 'float4', 'Edm.Boolean': 'bool', 'Edm.Date': 'date', 'Edm.Guid': 'uuid',
  'Edm.DateTimeOffset': 'timestamptz', 'Edm.TimeOfDay': 'time', 'Edm.Duration': 'interval',
};

function bindCast(call: CallExpr, scope: BindScope): BoundExpr {
  const typeArg = call.args[call.args.length - 1];
  if (call.args.length !== 2 || typeArg?.kind !== 'typeName') {
    throw new ODataError(400, ErrorCodes.invalidArgument, `cast takes an expression and a type name`, { target: scope.target });
  }
  const targetName = typeArg.name as EdmPrimitiveName;
  const target = Object.hasOwn(CAST_TARGETS, targetName) ? CAST_TARGETS[targetName] : undefined;
  if (target === undefined) {
    throw new ODataError(501, ErrorCodes.notImplemented, `cast to '${typeArg.name}' is not supported`, { target: scope.target });
  }
  const operand = bindExpression(call.args[0] as Expr, scope, null);
  return {
    kind: 'cast',
    operand,
    target: { kind: 'scalar', name: target },
    type: primitive(targetName),
    nullable: operand.nullable,
  };
}

/**
 * `isof(T)`: whether the current entity is of type T (there is no inheritance, so a constant);
 * `isof(x, T)`: whether x is a non-null value of type T, decided from x's bound type.
 */
function bindIsOf(call: CallExpr, scope: BindScope): BoundExpr {
  const typeArg = call.args[call.args.length - 1];
  if (typeArg?.kind !== 'typeName' || call.args.length > 2) {
    throw new ODataError(400, ErrorCodes.invalidArgument, `isof takes an optional expression and a type name`, { target: scope.target });
  }
  const constant = (value: boolean): BoundExpr => ({ kind: 'value', value, pgType: { kind: 'scalar', name: 'bool' }, type: booleanType, nullable: false });
  if (call.args.length === 1) return constant(typeArg.name === scope.entitySet.entityType.qualifiedName);
  const operand = bindExpression(call.args[0] as Expr, scope, null);
  if (operand.type.kind === 'null' || typeName(operand.type) !== typeArg.name) return constant(false);
  return { kind: 'compare', op: 'ne', left: operand, right: { kind: 'null', type: operand.type, nullable: true }, type: booleanType, nullable: false };
}

function bindLiteralExpr(literal: LiteralExpr, scope: BindScope, expected: ExprType | null): BoundExpr {
  return bindLiteral(literal, expected, scope.model, scope.target);
}

/**
 * Binds a syntax expression to the entity set in scope and type-checks it: every ill-typed
 * expression is a 400 here, never a database error. `expected` is the type the context wants
 * (the other operand of a comparison), used to type literals.
 */
export function bindExpression(expr: Expr, scope: BindScope, expected: ExprType | null): BoundExpr {
  switch (expr.kind) {
    case 'literal':
      return bindLiteralExpr(expr, scope, expected);
    case 'member':
      return bindMember(expr, scope);
    case 'binary':
      return bindBinary(expr, scope);
    case 'not': {
      const operand = requireBoolean(bindExpression(expr.operand, scope, booleanType), scope, `The operand of 'not'`);
      return { kind: 'not', operand, type: booleanType, nullable: false };
    }
    case 'negate': {
      const operand = bindExpression(expr.operand, scope, null);
      if (!isNumeric(operand.type) && !isPrimitive(operand.type, 'Edm.Duration')) {
        throw mismatch(scope, `Negation needs a numeric operand, not ${typeName(operand.type)}`);
      }
      return { kind: 'negate', operand, type: operand.type, nullable: operand.nullable };
    }
    case 'in':
      return bindIn(expr, scope);
    case 'call':
      if (expr.name === 'cast') return bindCast(expr, scope);
      if (expr.name === 'isof') return bindIsOf(expr, scope);
      if (expr.name === 'hassubset' || expr.name === 'hassubsequence') {
        return bindCollectionCall({ ...expr, name: expr.name }, scope, (arg) => bindExpression(arg, scope, null));
      }
      if (expr.name === 'contains' || expr.name === 'startswith' || expr.name === 'endswith') {
        const pattern = bindPatternCall(expr, scope);
        if (pattern !== null) return pattern;
        return textCaseOfCall(bindCall(expr, scope, (arg, argExpected) => bindExpression(arg, scope, argExpected)), scope);
      }
      return bindCall(expr, scope, (arg, argExpected) => bindExpression(arg, scope, argExpected));
    case 'lambda':
      return bindLambda(expr, scope, (predicate, inner) =>
        requireBoolean(bindExpression(predicate, inner, booleanType), inner, `The predicate of '${expr.op}'`),
      );
    case 'typeName':
      throw mismatch(scope, `A type name may appear only as an argument of cast or isof (position ${expr.pos})`);
    case 'json':
      throw mismatch(scope, `A JSON value may appear only as the list of 'in' (position ${expr.pos})`);
    case 'array':
    case 'object':
      throw new ODataError(501, ErrorCodes.notImplemented, `Expressions inside JSON values are not supported yet`, { target: scope.target });
    case 'path':
      throw new ODataError(501, ErrorCodes.notImplemented, `Paths with keys, function calls, $filter, $count options or $root are not supported yet`, { target: scope.target });
    default:
      return assertNever(expr);
  }
}

/** Binds a `$filter` expression, which must be Boolean. */
export function bindFilter(expr: Expr, scope: BindScope): BoundExpr {
  return requireBoolean(bindExpression(expr, scope, booleanType), scope, '$filter');
}
