import { describe, expect, it } from 'vitest';
import {
  compileChangeLog,
  compileDisableTracking,
  compileEnableTracking,
  compilePruneChangeLog,
  compileTrackingStatus,
} from '../../../src/sql/compile-change-tracking.js';
import { tableTag } from '../../../src/sql/compile-guid-column.js';

const odd = { schema: 'fixtures', table: 'Odd "Name" table', keyColumns: ['Key Column'] };
const orderLines = { schema: 'fixtures', table: 'order_lines', keyColumns: ['order_id', 'line_no'] };
const normalized = (statements: readonly string[]) => statements.map((statement) => statement.replace(/\s+/g, ' ').trim());

describe('compileChangeLog', () => {
  const ddl = normalized(compileChangeLog());

  it('creates the schema, the table and its indexes only where missing, and takes every privilege from PUBLIC', () => {
    expect(ddl[0]).toBe('create schema if not exists "odata_facade"');
    expect(ddl[1]).toMatch(/^create table if not exists "odata_facade"\."change_log" \(/);
    expect(ddl[1]).toContain('seq bigint generated always as identity primary key');
    expect(ddl[1]).toContain("op text not null check (op in ('I', 'U', 'D'))");
    expect(ddl[1]).toContain('txid xid8 not null default pg_current_xact_id()');
    expect(ddl[1]).toContain('at timestamptz not null default now()');
    expect(ddl).toContain('create index if not exists "change_log_table_txid" on "odata_facade"."change_log" (schema_name, table_name, txid)');
    expect(ddl).toContain('create index if not exists "change_log_at" on "odata_facade"."change_log" (at)');
    expect(ddl.at(-1)).toBe('revoke all on table "odata_facade"."change_log" from public');
  });
});

describe('compileEnableTracking', () => {
  it('quotes an odd table and column name, naming the key column by a string constant', () => {
    const [fn, revoke, drop, create] = normalized(compileEnableTracking(odd));
    const name = `"odata_facade"."change_log_${tableTag(odd)}"()`;
    expect(fn).toContain(`create or replace function ${name} returns trigger language plpgsql security definer set search_path = pg_catalog, pg_temp as $$`);
    expect(fn).toContain(`jsonb_build_object('Key Column', new."Key Column")`);
    expect(fn).toContain(`jsonb_build_object('Key Column', old."Key Column")`);
    expect(revoke).toBe(`revoke all on function ${name} from public`);
    expect(drop).toBe('drop trigger if exists "odata_change_log" on "fixtures"."Odd ""Name"" table"');
    expect(create).toBe(`create trigger "odata_change_log" after insert or update or delete on "fixtures"."Odd ""Name"" table" for each row execute function ${name}`);
  });

  it('records a composite key as an object of its columns, and a key change as a delete then an insert', () => {
    const [fn = ''] = normalized(compileEnableTracking(orderLines));
    const key = (row: string) => `jsonb_build_object('order_id', ${row}."order_id", 'line_no', ${row}."line_no")`;
    const append = (row: string, op: string) => `insert into "odata_facade"."change_log" (schema_name, table_name, key, op) values (tg_table_schema, tg_table_name, ${key(row)}, '${op}');`;
    expect(fn).toContain(`if tg_op = 'INSERT' then ${append('new', 'I')} elsif tg_op = 'DELETE' then ${append('old', 'D')}`);
    expect(fn).toContain(`elsif row(old."order_id", old."line_no") is distinct from row(new."order_id", new."line_no") then ${append('old', 'D')} ${append('new', 'I')} else ${append('new', 'U')} end if;`);
  });

  it('names the function within 63 bytes whatever the table name, the same on every run', () => {
    const long = { schema: 's'.repeat(63), table: 't'.repeat(63), keyColumns: ['id'] };
    const names = [compileEnableTracking(long), compileEnableTracking(long)].map((statements) => /function "odata_facade"\."([^"]+)"/.exec(statements[0] ?? '')?.[1]);
    expect(names[0]).toBe(names[1]);
    expect(Buffer.byteLength(names[0] ?? '')).toBeLessThanOrEqual(63);
    expect(names[0]).not.toBe(/function "odata_facade"\."([^"]+)"/.exec(compileEnableTracking(odd)[0] ?? '')?.[1]);
  });

  it('picks a dollar-quote tag that the body does not hold', () => {
    const [fn = ''] = compileEnableTracking({ schema: 'public', table: 't', keyColumns: ['a$$b'] });
    expect(fn).toContain('new."a$$b"');
    const tag = /as (\$[a-z0-9]*\$)\n/.exec(fn)?.[1] ?? '';
    expect(tag).not.toBe('$$');
    expect(fn.endsWith(`\n${tag}`)).toBe(true);
    expect(fn.split(tag)).toHaveLength(3);
  });

  it('refuses a table without a key', () => {
    expect(() => compileEnableTracking({ schema: 'fixtures', table: 'readings', keyColumns: [] })).toThrow(/primary key/);
  });
});

describe('compileDisableTracking', () => {
  it('drops the trigger and the function that enable created, and leaves the log alone', () => {
    const enabled = compileEnableTracking(odd);
    const disabled = compileDisableTracking(odd);
    expect(disabled).toEqual([enabled[2], `drop function if exists "odata_facade"."change_log_${tableTag(odd)}"()`]);
    expect(disabled.join('\n')).not.toContain('"odata_facade"."change_log"');
  });
});

describe('statements with values', () => {
  it('prunes with the cutoff as a parameter, counting what it deleted', () => {
    const statement = compilePruneChangeLog(new Date('2026-01-02T03:04:05.000Z'));
    expect(statement.text).toBe(
      'with deleted as (delete from "odata_facade"."change_log" where at < $1::timestamptz returning 1) select count(*)::int8 as deleted from deleted',
    );
    expect(statement.values).toEqual(['2026-01-02T03:04:05.000Z']);
  });

  it('finds tracked tables by the trigger name, a parameter', () => {
    const statement = compileTrackingStatus();
    expect(statement.values).toEqual(['odata_change_log']);
    expect(statement.text).toContain('where t.tgname = $1');
    expect(statement.text).toContain('from tracked full join logged using (schema_name, table_name)');
  });
});
