import { describe, expect, it } from 'vitest';
import { compileGuidColumn, migrationScript } from '../../../src/sql/compile-guid-column.js';

const target = { schema: 'sales', table: 'order "lines"', keyColumns: ['order_id', 'line no'], column: 'odata_guid' };

describe('compileGuidColumn', () => {
  const migration = compileGuidColumn(target, 500);

  it('quotes every identifier, and computes SHA-1 in PL/pgSQL (no extension)', () => {
    const ddl = migration.before.join('\n');
    expect(ddl).not.toMatch(/digest|pgcrypto|create extension/);
    expect(ddl).toContain('alter table "sales"."order ""lines""" add column if not exists "odata_guid" uuid');
    expect(ddl).toContain('"odata_facade"."sha1"(uuid_send(namespace) || convert_to(name, \'UTF8\'))');
    expect(ddl).toContain('before insert or update of "order_id", "line no" on "sales"."order ""lines"""');
    expect(ddl).toContain('new."line no"::text');
  });

  it('backfills a batch with the table name and batch size as parameters', () => {
    expect(migration.backfill.values).toEqual(['sales.order "lines":', 500]);
    expect(migration.backfill.text).toContain('limit $2::int8');
    expect(migration.backfill.text).toContain('"odata_facade"."uuid_v5"(\'555da4cf-abce-58af-922f-08b091cbb354\'::uuid, $1::text || concat_ws(');
    expect(migration.backfill.text).not.toContain('sales.order');
  });

  it('makes the column not null and unique only after the backfill', () => {
    expect(migration.after.join('\n')).toMatch(/set default '00000000-0000-0000-0000-000000000000'::uuid[\s\S]*set not null[\s\S]*create unique index if not exists/);
    expect(migration.before.join('\n')).not.toMatch(/not null|unique/);
  });

  it('writes a script in order, with the name as a quoted constant where no parameter can go', () => {
    const script = migrationScript(migration, ['Heading']);
    expect(script.startsWith('-- Heading\n\n')).toBe(true);
    expect(script).toContain(`'sales.order "lines":' || concat_ws(`);
    expect(script.indexOf('add column')).toBeLessThan(script.indexOf('update "sales"'));
    expect(script.indexOf('update "sales"')).toBeLessThan(script.indexOf('set not null'));
    const quoted = migrationScript(compileGuidColumn({ ...target, schema: "o'brien" }, 1), []);
    expect(quoted).toContain(`'o''brien.order "lines":'`);
  });
});
