import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { planRead } from '../../../src/plan/plan-read.js';
import { compileRead } from '../../../src/sql/compile-read.js';
import { testReadOptions } from '../../support/read-options.js';
import { sampleModel } from '../../support/sample-catalog.js';
import { compileFilterText, normalize } from './compile-helpers.js';

const model = sampleModel();
const options = testReadOptions;

/** A Guid per index: `00000000-0000-4000-8000-<index in 12 hex digits>`. */
const guid = (index: number): string => `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;

describe('compile an or chain of key lookups', () => {
  it('reads 300 ids by key with one array parameter, in the order sent', () => {
    const ids = Array.from({ length: 300 }, (_, index) => guid(index));
    const filter = ids.map((id, index) => (index % 2 === 0 ? `id eq ${id}` : `${id} eq id`)).join(' or ');
    const statement = compileRead(planRead(parseRequest({ path: 'Products', query: `$filter=${filter}` }), model, options).query);
    expect(normalize(statement.text)).toContain('where ("t0"."id" = any($1::uuid[]))');
    expect(statement.text).not.toMatch(/"t0"\."id" = \$\d+::uuid/);
    expect(statement.values[0]).toEqual(ids);
  });

  it.each<[string, string, unknown[]]>([
    ["supplier_id eq 'A' or supplier_id eq null or supplier_id eq 'B'", '("t0"."supplier_id" = any($1::text[]) or "t0"."supplier_id" is null)', [['A', 'B']]],
    ['cost eq null or null eq cost', '("t0"."cost" is null)', []],
    ['not (cost eq 1 or cost eq 2)', 'not ((coalesce("t0"."cost" = any($1::numeric[]), false)))', [['1', '2']]],
    ['not (cost eq 1 or cost eq null)', 'not ((coalesce("t0"."cost" = any($1::numeric[]), false) or "t0"."cost" is null))', [['1']]],
    ['not (quantity eq 1 or quantity eq 2)', 'not (("t0"."quantity" = any($1::int4[])))', [['1', '2']]],
  ])('%s', (filter, sql, values) => {
    const compiled = compileFilterText(filter);
    expect(normalize(compiled.text)).toBe(sql);
    expect(compiled.values).toEqual(values);
  });
});
