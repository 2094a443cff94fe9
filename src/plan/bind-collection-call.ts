import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { CallExpr, Expr } from '../parse/syntax.js';
import { bindLiteral } from './bind-literal.js';
import { booleanType, type BoundExpr, type ExprType } from './bound-expr.js';
import { comparable, pgTypeOf, typeName } from './edm-types.js';
import type { BindScope } from './plan-context.js';

function mismatch(scope: BindScope, message: string): ODataError {
  return new ODataError(400, ErrorCodes.typeMismatch, message, { target: scope.target });
}

function isCollection(expr: BoundExpr): boolean {
  return (expr.kind === 'column' && expr.collection) || expr.kind === 'arrayValue';
}

/** A JSON array of literals (`["a","b"]`, `[1,2]`) as an array parameter of the element type. */
function bindCollectionLiteral(expr: Expr, elementType: ExprType, scope: BindScope): BoundExpr | null {
  if (expr.kind !== 'json' || !Array.isArray(expr.value)) return null;
  const values = (expr.value as unknown[]).map((item) => {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      throw mismatch(scope, `A collection literal may hold only primitive values (position ${expr.pos})`);
    }
    const literal = {
      kind: 'literal' as const,
      type: typeof item === 'string' ? ('string' as const) : typeof item === 'boolean' ? ('boolean' as const) : Number.isInteger(item) ? ('integer' as const) : ('double' as const),
      value: String(item),
      pos: expr.pos,
    };
    const bound = bindLiteral(literal, elementType, scope.model, scope.target);
    if (bound.kind !== 'value' || bound.value instanceof Uint8Array) throw mismatch(scope, `Invalid collection literal (position ${expr.pos})`);
    return bound.value;
  });
  return { kind: 'arrayValue', values, elementType: pgTypeOf(elementType), type: elementType, nullable: false };
}

/** `hassubset(tags, ["a","b"])` and `hassubsequence(…)`: both arguments collections of one type. */
export function bindCollectionCall(call: CallExpr & { name: 'hassubset' | 'hassubsequence' }, scope: BindScope, bind: (expr: Expr) => BoundExpr): BoundExpr {
  const [first, second] = call.args;
  if (call.args.length !== 2 || first === undefined || second === undefined) {
    throw new ODataError(400, ErrorCodes.invalidArgument, `The function '${call.name}' takes 2 arguments, not ${call.args.length}`, { target: scope.target });
  }
  const left = bindCollectionLiteral(first, { kind: 'null' }, scope) ?? bind(first);
  if (!isCollection(left)) throw mismatch(scope, `Argument 1 of '${call.name}' must be a collection`);
  const right = bindCollectionLiteral(second, left.type, scope) ?? bind(second);
  if (!isCollection(right) || !comparable(left.type, right.type)) {
    throw mismatch(scope, `Argument 2 of '${call.name}' must be a collection of ${typeName(left.type)}`);
  }
  return { kind: 'collectionCall', name: call.name, left, right, type: booleanType, nullable: left.nullable || right.nullable };
}
