import { describe, expect, it } from 'vitest';
import { dataverseProfile } from '../../../src/model/dataverse-profile.js';
import type { EdmModel } from '../../../src/model/edm-model.js';
import { findEntitySet } from '../../../src/model/find-in-model.js';
import { parseExpression } from '../../../src/parse/parse-expression.js';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { bindFilter } from '../../../src/plan/bind-expression.js';
import { rootScope } from '../../../src/plan/plan-context.js';
import { planRead } from '../../../src/plan/plan-read.js';
import { compileCondition } from '../../../src/sql/compile-expression.js';
import { compileRead } from '../../../src/sql/compile-read.js';
import { newParams } from '../../../src/sql/sql-fragments.js';
import type { SqlStatement } from '../../../src/sql/sql-statement.js';
import { testReadOptions } from '../../support/read-options.js';
import { sampleModel } from '../../support/sample-catalog.js';
import { expectEveryParameterUsed, normalize } from './compile-helpers.js';

const insensitive = dataverseProfile(sampleModel(), { caseInsensitiveText: true }).model;
const sensitive = dataverseProfile(sampleModel()).model;

const options = testReadOptions;

function compileFilter(model: EdmModel, text: string): SqlStatement {
  const entitySet = findEntitySet(model, 'Products');
  if (entitySet === undefined) throw new Error('no set Products');
  const params = newParams();
  const condition = compileCondition(bindFilter(parseExpression(text, { target: '$filter' }), rootScope(model, entitySet, 't0', '$filter')), params);
  expectEveryParameterUsed(condition, params.values.length);
  return { text: normalize(condition), values: params.values };
}

describe('case-insensitive text comparisons (the Dataverse option)', () => {
  it('is set on the profiled model by the option only', () => {
    expect(insensitive.caseInsensitiveText).toBe(true);
    expect(sensitive.caseInsensitiveText).toBeUndefined();
  });

  it.each<[string, string, unknown[]]>([
    ["name eq 'Rustic Chair'", 'lower("t0"."name") = lower($1::text)', ['Rustic Chair']],
    ["'Rustic Chair' eq name", 'lower($1::text) = lower("t0"."name")', ['Rustic Chair']],
    ["name ne 'A'", 'lower("t0"."name") <> lower($1::text)', ['A']],
    ["description lt 'M'", 'lower("t0"."description") < lower($1::text)', ['M']],
    ["description ge 'M'", 'lower("t0"."description") >= lower($1::text)', ['M']],
    ['name eq sku', 'lower("t0"."name") = lower("t0"."sku")', []],
    ["name in ('A', 'b')", '(lower("t0"."name") = any(array(select lower("v") from unnest($1::text[]) as "values"("v"))))', [['A', 'b']]],
    ["name eq 'A' or name eq 'b'", '(lower("t0"."name") = any(array(select lower("v") from unnest($1::text[]) as "values"("v"))))', [['A', 'b']]],
    ["description in ('A', null)", '(lower("t0"."description") = any(array(select lower("v") from unnest($1::text[]) as "values"("v"))) or "t0"."description" is null)', [['A']]],
    ["startswith(name, 'Ru_')", 'lower("t0"."name") like lower($1::text)', ['Ru\\_%']],
    ["contains(name, 'CHAIR')", 'lower("t0"."name") like lower($1::text)', ['%CHAIR%']],
    ["endswith(name, 'Chair')", 'lower("t0"."name") like lower($1::text)', ['%Chair']],
    ['contains(name, sku)', '(strpos(lower("t0"."name"), lower("t0"."sku")) > 0)', []],
    ['startswith(name, sku)', 'starts_with(lower("t0"."name"), lower("t0"."sku"))', []],
    ["mood eq 'HAPPY'", `lower(format('%s', "t0"."mood")) = lower($1::text)`, ['HAPPY']],
    ['name eq null', '"t0"."name" is null', []],
    ["quantity eq 3", '"t0"."quantity" = $1::int4', ['3']],
  ])('%s', (filter, sql, values) => {
    expect(compileFilter(insensitive, filter)).toEqual({ text: sql, values });
  });

  it('keeps its exact results under not', () => {
    expect(compileFilter(insensitive, "not (description eq 'A')").text).toBe('not (coalesce(lower("t0"."description") = lower($1::text), false))');
    expect(compileFilter(insensitive, "not (description in ('A'))").text).toBe(
      'not ((coalesce(lower("t0"."description") = any(array(select lower("v") from unnest($1::text[]) as "values"("v"))), false)))',
    );
  });

  it.each<[string, string]>([
    ["name eq 'Rustic Chair'", '"t0"."name" = $1::text'],
    ["name in ('A', 'b')", '("t0"."name" = any($1::text[]))'],
    ["startswith(name, 'Ru')", '"t0"."name" like $1'],
    ['contains(name, sku)', '(strpos("t0"."name", "t0"."sku") > 0)'],
  ])('compares as it is without the option: %s', (filter, sql) => {
    expect(compileFilter(sensitive, filter).text).toBe(sql);
  });

  it('leaves $orderby and $search as they are', () => {
    const statement = compileRead(planRead(parseRequest({ path: 'Products', query: "$filter=name eq 'A'&$orderby=name&$search=chair" }), insensitive, options).query);
    const text = normalize(statement.text);
    expect(text).toContain('lower("t0"."name") = lower(');
    expect(text).toMatch(/order by "t0"\."name" asc/);
    expect(text).toMatch(/"t0"\."name" ilike \$\d+/);
  });
});
