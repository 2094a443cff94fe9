import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EdmPrimitiveName } from '../model/edm-model.js';
import type { CallExpr, Expr } from '../parse/syntax.js';
import type { BoundExpr, ExprType, FunctionName } from './bound-expr.js';
import { isNumeric, isPrimitive, primitive, promote, typeName } from './edm-types.js';
import type { BindScope } from './plan-context.js';

type Bind = (expr: Expr, expected: ExprType | null) => BoundExpr;

interface Signature {
  /** Accepted argument types, per position. `numeric` accepts every numeric type. */
  readonly params: readonly (readonly (EdmPrimitiveName | 'numeric')[])[];
  /** How many of the params are required. */
  readonly required: number;
  readonly returns: (args: readonly BoundExpr[]) => ExprType;
}

const STRING = ['Edm.String'] as const;
const INT = ['Edm.Int32', 'Edm.Int16', 'Edm.Byte', 'Edm.SByte', 'Edm.Int64'] as const;
const DATE_PARTS = ['Edm.Date', 'Edm.DateTimeOffset'] as const;
const TIME_PARTS = ['Edm.DateTimeOffset', 'Edm.TimeOfDay'] as const;

const fixed = (name: EdmPrimitiveName) => () => primitive(name);
const sameAsFirst = (args: readonly BoundExpr[]): ExprType => {
  const type = args[0]?.type ?? primitive('Edm.Decimal');
  return isPrimitive(type, 'Edm.Double', 'Edm.Single', 'Edm.Decimal') ? type : promote(type, primitive('Edm.Decimal'));
};

const SIGNATURES: Readonly<Record<FunctionName, Signature>> = {
  contains: { params: [STRING, STRING], required: 2, returns: fixed('Edm.Boolean') },
  startswith: { params: [STRING, STRING], required: 2, returns: fixed('Edm.Boolean') },
  endswith: { params: [STRING, STRING], required: 2, returns: fixed('Edm.Boolean') },
  length: { params: [STRING], required: 1, returns: fixed('Edm.Int32') },
  indexof: { params: [STRING, STRING], required: 2, returns: fixed('Edm.Int32') },
  substring: { params: [STRING, INT, INT], required: 2, returns: fixed('Edm.String') },
  tolower: { params: [STRING], required: 1, returns: fixed('Edm.String') },
  toupper: { params: [STRING], required: 1, returns: fixed('Edm.String') },
  trim: { params: [STRING], required: 1, returns: fixed('Edm.String') },
  concat: { params: [STRING, STRING], required: 2, returns: fixed('Edm.String') },
  year: { params: [DATE_PARTS], required: 1, returns: fixed('Edm.Int32') },
  month: { params: [DATE_PARTS], required: 1, returns: fixed('Edm.Int32') },
  day: { params: [DATE_PARTS], required: 1, returns: fixed('Edm.Int32') },
  hour: { params: [TIME_PARTS], required: 1, returns: fixed('Edm.Int32') },
  minute: { params: [TIME_PARTS], required: 1, returns: fixed('Edm.Int32') },
  second: { params: [TIME_PARTS], required: 1, returns: fixed('Edm.Int32') },
  fractionalseconds: { params: [TIME_PARTS], required: 1, returns: fixed('Edm.Decimal') },
  date: { params: [['Edm.DateTimeOffset']], required: 1, returns: fixed('Edm.Date') },
  time: { params: [['Edm.DateTimeOffset']], required: 1, returns: fixed('Edm.TimeOfDay') },
  now: { params: [], required: 0, returns: fixed('Edm.DateTimeOffset') },
  round: { params: [['numeric']], required: 1, returns: sameAsFirst },
  floor: { params: [['numeric']], required: 1, returns: sameAsFirst },
  ceiling: { params: [['numeric']], required: 1, returns: sameAsFirst },
  matchespattern: { params: [STRING, STRING], required: 2, returns: fixed('Edm.Boolean') },
  totalseconds: { params: [['Edm.Duration']], required: 1, returns: fixed('Edm.Decimal') },
  totaloffsetminutes: { params: [['Edm.DateTimeOffset']], required: 1, returns: fixed('Edm.Int32') },
  mindatetime: { params: [], required: 0, returns: fixed('Edm.DateTimeOffset') },
  maxdatetime: { params: [], required: 0, returns: fixed('Edm.DateTimeOffset') },
};

/** Functions of the OData standard that are valid requests but not served yet: 501, not 400. */
const NOT_YET = new Set(['case', 'geo.distance', 'geo.intersects', 'geo.length']);

function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(SIGNATURES, name);
}

function accepts(allowed: readonly (EdmPrimitiveName | 'numeric')[], type: ExprType): boolean {
  if (type.kind === 'null') return true;
  if (allowed.includes('numeric') && isNumeric(type)) return true;
  return type.kind === 'primitive' && allowed.includes(type.name);
}

function expectedFor(allowed: readonly (EdmPrimitiveName | 'numeric')[]): ExprType | null {
  const first = allowed[0];
  return first === undefined || first === 'numeric' ? null : primitive(first);
}

/** Binds a canonical function call after checking its name, arity and argument types. */
export function bindCall(call: CallExpr, scope: BindScope, bind: Bind): BoundExpr {
  const name = call.name;
  if (!isFunctionName(name)) {
    if (NOT_YET.has(name) || name.startsWith('geo.')) {
      throw new ODataError(501, ErrorCodes.notImplemented, `The function '${name}' is not supported yet`, { target: scope.target });
    }
    throw new ODataError(400, ErrorCodes.unknownFunction, `Unknown function '${name}' at position ${call.pos}`, { target: scope.target });
  }
  const signature = SIGNATURES[name];
  if (call.args.length < signature.required || call.args.length > signature.params.length) {
    const count = signature.required === signature.params.length ? `${signature.required}` : `${signature.required} to ${signature.params.length}`;
    throw new ODataError(400, ErrorCodes.invalidArgument, `The function '${name}' takes ${count} arguments, not ${call.args.length}`, {
      target: scope.target,
    });
  }
  const args = call.args.map((arg, index) => {
    const allowed = signature.params[index] ?? [];
    const bound = bind(arg, expectedFor(allowed));
    if (!accepts(allowed, bound.type)) {
      throw new ODataError(
        400,
        ErrorCodes.typeMismatch,
        `Argument ${index + 1} of '${name}' must be ${allowed.join(' or ')}, not ${typeName(bound.type)}`,
        { target: scope.target },
      );
    }
    return bound;
  });
  const length = call.args[2];
  if (name === 'substring' && length?.kind === 'literal' && length.value.startsWith('-')) {
    throw new ODataError(400, ErrorCodes.invalidArgument, `The length given to 'substring' cannot be negative (position ${length.pos})`, { target: scope.target });
  }
  return {
    kind: 'call',
    name,
    args,
    type: signature.returns(args),
    nullable: args.some((arg) => arg.nullable),
  };
}
