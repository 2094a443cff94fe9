import { describe, expect, it } from 'vitest';
import { compileFilterText, normalize } from './compile-helpers.js';

describe('compile $filter: lambdas, navigation paths and $count', () => {
  it.each<[string, string, string, unknown[]]>([
    ['Products', "tags/any(t: t eq 'a')", `exists (select 1 from unnest("t0"."tags") as "t1"("v") where true and "t1"."v" = $1::text)`, ['a']],
    ['Products', "tags/all(t: startswith(t,'a'))", `not exists (select 1 from unnest("t0"."tags") as "t1"("v") where true and ("t1"."v" like $1) is not true)`, ['a%']],
    ['Products', 'tags/any()', 'exists (select 1 from unnest("t0"."tags") as "t1"("v") where true)', []],
    [
      'Categories',
      'products/any(p: p/price gt 10)',
      'exists (select 1 from "public"."products" as "t1" where "t1"."category_id" = "t0"."id" and "t1"."price" > $1::numeric)',
      ['10'],
    ],
    [
      'Categories',
      "products/any(p: p/tags/any(t: t eq name))",
      'exists (select 1 from "public"."products" as "t1" where "t1"."category_id" = "t0"."id" and exists (select 1 from unnest("t1"."tags") as "t2"("v") where true and "t2"."v" = "t0"."name"))',
      [],
    ],
    [
      'Categories',
      "products/all(p: p/category/name eq $it/name)",
      'not exists (select 1 from "public"."products" as "t1" where "t1"."category_id" = "t0"."id" and ((select "t2_1"."name" from "public"."categories" as "t2_1" where "t2_1"."id" = "t1"."category_id") = "t0"."name") is not true)',
      [],
    ],
    [
      'Products',
      "category/name eq 'Garden'",
      '(select "t1_1"."name" from "public"."categories" as "t1_1" where "t1_1"."id" = "t0"."category_id") = $1::text',
      ['Garden'],
    ],
    ['Products', 'supplier/name eq null', '(select "t1_1"."name" from "public"."suppliers" as "t1_1" where "t1_1"."id" = "t0"."supplier_id") is null', []],
    ['Categories', 'products/$count gt 2', '(select count(*) from "public"."products" as "t1" where "t1"."category_id" = "t0"."id") > $1::int8', ['2']],
    ['Products', 'tags/$count eq 0', 'coalesce(cardinality("t0"."tags"), 0)::int8 = $1::int8', ['0']],
  ])('%s: %s', (set, filter, sql, values) => {
    const compiled = compileFilterText(filter, set);
    expect(normalize(compiled.text)).toBe(sql);
    expect(compiled.values).toEqual(values);
  });
});
