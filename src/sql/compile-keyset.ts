import { pgTypeOf } from '../plan/edm-types.js';
import type { OrderTerm } from '../plan/query-plan.js';
import { compileValue } from './compile-expression.js';
import { param, pgTypeName, type Params } from './sql-fragments.js';

/**
 * "After the row whose sort values are `values`" for keyset paging, in the order of `terms`
 * (ASC NULLS FIRST / DESC NULLS LAST where an expression may be null). When no sort expression
 * can be null and all go one way, it is a row comparison, `(a, b) > ($1, $2)`, which a btree
 * index serves, so a deep page costs what the first does.
 */
export function compileKeysetAfter(terms: readonly OrderTerm[], values: string, params: Params): string {
  const valuesParam = `${param(params, values)}::json`;
  const exprs = terms.map((term) => compileValue(term.expr, params));
  const vals = terms.map((term, index) => `(${valuesParam} ->> ${index})::${pgTypeName(pgTypeOf(term.expr.type))}`);
  const direction = terms[0]?.direction;
  if (terms.every((term) => term.nulls === null && term.direction === direction)) {
    return `(${exprs.join(', ')}) ${direction === 'desc' ? '<' : '>'} (${vals.join(', ')})`;
  }
  const branches = terms.map((term, index) => {
    const e = exprs[index] as string;
    const v = vals[index] as string;
    const before = terms.slice(0, index).map((earlier, j) =>
      earlier.nulls === null ? `${exprs[j]} = ${vals[j]}` : `${exprs[j]} is not distinct from ${vals[j]}`,
    );
    const after =
      term.nulls === null
        ? `${e} ${term.direction === 'desc' ? '<' : '>'} ${v}`
        : term.direction === 'asc'
          ? `(coalesce(${e} > ${v}, false) or (${v} is null and ${e} is not null))`
          : `(coalesce(${e} < ${v}, false) or (${v} is not null and ${e} is null))`;
    return `(${[...before, after].join(' and ')})`;
  });
  return `(${branches.join(' or ')})`;
}
