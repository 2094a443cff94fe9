import fc, { type Arbitrary } from 'fast-check';
import { propertyNames, type PropertyName } from './demo-products.js';
import {
  arithmetic,
  call,
  compare,
  describeRequest,
  formatRequestPath,
  literal,
  logical,
  negate,
  not,
  property,
  type ArithmeticOp,
  type CompareOp,
  type FilterExpr,
  type FunctionName,
  type Literal,
  type OrderItem,
  type ProductsRequest,
} from './filter-ast.js';
import {
  booleanLiteral,
  dateLiteral,
  dateTimeOffsetLiteral,
  decimalLiteral,
  doubleLiterals,
  guidLiteral,
  intLiteral,
  smallIntLiteral,
  specialDoubleLiterals,
  stringLiterals,
  terminatingDivisor,
  zeroLiterals,
} from './literal-arbitraries.js';

/**
 * fast-check generators of well-typed requests over the demo `Products`. Every expression is
 * built for one EDM type, so the service must answer 200, or the 400 the specification asks for.
 * `depth` bounds every nesting: values stay small and Int32 arithmetic cannot overflow.
 */

/** Switches for generator branches; each one excluded by default names the service bug it avoids. */
export interface GeneratorOptions {
  /** Also generate the branches that the TODO(#3) comments exclude. */
  readonly knownServiceBugs: boolean;
}

