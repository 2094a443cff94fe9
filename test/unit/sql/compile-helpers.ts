import { findEntitySet } from '../../../src/model/find-in-model.js';
import { parseExpression } from '../../../src/parse/parse-expression.js';
import { bindFilter } from '../../../src/plan/bind-expression.js';
import { rootScope, type BindScope } from '../../../src/plan/plan-context.js';
import { compileCondition } from '../../../src/sql/compile-expression.js';
import { newParams } from '../../../src/sql/sql-fragments.js';
import type { SqlStatement } from '../../../src/sql/sql-statement.js';
import { sampleModel } from '../../support/sample-catalog.js';

const model = sampleModel();

export function scopeOf(setName: string): BindScope {
  const entitySet = findEntitySet(model, setName);
  if (entitySet === undefined) throw new Error(`no set ${setName}`);
  return rootScope(model, entitySet, 't0', '$filter');
}

/** `$filter` text on the sample Products set → the WHERE condition and its values. */
export function compileFilterText(text: string, setName = 'Products'): SqlStatement {
  const params = newParams();
  const condition = compileCondition(bindFilter(parseExpression(text, { target: '$filter' }), scopeOf(setName)), params);
  expectEveryParameterUsed(condition, params.values.length);
  return { text: condition, values: params.values };
}

/** Postgres rejects a statement with a bound parameter its text never names: every `$n` must appear. */
export function expectEveryParameterUsed(text: string, count: number): void {
  for (let n = 1; n <= count; n += 1) {
    if (!new RegExp(`\\$${n}(?!\\d)`).test(text)) throw new Error(`$${n} is bound but not used in: ${text}`);
  }
}

export function normalize(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}
