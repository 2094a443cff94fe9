import { booleanType, type BoundExpr, type ExprType, type InListExpr } from './bound-expr.js';
import { isNumeric, pgTypeOf, promote } from './edm-types.js';

/**
 * `operand in (…)` from its items, each a literal already bound to the operand's type: the
 * non-null values go into one array of the operand's type (a numeric one widened to hold every
 * value) and a null item adds `operand is null`.
 */
export function inListOf(operand: BoundExpr, items: readonly BoundExpr[]): InListExpr {
  const values: (string | boolean)[] = [];
  let includesNull = false;
  let elementType: ExprType = operand.type;
  for (const item of items) {
    if (item.kind === 'null') includesNull = true;
    else if (item.kind === 'value' && !(item.value instanceof Uint8Array)) {
      values.push(item.value);
      elementType = isNumeric(item.type) ? promote(elementType, item.type) : elementType;
    }
  }
  return { kind: 'inList', operand, values, elementType: pgTypeOf(elementType), includesNull, type: booleanType, nullable: false };
}
