import { canonicalValue, productProperties, propertyNames, type CanonicalValue, type ProductRow, type RefType, type RefValue } from './demo-products.js';
import { callType, evaluateCall } from './canonical-functions.js';
import { negateDecimal } from './exact-decimal.js';
import type { FilterExpr, ProductsRequest } from './filter-ast.js';
import {
  compareValues,
  equals,
  evaluateArithmetic,
  evaluateComparison,
  int32,
  isNumeric,
  literalValue,
  ReferenceUndefined,
  type Numeric,
} from './reference-values.js';

/**
 * An independent evaluator of OData 4.01 `$filter`/`$orderby`/`$select`/`$skip`/`$top` over
 * in-memory rows, written from the specification (Part 2: URL Conventions, Common Expression
 * Syntax and System Query Option $filter; Part 1: Protocol, System Query Option $orderby). It
 * shares no code with src/parse, src/plan or src/sql.
 *
 * - `eq`/`ne`: null equals null and nothing else; `NaN` equals nothing.
 * - `gt`/`lt` with a null operand are false; `ge`/`le` are "gt or eq", so null ge null is true.
 * - `and`/`or`/`not` use three-valued (Kleene) logic: null is unknown, `not null` is null.
 * - A canonical function with a null argument returns null; arithmetic with a null operand is null.
 * - `$filter` keeps the rows whose expression is true (false and null are dropped).
 * - Strings compare by Unicode code point (the UTF-8 byte order of the C.UTF-8 collation).
 * - Nulls sort first ascending and last descending; the key `id` breaks ties, ascending.
 */

/** The request is invalid independently of the data: the service must answer 400. */
export class ReferenceRejection extends Error {}

export { ReferenceUndefined };

export type ReferenceResult =
  | { readonly status: 200; readonly rows: readonly Record<string, CanonicalValue>[]; readonly count: number }
  | { readonly status: 400; readonly reason: string };

type StaticType = RefType | 'null';

function promoteType(a: StaticType, b: StaticType): StaticType {
  if (a === 'null') return b;
  if (b === 'null') return a;
  if (a === 'Double' || b === 'Double') return 'Double';
  return a === 'Decimal' || b === 'Decimal' ? 'Decimal' : a;
}

/** The type an expression has before any row is seen (OData numeric promotion for arithmetic). */
export function staticType(expr: FilterExpr): StaticType {
  switch (expr.kind) {
    case 'property':
      return productProperties[expr.name].type;
    case 'literal':
      return expr.literal.type;
    case 'compare':
    case 'logical':
    case 'not':
    case 'in':
      return 'Boolean';
    case 'arithmetic':
      return promoteType(staticType(expr.left), staticType(expr.right));
    case 'negate':
      return staticType(expr.operand);
    case 'call':
      return callType(expr.name, expr.args[0] === undefined ? undefined : staticType(expr.args[0]));
  }
}

function isZeroLiteral(expr: FilterExpr): boolean {
  if (expr.kind !== 'literal') return false;
  const { literal } = expr;
  return (literal.type === 'Int32' || literal.type === 'Decimal' || literal.type === 'Double') && Number(literal.text) === 0;
}

/**
 * Errors the specification asks for whatever the data: `mod` by zero fails; `div` by zero fails
 * unless the dividend is floating (Double: INF, -INF or NaN); a negative substring length is a
 * bad request.
 */
export function checkExpression(expr: FilterExpr): void {
  switch (expr.kind) {
    case 'property':
    case 'literal':
      return;
    case 'arithmetic':
      if (expr.op === 'mod' && isZeroLiteral(expr.right)) throw new ReferenceRejection('mod by zero');
      if (expr.op === 'div' && isZeroLiteral(expr.right) && staticType(expr) !== 'Double') throw new ReferenceRejection('div by zero');
      checkExpression(expr.left);
      checkExpression(expr.right);
      return;
    case 'compare':
    case 'logical':
      checkExpression(expr.left);
      checkExpression(expr.right);
      return;
    case 'not':
    case 'negate':
    case 'in':
      checkExpression(expr.operand);
      return;
    case 'call': {
      const length = expr.name === 'substring' ? expr.args[2] : undefined;
      if (length?.kind === 'literal' && length.literal.type === 'Int32' && BigInt(length.literal.text) < 0n) {
        throw new ReferenceRejection('negative substring length');
      }
      expr.args.forEach(checkExpression);
      return;
    }
  }
}


