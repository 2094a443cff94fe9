import { describe, expect, it } from 'vitest';
import type { BoundExpr } from '../../../src/plan/bound-expr.js';
import type { ColumnWrite, WriteStatement } from '../../../src/plan/write-plan.js';
import { compileWrite } from '../../../src/sql/compile-write.js';

const table = { schema: 'public', name: 'products', alias: 't0' };
const text = { schema: 'pg_catalog', name: 'text', isArray: false };
const numeric = { schema: 'pg_catalog', name: 'numeric', isArray: false };
const where: BoundExpr = {
  kind: 'compare',
  op: 'eq',
  left: { kind: 'column', alias: 't0', column: 'sku', utcTimestamp: false, asText: false, representation: null, type: { kind: 'primitive', name: 'Edm.String' }, collection: false, nullable: false },
  right: { kind: 'value', value: 'A-1', pgType: { kind: 'scalar', name: 'text' }, type: { kind: 'primitive', name: 'Edm.String' }, nullable: false },
  type: { kind: 'primitive', name: 'Edm.Boolean' },
  nullable: false,
};
const value = (column: string, v: string, cast = text): ColumnWrite => ({ column, source: { kind: 'value', value: { kind: 'value', value: v }, cast } });
const returning = { columns: ['id'], etag: { kind: 'xmin' } as const };

