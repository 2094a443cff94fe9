import { describe, expect, it } from 'vitest';
import { compileFilterText, normalize } from './compile-helpers.js';

const GUID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

describe('compile $filter: comparisons and null semantics', () => {
  it.each<[string, string, unknown[]]>([
    ['price gt 10', '"t0"."price" > $1::numeric', ['10']],
    ['price gt 10.5', '"t0"."price" > $1::numeric', ['10.5']],
    ['price le 12345678901234567890.123456789', '"t0"."price" <= $1::numeric', ['12345678901234567890.123456789']],
    ['quantity eq 5', '"t0"."quantity" = $1::int4', ['5']],
    ['quantity eq 5000000000', '"t0"."quantity" = $1::int8', ['5000000000']],
    ['quantity gt 1.5', '"t0"."quantity" > $1::numeric', ['1.5']],
    ['weight_kg lt 2', `("t0"."weight_kg" < $1::float8 and $1::float8 <> 'NaN'::float8)`, ['2']],
    ['weight_kg lt 1e3', `("t0"."weight_kg" < $1::float8 and $1::float8 <> 'NaN'::float8)`, ['1e3']],
    ['weight_kg gt 1', `("t0"."weight_kg" > $1::float8 and "t0"."weight_kg" <> 'NaN'::float8)`, ['1']],
    ['NaN eq weight_kg', `($1::float8 = "t0"."weight_kg" and $1::float8 is distinct from 'NaN'::float8)`, ['NaN']],
    ['weight_kg ne 1', `("t0"."weight_kg" is distinct from $1::float8 or "t0"."weight_kg" is not distinct from 'NaN'::float8)`, ['1']],
    ['cost ge 1', '"t0"."cost" >= $1::numeric', ['1']],
    ['cost ge null', '"t0"."cost" is null', []],
    ['cost le cost', '("t0"."cost" <= "t0"."cost" or ("t0"."cost" is null and "t0"."cost" is null))', []],
    ['discontinued gt false', '"t0"."discontinued" > $1::bool', [false]],
    ['stock ge 9007199254740993', '"t0"."stock" >= $1::int8', ['9007199254740993']],
    ['description eq null', '"t0"."description" is null', []],
    ['description ne null', '"t0"."description" is not null', []],
    ['null eq description', '"t0"."description" is null', []],
    ["description eq 'x'", '"t0"."description" = $1::text', ['x']],
    ["description ne 'x'", '"t0"."description" is distinct from $1::text', ['x']],
    ["name ne 'x'", '"t0"."name" <> $1::text', ['x']],
    ["'x' eq name", '$1::text = "t0"."name"', ['x']],
    ['cost eq weight_kg', `("t0"."cost" is not distinct from "t0"."weight_kg" and "t0"."cost" is distinct from 'NaN'::float8)`, []],
    ['price eq cost', '"t0"."price" = "t0"."cost"', []],
    ['price gt null', 'false', []],
    ['discontinued eq true', '"t0"."discontinued" = $1::bool', [true]],
    ['discontinued', '"t0"."discontinued"', []],
    [`id eq ${GUID}`, '"t0"."id" = $1::uuid', [GUID]],
    ['release_date ge 2024-01-01', '"t0"."release_date" >= $1::date', ['2024-01-01']],
    ['created gt 2024-01-01T10:00:00+02:00', '"t0"."created" > $1::timestamptz', ['2024-01-01T10:00:00+02:00']],
    ['created gt 2024-01-01', '"t0"."created" > $1::timestamptz', ['2024-01-01T00:00:00Z']],
    ["mood eq 'happy'", '"t0"."mood" = $1::"public"."mood"', ['happy']],
    ["mood eq Demo.Mood'sad'", '"t0"."mood" = $1::"public"."mood"', ['sad']],
    ["mood has Demo.Mood'sad'", '"t0"."mood" = $1::"public"."mood"', ['sad']],
  ])('%s', (filter, sql, values) => {
    const compiled = compileFilterText(filter);
    expect(normalize(compiled.text)).toBe(sql);
    expect(compiled.values).toEqual(values);
  });
});

