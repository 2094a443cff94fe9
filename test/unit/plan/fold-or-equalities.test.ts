import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { findEntitySet } from '../../../src/model/find-in-model.js';
import { parseExpression } from '../../../src/parse/parse-expression.js';
import { bindFilter } from '../../../src/plan/bind-expression.js';
import type { BoundExpr } from '../../../src/plan/bound-expr.js';
import { rootScope } from '../../../src/plan/plan-context.js';
import { odataFailure } from '../../support/odata-failure.js';
import { sampleModel } from '../../support/sample-catalog.js';

const model = sampleModel();
const A = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const B = '0b4c7f0e-2a8e-4c61-9d51-1f2a3b4c5d6e';

function bind(filter: string): BoundExpr {
  const products = findEntitySet(model, 'Products');
  if (products === undefined) throw new Error('no Products');
  return bindFilter(parseExpression(filter, { target: '$filter' }), rootScope(model, products, 't0', '$filter'));
}

describe('an or chain of equalities on one column', () => {
  it.each([
    [`id eq ${A} or id eq ${B}`, `id in (${A}, ${B})`],
    [`${A} eq id or id eq ${B} or ${B} eq id`, `id in (${A}, ${B}, ${B})`],
    ["supplier_id eq 'A' or supplier_id eq null or null eq supplier_id or supplier_id eq 'B'", "supplier_id in ('A', null, null, 'B')"],
    ['cost eq null or cost eq null', 'cost in (null, null)'],
    ['quantity eq 1 or quantity eq 5000000000 or quantity eq 2.5', 'quantity in (1, 5000000000, 2.5)'],
    ['stock eq 9007199254740993 or stock eq 1', 'stock in (9007199254740993, 1)'],
    ["mood eq 'happy' or mood eq Demo.Mood'sad'", "mood in ('happy', Demo.Mood'sad')"],
    ['release_date eq 2024-01-01 or release_date eq 2024-02-29', 'release_date in (2024-01-01, 2024-02-29)'],
    ['created eq 2024-01-01T10:00:00+02:00 or created eq 2024-01-01', 'created in (2024-01-01T10:00:00+02:00, 2024-01-01)'],
    ['discontinued eq true or discontinued eq false', 'discontinued in (true, false)'],
    ["(name eq 'a' or name eq 'b') or (name eq 'c')", "name in ('a', 'b', 'c')"],
  ])('%s is bound as %s', (chain, list) => {
    const folded = bind(chain);
    expect(folded.kind).toBe('inList');
    expect(folded).toEqual(bind(list));
  });

  it('folds a 2,000-term chain into one list, values in order', () => {
    const folded = bind(Array.from({ length: 2000 }, (_, index) => `quantity eq ${index}`).join(' or '));
    if (folded.kind !== 'inList') throw new Error(folded.kind);
    expect(folded.values).toHaveLength(2000);
    expect(folded.values[1999]).toBe('1999');
    expect(folded.elementType).toEqual({ kind: 'scalar', name: 'int4' });
  });

  it('folds a chain under not, keeping its column nullable for the exact form', () => {
    const negated = bind('not (cost eq 1 or cost eq null)');
    if (negated.kind !== 'not' || negated.operand.kind !== 'inList') throw new Error(negated.kind);
    expect(negated.operand.operand).toMatchObject({ kind: 'column', column: 'cost', nullable: true });
    expect(negated.operand.includesNull).toBe(true);
  });

  it.each([
    ['another column', 'quantity eq 1 or stock eq 2'],
    ['another operator', 'quantity eq 1 or quantity gt 2'],
    ['ne', 'quantity eq 1 or quantity ne 2'],
    ['a column on both sides', 'price eq cost or price eq 1'],
    ['a computed side', 'quantity add 1 eq 2 or quantity eq 1'],
    ['a Double column (NaN equals nothing)', 'weight_kg eq 1 or weight_kg eq 2'],
    ['a Double literal (NaN equals nothing)', 'quantity eq NaN or quantity eq 1'],
    ['a navigation', "category/name eq 'a' or category/name eq 'b'"],
    ['a Boolean operand', "discontinued or name eq 'a'"],
  ])('keeps the or with %s', (_why, chain) => {
    const bound = bind(chain);
    expect(bound).toMatchObject({ kind: 'logical', op: 'or' });
  });

  it('keeps an and chain of equalities as it is', () => {
    expect(bind('quantity eq 1 and quantity eq 2')).toMatchObject({ kind: 'logical', op: 'and' });
  });

  it("leaves type errors to the comparisons: a string compared with an integer is still a 400 naming '$filter'", async () => {
    const error = await odataFailure(Promise.resolve().then(() => bind("quantity eq 1 or quantity eq 'x'")));
    expect({ status: error.status, code: error.code, target: error.target }).toEqual({ status: 400, code: ErrorCodes.typeMismatch, target: '$filter' });
  });
});