function kleene(op: 'and' | 'or', a: RefValue | null, b: RefValue | null): RefValue | null {
  const x = a === null ? null : a.type === 'Boolean' ? a.value : undefined;
  const y = b === null ? null : b.type === 'Boolean' ? b.value : undefined;
  if (x === undefined || y === undefined) throw new ReferenceUndefined(`'${op}' needs Boolean operands`);
  const decisive = op === 'or';
  if (x === decisive || y === decisive) return { type: 'Boolean', value: decisive };
  if (x === null || y === null) return null;
  return { type: 'Boolean', value: !decisive };
}

/** The value of `expr` on one row; null is OData's null (also "unknown" for Booleans). */
export function evaluateExpression(expr: FilterExpr, row: ProductRow): RefValue | null {
  switch (expr.kind) {
    case 'property':
      return row[expr.name];
    case 'literal':
      return literalValue(expr.literal);
    case 'compare':
      return { type: 'Boolean', value: evaluateComparison(expr.op, evaluateExpression(expr.left, row), evaluateExpression(expr.right, row)) };
    case 'logical':
      return kleene(expr.op, evaluateExpression(expr.left, row), evaluateExpression(expr.right, row));
    case 'not': {
      const operand = evaluateExpression(expr.operand, row);
      if (operand === null) return null;
      if (operand.type !== 'Boolean') throw new ReferenceUndefined(`'not' needs a Boolean operand`);
      return { type: 'Boolean', value: !operand.value };
    }
    case 'arithmetic':
    case 'negate': {
      const operands = (expr.kind === 'negate' ? [expr.operand] : [expr.left, expr.right]).map((item) => evaluateExpression(item, row));
      if (operands.some((item) => item === null)) return null;
      if (!operands.every((item): item is Numeric => item !== null && isNumeric(item))) throw new ReferenceUndefined(`${expr.kind} needs numbers`);
      const [a, b] = operands as [Numeric, Numeric];
      if (expr.kind === 'arithmetic') return evaluateArithmetic(expr.op, a, b);
      if (a.type === 'Double') return { type: 'Double', value: -a.value };
      return a.type === 'Decimal' ? { type: 'Decimal', value: negateDecimal(a.value) } : int32(-a.value);
    }
    case 'in': {
      const operand = evaluateExpression(expr.operand, row);
      return { type: 'Boolean', value: expr.list.some((item) => equals(operand, literalValue(item))) };
    }
    case 'call': {
      const args = expr.args.map((arg) => evaluateExpression(arg, row));
      if (args.some((arg) => arg === null)) return null;
      return evaluateCall(expr.name, args as RefValue[]);
    }
  }
}

/** Whether `$filter` keeps the row: only a true result does. */
export function keepsRow(filter: FilterExpr, row: ProductRow): boolean {
  const result = evaluateExpression(filter, row);
  return result?.type === 'Boolean' && result.value;
}

/** Nulls first, then by value; a descending item reverses both. */
function orderRows(rows: readonly ProductRow[], request: ProductsRequest): ProductRow[] {
  const items = [...request.orderby.map((item) => ({ name: item.property, descending: item.direction === 'desc' })), { name: 'id' as const, descending: false }];
  return [...rows].sort((a, b) => {
    for (const { name, descending } of items) {
      const [x, y] = [a[name], b[name]];
      const order = x === null || y === null ? Number(y === null) - Number(x === null) : (compareValues(x, y) ?? 0);
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
}

/** The response the service owes: the rows of the page with the selected properties, or a 400. */
export function evaluateRequest(request: ProductsRequest, rows: readonly ProductRow[]): ReferenceResult {
  if (request.filter !== undefined) {
    try {
      checkExpression(request.filter);
    } catch (error) {
      if (error instanceof ReferenceRejection) return { status: 400, reason: error.message };
      throw error;
    }
  }
  const filter = request.filter;
  const kept = filter === undefined ? [...rows] : rows.filter((row) => keepsRow(filter, row));
  const skip = request.skip ?? 0;
  const page = orderRows(kept, request).slice(skip, request.top === undefined ? undefined : skip + request.top);
  // In declaration order: JSON member order carries no meaning, one order makes rows comparable.
  const selected = propertyNames.filter((name) => request.select?.includes(name) ?? true);
  return {
    status: 200,
    count: kept.length,
    rows: page.map((row) => Object.fromEntries(selected.map((name) => [name, canonicalValue(row[name])]))),
  };
}
