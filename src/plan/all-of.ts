import { booleanType, type BoundExpr } from './bound-expr.js';

/** The conjunction of the conditions present: `null` for none, the condition itself for one. */
export function allOf(conditions: readonly (BoundExpr | null)[]): BoundExpr | null {
  const present = conditions.filter((condition): condition is BoundExpr => condition !== null);
  if (present.length <= 1) return present[0] ?? null;
  return { kind: 'logical', op: 'and', operands: present, type: booleanType, nullable: false };
}