describe('compileWrite', () => {
  it('inserts with every value a parameter cast to the column type, returning the key as text and the ETag', () => {
    const compiled = compileWrite({ kind: 'insert', table, values: [value('sku', 'A-1'), value('price', '12.50', numeric), { column: 'quantity', source: { kind: 'default' } }], returning });
    expect(compiled.text).toBe(
      'insert into "public"."products" as "t0" ("sku", "price", "quantity") values ($1::"pg_catalog"."text", $2::"pg_catalog"."numeric", default) ' +
        `returning "t0"."id"::text as "id", 'W/"' || "t0".xmin::text || '"' as "@etag"`,
    );
    expect(compiled.values).toEqual(['A-1', '12.50']);
  });

  it('inserts default values when nothing is given, and writes null as a typed null', () => {
    expect(compileWrite({ kind: 'insert', table, values: [], returning: { columns: [], etag: null } }).text).toBe('insert into "public"."products" as "t0" default values returning 1 as one');
    const nulls = compileWrite({ kind: 'insert', table, values: [{ column: 'description', source: { kind: 'value', value: { kind: 'null' }, cast: text } }], returning: { columns: [], etag: null } });
    expect(nulls.text).toContain('values (null::"pg_catalog"."text")');
    expect(nulls.values).toEqual([]);
  });

  it('reads a timestamp without time zone through timestamptz, so the offset sent is honoured', () => {
    const stamp = { schema: 'pg_catalog', name: 'timestamp', isArray: false };
    const compiled = compileWrite({ kind: 'insert', table, values: [value('taken', '2024-01-01T10:00:00+02:00', stamp)], returning: { columns: [], etag: null } });
    expect(compiled.text).toContain('$1::pg_catalog.timestamptz::pg_catalog.timestamp');
  });

  it('upserts in one statement: the addressed row is updated, and inserted on the key only when there is none', () => {
    const compiled = compileWrite({
      kind: 'upsert',
      table,
      where,
      values: [value('sku', 'A-1'), value('name', 'n'), { column: 'quantity', source: { kind: 'default' } }],
      conflict: ['sku'],
      update: [value('name', 'n')],
      returning,
    });
    expect(compiled.text).toBe(
      'with u as (update "public"."products" as "t0" set "name" = $1::"pg_catalog"."text" where "t0"."sku" = $2::text ' +
        `returning "t0"."id"::text as "id", 'W/"' || "t0".xmin::text || '"' as "@etag", false as "@created"), ` +
        'i as (insert into "public"."products" as "t0" ("sku", "name") select $3::"pg_catalog"."text", $4::"pg_catalog"."text" where not exists (select from u) ' +
        'on conflict ("sku") do update set "name" = $5::"pg_catalog"."text" ' +
        `returning "t0"."id"::text as "id", 'W/"' || "t0".xmin::text || '"' as "@etag", ("t0".xmax = 0) as "@created") ` +
        'select * from u union all select * from i',
    );
    expect(compiled.values).toEqual(['n', 'A-1', 'A-1', 'n', 'n']);
    const nothing = compileWrite({ kind: 'upsert', table, where, values: [value('sku', 'A-1')], conflict: ['sku'], update: [], returning });
    expect(nothing.text).toContain('update "public"."products" as "t0" set "sku" = "t0"."sku" where');
    expect(nothing.text).toContain('do update set "sku" = "t0"."sku" returning');
  });

  it('updates with the ETag condition of If-Match, and of If-None-Match negated', () => {
    const check = { source: { kind: 'xmin' } as const, values: ['1', '2'], negate: false };
    const update: WriteStatement = { kind: 'update', table, set: [value('name', 'n')], where, equal: [], etag: [check], returning };
    const compiled = compileWrite(update);
    expect(compiled.text).toMatch(/^update "public"."products" as "t0" set "name" = \$1::"pg_catalog"."text" where .*"t0"."sku" = \$2.* and "t0".xmin::text = any\(\$3::text\[\]\) returning/);
    expect(compiled.values).toEqual(['n', 'A-1', ['1', '2']]);
    const both = compileWrite({ ...update, etag: [check, { ...check, values: ['3'], negate: true }] });
    expect(both.text).toContain('and "t0".xmin::text = any($3::text[]) and not ("t0".xmin::text = any($4::text[]))');
    expect(both.values).toEqual(['n', 'A-1', ['1', '2'], ['3']]);
  });

  it('advances a version column: an integer by one, a timestamp to the clock', () => {
    const compiled = compileWrite({
      kind: 'update',
      table,
      set: [{ column: 'version', source: { kind: 'advance', how: 'increment' } }, { column: 'modified', source: { kind: 'advance', how: 'timestamp' } }],
      where,
      equal: [],
      etag: [{ source: { kind: 'column', column: 'version', advance: 'increment' }, values: ['abc'], negate: false }],
      returning: { columns: [], etag: { kind: 'column', column: 'version', advance: 'increment' } },
    });
    expect(compiled.text).toContain('set "version" = "t0"."version" + 1, "modified" = clock_timestamp()');
    expect(compiled.text).toContain('md5("t0"."version"::text) = any(');
  });

  it('deletes with the condition and answers the rows it removed', () => {
    const compiled = compileWrite({ kind: 'delete', table, where, etag: [], returning: { columns: [], etag: null } });
    expect(compiled.text).toBe('delete from "public"."products" as "t0" where "t0"."sku" = $1::text returning 1 as one');
  });

  it('looks up rows with the condition and the ETag conditions', () => {
    expect(compileWrite({ kind: 'lookup', table, where, etag: [], returning: { columns: ['id', 'sku'], etag: null } }).text).toBe(
      'select "t0"."id"::text as "id", "t0"."sku"::text as "sku" from "public"."products" as "t0" where "t0"."sku" = $1::text limit 2',
    );
    const checked = compileWrite({ kind: 'lookup', table, where, etag: [{ source: { kind: 'xmin' }, values: ['7'], negate: false }], returning: { columns: [], etag: null } });
    expect(checked.text).toBe('select 1 as one from "public"."products" as "t0" where "t0"."sku" = $1::text and "t0".xmin::text = any($2::text[]) limit 2');
  });

  it.each(["x'; drop table products; --", 'x" or 1=1 --', '$1 union select 1', 'Robert\u0000'])('keeps request text %j out of the SQL', (hostile) => {
    const compiled = compileWrite({ kind: 'upsert', table, where, values: [value('sku', hostile), value('name', hostile)], conflict: ['sku'], update: [value('name', hostile)], returning });
    expect(compiled.text).not.toContain(hostile);
    expect(compiled.text).not.toMatch(/drop|union select|or 1=1/);
    expect(compiled.values).toEqual([hostile, 'A-1', hostile, hostile, hostile]);
  });
});
