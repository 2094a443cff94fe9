import { describe, expect, it } from 'vitest';
import { compileFilterText, normalize } from './compile-helpers.js';

describe('compile $filter: string functions', () => {
  it.each<[string, string, unknown[]]>([
    ["contains(name,'ab')", '"t0"."name" like $1', ['%ab%']],
    ["contains(name,'50%_off\\')", '"t0"."name" like $1', ['%50\\%\\_off\\\\%']],
    ["startswith(name,'a_')", '"t0"."name" like $1', ['a\\_%']],
    ["endswith(name,'%')", '"t0"."name" like $1', ['%\\%']],
    ['contains(name,sku)', '(strpos("t0"."name", "t0"."sku") > 0)', []],
    ['startswith(name,sku)', 'starts_with("t0"."name", "t0"."sku")', []],
    ['endswith(name,sku)', '(right("t0"."name", char_length("t0"."sku")) = "t0"."sku")', []],
    ['length(name) gt 3', 'char_length("t0"."name") > $1::int4', ['3']],
    ["indexof(name,'a') eq 0", '(strpos("t0"."name", $1::text) - 1) = $2::int4', ['a', '0']],
    ["substring(name,1) eq 'b'", 'substr("t0"."name", greatest($1::int4, 0) + 1) = $2::text', ['1', 'b']],
    ["substring(name,1,2) eq 'ab'", 'substr("t0"."name", greatest($1::int4, 0) + 1, greatest($2::int4, 0)) = $3::text', ['1', '2', 'ab']],
    ["tolower(name) eq 'a'", 'lower("t0"."name") = $1::text', ['a']],
    ["toupper(name) eq 'A'", 'upper("t0"."name") = $1::text', ['A']],
    [
      "trim(name) eq 'a'",
      `regexp_replace("t0"."name", '^[\\s\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+|[\\s\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+$', '', 'g') = $1::text`,
      ['a'],
    ],
    ["concat(name,sku) eq 'a'", '("t0"."name" || "t0"."sku") = $1::text', ['a']],
    ["concat(concat(name,', '),sku) eq 'a'", '(("t0"."name" || $1::text) || "t0"."sku") = $2::text', [', ', 'a']],
    ["CONTAINS(name,'x')", '"t0"."name" like $1', ['%x%']],
  ])('%s', (filter, sql, values) => {
    const compiled = compileFilterText(filter);
    expect(normalize(compiled.text)).toBe(sql);
    expect(compiled.values).toEqual(values);
  });
});

describe('compile $filter: date, time and math functions', () => {
  it.each<[string, string, unknown[]]>([
    ['year(release_date) eq 2024', 'extract(year from "t0"."release_date")::int4 = $1::int4', ['2024']],
    ['month(created) eq 2', 'extract(month from "t0"."created")::int4 = $1::int4', ['2']],
    ['day(created) eq 2', 'extract(day from "t0"."created")::int4 = $1::int4', ['2']],
    ['hour(created) eq 1', 'extract(hour from "t0"."created")::int4 = $1::int4', ['1']],
    ['minute(created) eq 1', 'extract(minute from "t0"."created")::int4 = $1::int4', ['1']],
    ['second(created) eq 1', 'floor(extract(second from "t0"."created"))::int4 = $1::int4', ['1']],
    ['date(created) eq 2024-01-01', '("t0"."created")::date = $1::date', ['2024-01-01']],
    ['time(created) lt 12:00:00', '("t0"."created")::time < $1::time', ['12:00:00']],
    ['created lt now()', '"t0"."created" < now()', []],
    ['round(price) eq 10', 'round("t0"."price") = $1::numeric', ['10']],
    [
      'round(weight_kg) eq 1',
      `(round((("t0"."weight_kg")::float8::text)::numeric)::float8 = $1::float8 and round((("t0"."weight_kg")::float8::text)::numeric)::float8 is distinct from 'NaN'::float8)`,
      ['1'],
    ],
    ['floor(price) eq 10', 'floor("t0"."price") = $1::numeric', ['10']],
    ['ceiling(price) eq 10', 'ceil("t0"."price") = $1::numeric', ['10']],
    ["cast(quantity,Edm.String) eq '5'", 'cast("t0"."quantity" as text) = $1::text', ['5']],
  ])('%s', (filter, sql, values) => {
    const compiled = compileFilterText(filter);
    expect(normalize(compiled.text)).toBe(sql);
    expect(compiled.values).toEqual(values);
  });
});
