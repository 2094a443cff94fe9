import { describe, expect, it } from 'vitest';
import { ODataError } from '../../../src/errors/odata-error.js';
import { findEntitySet } from '../../../src/model/find-in-model.js';
import { parseModelConfig } from '../../../src/model/model-config.js';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { rootScope } from '../../../src/plan/plan-context.js';
import { planSearch } from '../../../src/plan/plan-search.js';
import { compileCondition } from '../../../src/sql/compile-expression.js';
import { newParams } from '../../../src/sql/sql-fragments.js';
import { sampleModel } from '../../support/sample-catalog.js';

function compileSearch(text: string, setName: string, config = parseModelConfig({}, 'test')) {
  const model = sampleModel(config);
  const set = findEntitySet(model, setName);
  if (set === undefined) throw new Error(setName);
  const search = parseRequest({ path: setName, query: `$search=${encodeURIComponent(text)}` }).options.search;
  const bound = planSearch(search, rootScope(model, set, 't0', '$search'));
  const params = newParams();
  return { text: bound === null ? null : compileCondition(bound, params), values: params.values };
}

describe('planSearch', () => {
  it('looks in every single-valued string property by default, ignoring case', () => {
    expect(compileSearch('Lamp', 'Suppliers')).toEqual({ text: '("t0"."id" ilike $1 or "t0"."name" ilike $2)', values: ['%Lamp%', '%Lamp%'] });
  });

  it('combines terms and escapes wildcards', () => {
    expect(compileSearch('a_b OR NOT "50%"', 'Suppliers')).toEqual({
      text: '(("t0"."id" ilike $1 or "t0"."name" ilike $2) or not (("t0"."id" ilike $3 or "t0"."name" ilike $4)))',
      values: ['%a\\_b%', '%a\\_b%', '%50\\%%', '%50\\%%'],
    });
  });

  it('looks only in the columns the model config names', () => {
    const config = parseModelConfig({ entitySets: { suppliers: { search: ['name'] } } }, 'test');
    expect(compileSearch('x', 'Suppliers', config).text).toBe('"t0"."name" ilike $1');
  });

  it('refuses a set without searchable properties', () => {
    const config = parseModelConfig({ entitySets: { order_lines: { search: [] } } }, 'test');
    expect(() => compileSearch('x', 'OrderLines', config)).toThrow(ODataError);
  });
});