const COMPARE_OPS: readonly CompareOp[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
/** Every orderable column: both test databases sort strings by code point (C.UTF-8; checked by the test). */
const ORDERABLE: readonly PropertyName[] = [
  'id', 'sku', 'name', 'description', 'supplier_id', 'category_id', 'price', 'cost', 'quantity', 'discontinued',
  'release_date', 'created', 'modified', 'weight_kg',
];

const lit = (arb: Arbitrary<Literal>): Arbitrary<FilterExpr> => arb.map(literal);
const prop = (...names: PropertyName[]): Arbitrary<FilterExpr> => fc.constantFrom(...names).map(property);
const nullLit = literal({ type: 'null' });
const ops = <T extends string>(...names: T[]): Arbitrary<T> => fc.constantFrom(...names);

/** Whether the generated expression can be zero on some row (`quantity` is 0 on some). */
function mayBeZero(expr: FilterExpr): boolean {
  if (expr.kind === 'property') return expr.name === 'quantity';
  return expr.kind === 'literal' && 'text' in expr.literal && Number(expr.literal.text) === 0;
}

function expressionArbitraries({ knownServiceBugs }: GeneratorOptions) {
  const stringLit = stringLiterals(true);

  /** `nullable: false` leaves out description, supplier_id and null, so the string is never null. */
  const str = (depth: number, nullable = true): Arbitrary<FilterExpr> => {
    const leaves = nullable
      ? fc.oneof({ arbitrary: prop('sku', 'name', 'description', 'supplier_id'), weight: 4 }, { arbitrary: lit(stringLit), weight: 2 }, { arbitrary: fc.constant(nullLit), weight: 1 })
      : fc.oneof({ arbitrary: prop('sku', 'name'), weight: 2 }, { arbitrary: lit(stringLit), weight: 1 });
    if (depth === 0) return leaves;
    const inner = str(depth - 1, nullable);
    const index = lit(smallIntLiteral(0, 14));
    const length = lit(smallIntLiteral(-3, 14));
    return fc.oneof(
      { arbitrary: leaves, weight: 3 },
      fc.tuple(ops<FunctionName>('tolower', 'toupper', 'trim'), inner).map(([name, arg]) => call(name, arg)),
      fc.tuple(inner, inner).map(([a, b]) => call('concat', a, b)),
      fc.tuple(inner, index).map(([a, start]) => call('substring', a, start)),
      fc.tuple(inner, index, length).map(([a, start, count]) => call('substring', a, start, count)),
    );
  };

  const int = (depth: number): Arbitrary<FilterExpr> => {
    const leaves = fc.oneof({ arbitrary: prop('quantity', 'category_id'), weight: 3 }, { arbitrary: lit(intLiteral), weight: 1 });
    if (depth === 0) return leaves;
    const inner = int(depth - 1);
    return fc.oneof(
      { arbitrary: leaves, weight: 3 },
      str(1).map((a) => call('length', a)),
      fc.tuple(str(1), fc.oneof(lit(stringLit), str(0))).map(([a, b]) => call('indexof', a, b)),
      fc.tuple(ops<FunctionName>('year', 'month', 'day'), prop('release_date', 'created')).map(([name, arg]) => call(name, arg)),
      fc.tuple(ops<FunctionName>('hour', 'minute', 'second'), prop('created', 'modified')).map(([name, arg]) => call(name, arg)),
      fc.tuple(ops<ArithmeticOp>('add', 'sub', 'mul'), inner, lit(intLiteral)).map(([op, a, b]) => arithmetic(op, a, b)),
      fc.tuple(ops<ArithmeticOp>('div', 'mod'), inner, lit(smallIntLiteral(1, 9))).map(([op, a, b]) => arithmetic(op, a, b)),
      inner.map(negate),
    );
  };

  const dec = (depth: number): Arbitrary<FilterExpr> => {
    const leaves = fc.oneof({ arbitrary: prop('price', 'cost'), weight: 3 }, { arbitrary: lit(decimalLiteral), weight: 1 });
    if (depth === 0) return leaves;
    const inner = dec(depth - 1);
    return fc.oneof(
      { arbitrary: leaves, weight: 3 },
      fc.tuple(ops<ArithmeticOp>('add', 'sub', 'mul'), inner, fc.oneof(lit(decimalLiteral), lit(intLiteral), int(0))).map(([op, a, b]) => arithmetic(op, a, b)),
      fc.tuple(ops<ArithmeticOp>('div', 'mod'), inner, lit(terminatingDivisor)).map(([op, a, b]) => arithmetic(op, a, b)),
      fc.tuple(ops<FunctionName>('round', 'floor', 'ceiling'), inner).map(([name, arg]) => call(name, arg)),
      inner.map(negate),
    );
  };

  const doubleLiteral = doubleLiterals(true);
  const dbl = (depth: number): Arbitrary<FilterExpr> => {
    const leaves = fc.oneof({ arbitrary: prop('weight_kg'), weight: 3 }, { arbitrary: lit(doubleLiteral), weight: 1 });
    if (depth === 0) return leaves;
    const inner = dbl(depth - 1);
        const operand = fc.oneof(lit(doubleLiteral), lit(decimalLiteral), lit(intLiteral), dec(0), int(0));
        // TODO(#3): service bug: `mod` of Doubles is computed on numeric copies rounded to 15 digits,
    // not on the Doubles: weight_kg mod 1e-1 eq 0 keeps 8 rows, where the remainder of the
    // binary64 values is 0 on 1 row. Excluded: no `mod` with a Double operand.
    const arithmeticOps = knownServiceBugs ? ops<ArithmeticOp>('add', 'sub', 'mul', 'mod') : ops<ArithmeticOp>('add', 'sub', 'mul');
    return fc.oneof(
      { arbitrary: leaves, weight: 3 },
      fc.tuple(arithmeticOps, inner, operand).map(([op, a, b]) => arithmetic(op, a, b)),
      fc.tuple(inner, operand).map(([a, b]) => arithmetic('div', a, b)),
      fc.tuple(ops<ArithmeticOp>('add', 'sub', 'mul'), fc.oneof(dec(0), int(0)), inner).map(([op, a, b]) => arithmetic(op, a, b)),
      fc.tuple(ops<FunctionName>('floor', 'ceiling'), inner).map(([name, arg]) => call(name, arg)),
      inner.map((arg) => call('round', arg)),
      inner.map(negate),
    );
  };

  const num = (depth: number): Arbitrary<FilterExpr> => fc.oneof(int(depth), dec(depth), dbl(depth));

  const byZero = fc
    .tuple(ops<ArithmeticOp>('div', 'mod'), num(0), lit(zeroLiterals(true)))
    .map(([op, a, b]) => arithmetic(op, a, b));

  const predicate = (nullable: boolean) =>
    fc
      .tuple(ops<FunctionName>('contains', 'startswith', 'endswith'), str(1, nullable), fc.oneof({ arbitrary: lit(stringLit), weight: 3 }, str(1, nullable)))
      .map(([name, a, b]) => call(name, a, b));
  const comparedPredicate = predicate(true);

  const specialDouble = lit(specialDoubleLiterals(true));

  const booleanOps: readonly CompareOp[] = COMPARE_OPS;

  const comparison = (left: Arbitrary<FilterExpr>, right: Arbitrary<FilterExpr>, allowed: readonly CompareOp[] = COMPARE_OPS) =>
    fc.tuple(fc.constantFrom(...allowed), left, right).map(([op, a, b]) => {
      return compare(op, a, b);
    });
  const nonBoolean = fc.oneof(str(1), num(1), prop('release_date', 'created'));
  const inList = (operand: Arbitrary<FilterExpr>, item: Arbitrary<Literal>) =>
    fc
      .tuple(operand, fc.array(fc.oneof({ arbitrary: item, weight: 4 }, { arbitrary: fc.constant<Literal>({ type: 'null' }), weight: 1 }), { minLength: 1, maxLength: 4 }))
      .map(([a, list]): FilterExpr => ({ kind: 'in', operand: a, list }));

  /** Atoms of a filter. */
  const atom = () =>
    fc.oneof(
      { arbitrary: prop('discontinued'), weight: 1 },
      { arbitrary: predicate(true), weight: 3 },
      { arbitrary: comparison(num(2), num(1)), weight: 6 },
      { arbitrary: comparison(num(1), specialDouble), weight: 1 },
      { arbitrary: comparison(str(2), fc.oneof(lit(stringLit), str(1))), weight: 5 },
      { arbitrary: comparison(prop('release_date'), lit(dateLiteral)), weight: 2 },
      { arbitrary: comparison(prop('created', 'modified'), lit(dateTimeOffsetLiteral)), weight: 2 },
      { arbitrary: comparison(nonBoolean, fc.constant(nullLit)), weight: 2 },
      { arbitrary: comparison(fc.constant(nullLit), nonBoolean), weight: 1 },
      { arbitrary: comparison(fc.oneof(comparedPredicate, prop('discontinued')), fc.oneof(lit(booleanLiteral), fc.constant(nullLit)), booleanOps), weight: 2 },
      { arbitrary: comparison(prop('id'), lit(guidLiteral), ['eq', 'ne']), weight: 1 },
      { arbitrary: inList(fc.oneof(prop('supplier_id', 'sku', 'name'), str(1)), stringLit), weight: 2 },
      { arbitrary: inList(fc.oneof(int(1), prop('quantity', 'category_id')), intLiteral), weight: 1 },
      { arbitrary: inList(prop('price', 'cost'), decimalLiteral), weight: 1 },
      { arbitrary: inList(prop('release_date'), dateLiteral), weight: 1 },
    );

  const bool = (depth: number): Arbitrary<FilterExpr> => {
    if (depth === 0) return atom();
    const inner = bool(depth - 1);
    return fc.oneof(
      { arbitrary: atom(), weight: 3 },
      fc.tuple(ops('and', 'or'), inner, inner).map(([op, left, right]) => logical(op, left, right)),
      inner.map(not),
    );
  };

  /**
   * A division by a literal zero, alone and with `$top` > 0: nested in `or`/`and`, or under
   * `$top=0`, PostgreSQL may never evaluate it (`true or price div 0 eq price` answers 200), and
   * the specification does not say whether an operation never evaluated makes the request fail.
   */
  const divisionByZero = comparison(byZero, num(0));
  return { bool, divisionByZero };
}

function dividesByZero(filter: FilterExpr | undefined): boolean {
  return filter?.kind === 'compare' && filter.left.kind === 'arithmetic' && filter.left.right.kind === 'literal' && mayBeZero(filter.left.right);
}

const orderItem = fc.record({
  property: fc.constantFrom(...ORDERABLE),
  direction: fc.constantFrom<OrderItem['direction']>(undefined, 'asc', 'desc'),
});

/** A generated request that fast-check prints, when it fails, as the URL sent and its decoded text. */
export interface GeneratedRequest {
  readonly request: ProductsRequest;
  /** Under the service root, percent-encoded. */
  readonly path: string;
  readonly [fc.toStringMethod]: () => string;
}

export function productsRequest(options: GeneratorOptions): Arbitrary<GeneratedRequest> {
  const { bool, divisionByZero } = expressionArbitraries(options);
  const filter = fc.oneof({ arbitrary: bool(2), weight: 30 }, { arbitrary: divisionByZero, weight: 1 });
  return fc
    .record({
      filter: fc.option(filter, { nil: undefined, freq: 8 }),
      orderby: fc.uniqueArray(orderItem, { maxLength: 3, selector: (item) => item.property }),
      select: fc.option(fc.uniqueArray(fc.constantFrom(...propertyNames), { minLength: 1, maxLength: 4 }), { nil: undefined, freq: 4 }),
      top: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
      skip: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      count: fc.boolean(),
    })
    .map((request) => (dividesByZero(request.filter) && request.top === 0 ? { ...request, top: 1 } : request))
    .map((request) => {
      const path = formatRequestPath(request);
      return { request, path, [fc.toStringMethod]: () => `GET ${path}\n    decoded: ${describeRequest(request)}` };
    });
}
