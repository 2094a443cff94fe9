import type { OrderTerm } from '../plan/query-plan.js';
import { compileValue } from './compile-expression.js';
import type { Params } from './sql-fragments.js';

/** ` order by …`, with a NULLS clause only where the planner asked for one; empty without terms. */
export function orderClause(terms: readonly OrderTerm[], params: Params): string {
  if (terms.length === 0) return '';
  const parts = terms.map((term) => {
    const nulls = term.nulls === null ? '' : ` nulls ${term.nulls}`;
    return `${compileValue(term.expr, params)} ${term.direction}${nulls}`;
  });
  return ` order by ${parts.join(', ')}`;
}