describe('compile $filter: logic', () => {
  it.each<[string, string, unknown[]]>([
    ['not (price gt 10)', 'not ("t0"."price" > $1::numeric)', ['10']],
    ['not (cost gt 10)', 'not (coalesce("t0"."cost" > $1::numeric, false))', ['10']],
    ["not (description eq 'x')", 'not (coalesce("t0"."description" = $1::text, false))', ['x']],
    ["not contains(description,'x')", 'not ("t0"."description" like $1)', ['%x%']],
    ["contains(description,'x') eq false", '("t0"."description" like $1) = $2::bool', ['%x%', false]],
    ["contains(description,'x') eq null", '("t0"."description" like $1) is null', ['%x%']],
    ['not discontinued', 'not ("t0"."discontinued")', []],
    ["not (quantity in (1,2))", 'not (("t0"."quantity" = any($1::int4[])))', [['1', '2']]],
    [
      'price gt 1 and quantity lt 2 or discontinued',
      '(("t0"."price" > $1::numeric and "t0"."quantity" < $2::int4) or "t0"."discontinued")',
      ['1', '2'],
    ],
    ['price gt 1 and (quantity lt 2 or discontinued)', '("t0"."price" > $1::numeric and ("t0"."quantity" < $2::int4 or "t0"."discontinued"))', ['1', '2']],
    ['quantity lt 1 or quantity eq 2 or quantity eq 3', '("t0"."quantity" < $1::int4 or "t0"."quantity" = $2::int4 or "t0"."quantity" = $3::int4)', ['1', '2', '3']],
    ['quantity eq 1 or quantity eq 2 or quantity eq 3', '("t0"."quantity" = any($1::int4[]))', [['1', '2', '3']]],
    ['quantity in (1,2,3)', '("t0"."quantity" = any($1::int4[]))', [['1', '2', '3']]],
    ["supplier_id in ('A', null)", '("t0"."supplier_id" = any($1::text[]) or "t0"."supplier_id" is null)', [['A']]],
    ['quantity in (1, 2.5)', '("t0"."quantity" = any($1::numeric[]))', [['1', '2.5']]],
  ])('%s', (filter, sql, values) => {
    const compiled = compileFilterText(filter);
    expect(normalize(compiled.text)).toBe(sql);
    expect(compiled.values).toEqual(values);
  });
});

describe('compile $filter: arithmetic', () => {
  it.each<[string, string, unknown[]]>([
    ['price add 1 gt 2', '("t0"."price" + $1::numeric) > $2::numeric', ['1', '2']],
    ['price sub cost lt 0', '("t0"."price" - "t0"."cost") < $1::numeric', ['0']],
    ['quantity mul 2 eq 10', '("t0"."quantity" * $1::int4) = $2::int4', ['2', '10']],
    ['quantity div 2 eq 1', '("t0"."quantity" / $1::int4) = $2::int4', ['2', '1']],
    ['quantity divby 2 gt 1', '(("t0"."quantity")::numeric / $1::int4) > $2::numeric', ['2', '1']],
    ['quantity mod 2 eq 1', 'mod("t0"."quantity", $1::int4) = $2::int4', ['2', '1']],
    [
      'weight_kg mod 2 eq 1',
      `(mod((("t0"."weight_kg")::float8::text)::numeric, (($1::float8)::float8::text)::numeric)::float8 = $2::float8 and mod((("t0"."weight_kg")::float8::text)::numeric, (($1::float8)::float8::text)::numeric)::float8 is distinct from 'NaN'::float8)`,
      ['2', '1'],
    ],
    [
      'weight_kg div 0 lt 1',
      `((case when $1::float8 <> 0 then "t0"."weight_kg" / $1::float8 when $1::float8 is null or "t0"."weight_kg" is null then null when "t0"."weight_kg" = 'NaN'::float8 or "t0"."weight_kg" = 0 then 'NaN'::float8 when "t0"."weight_kg" > 0 then 'Infinity'::float8 else '-Infinity'::float8 end) < $2::float8 and $2::float8 <> 'NaN'::float8)`,
      ['0', '1'],
    ],
    ['-quantity lt 0', '(-"t0"."quantity") < $1::int4', ['0']],
    ["created add duration'P1D' gt now()", '("t0"."created" + $1::interval) > now()', ['P1D']],
  ])('%s', (filter, sql, values) => {
    const compiled = compileFilterText(filter);
    expect(normalize(compiled.text)).toBe(sql);
    expect(compiled.values).toEqual(values);
  });
});

describe('compile $filter: long chains', () => {
  it('binds and compiles a 2,000-term or chain flat, values in order', () => {
    const filter = Array.from({ length: 2000 }, (_, index) => `quantity ge ${index}`).join(' or ');
    const compiled = compileFilterText(filter);
    expect(compiled.values).toHaveLength(2000);
    expect(compiled.values[1999]).toBe('1999');
    expect(compiled.text.startsWith('("t0"."quantity" >= $1::int4 or ')).toBe(true);
  });
});

describe('compile $filter: parameters', () => {
  it.each<[string, unknown[]]>([
    ['substring(name,1) gt null', []],
    ['null lt length(name)', []],
    ["concat(name,'x') eq null", ['x']],
    ["null ne concat(name,'x')", ['x']],
  ])('%s binds only what its text uses', (filter, values) => {
    expect(compileFilterText(filter).values).toEqual(values);
  });
});
