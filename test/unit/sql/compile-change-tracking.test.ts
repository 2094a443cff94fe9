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

  it('creates the schema, the table and its indexes only where missing, and takes every privilege on the log from PUBLIC', () => {
    expect(ddl[0]).toBe('create schema if not exists "odata_facade"');
    expect(ddl[1]).toBe('grant usage on schema "odata_facade" to public');
    expect(ddl[2]).toMatch(/^create table if not exists "odata_facade"\."change_log" \(/);
    expect(ddl[2]).toContain('seq bigint generated always as identity primary key');
    expect(ddl[2]).toContain("op text not null check (op in ('I', 'U', 'D'))");
    expect(ddl[2]).toContain('txid xid8 not null default pg_current_xact_id()');
    expect(ddl[2]).toContain('at timestamptz not null default now()');
    expect(ddl).toContain('create index if not exists "change_log_txid" on "odata_facade"."change_log" (txid, schema_name, table_name, seq)');
    expect(ddl).toContain('create index if not exists "change_log_key" on "odata_facade"."change_log" (key, schema_name, table_name, seq)');
    expect(ddl).toContain('drop index if exists "odata_facade"."change_log_table_txid"');
    expect(ddl).toContain('create index if not exists "change_log_at" on "odata_facade"."change_log" (at)');
    expect(ddl).toContain('revoke all on table "odata_facade"."change_log" from public');
    expect(ddl.filter((statement) => /^grant .* on table "odata_facade"\."change_log"/.test(statement))).toEqual([]);
  });

  it('keeps since when each table is tracked and how far it was pruned, which anyone may read', () => {
    const table = ddl.find((statement) => statement.startsWith('create table if not exists "odata_facade"."tracked_table"')) ?? '';
    expect(table).toContain('since xid8 not null');
    expect(table).toContain('pruned_through xid8');
    expect(table).toContain('primary key (schema_name, table_name)');
    expect(ddl).toContain('grant select on table "odata_facade"."tracked_table" to public');
  });

  it('answers a page of a window through a function with its owner\'s rights, for a session that may read the table', () => {
    const fn = ddl.find((statement) => statement.includes('function "odata_facade"."changes_between"')) ?? '';
    expect(fn).toContain(
      'create or replace function "odata_facade"."changes_between"(p_schema text, p_table text, p_since pg_snapshot, p_until pg_snapshot, p_after_txid xid8, p_after_seq bigint, p_limit bigint)',
    );
    expect(fn).toContain('returns table (key jsonb, op text, first_op text, txid xid8, seq bigint) language plpgsql stable security definer set search_path = pg_catalog, pg_temp');
    expect(fn).toContain("if not coalesce(has_any_column_privilege(session_user, to_regclass(quote_ident(p_schema) || '.' || quote_ident(p_table)), 'SELECT'), false) then");
    expect(fn).toContain('raise exception insufficient_privilege');
    expect(fn).toContain('using p_schema, p_table, p_since, p_until, p_after_txid, p_after_seq, p_limit;');
    // The window, the position and the limit are parameters of the query it executes, never its text.
    expect(fn).toContain('l.txid >= pg_snapshot_xmin($3) and ($5 is null or (l.txid, l.seq) > ($5, $6))');
    expect(fn).toContain('not pg_visible_in_snapshot(l.txid, $3) and ($4 is null or pg_visible_in_snapshot(l.txid, $4))');
    expect(fn).toContain('and n.key = l.key and n.seq > l.seq limit 1) is null');
    expect(fn).toContain('order by l.txid, l.seq limit $7');
    expect(ddl.at(-1)).toBe('grant execute on function "odata_facade"."changes_between"(text, text, pg_snapshot, pg_snapshot, xid8, bigint, bigint) to public');
  });
});

describe('compileEnableTracking', () => {
  it('quotes an odd table and column name, naming the key column by a string constant', () => {
    const [fn, revoke, drop, create, since] = normalized(compileEnableTracking(odd));
    const name = `"odata_facade"."change_log_${tableTag(odd)}"()`;
    expect(fn).toContain(`create or replace function ${name} returns trigger language plpgsql security definer set search_path = pg_catalog, pg_temp as $$`);
    expect(fn).toContain(`jsonb_build_object('Key Column', new."Key Column")`);
    expect(fn).toContain(`jsonb_build_object('Key Column', old."Key Column")`);
    expect(revoke).toBe(`revoke all on function ${name} from public`);
    expect(drop).toBe('drop trigger if exists "odata_change_log" on "fixtures"."Odd ""Name"" table"');
    expect(create).toBe(`create trigger "odata_change_log" after insert or update or delete on "fixtures"."Odd ""Name"" table" for each row execute function ${name}`);
    expect(since).toBe(
      `insert into "odata_facade"."tracked_table" (schema_name, table_name, since) values ('fixtures', 'Odd "Name" table', pg_current_xact_id()) on conflict (schema_name, table_name) do nothing`,
    );
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
  it('drops the trigger and the function that enable created, forgets since when the table was tracked, and leaves the log alone', () => {
    const enabled = compileEnableTracking(odd);
    const [drop, dropFunction, forget = ''] = compileDisableTracking(odd);
    expect([drop, dropFunction]).toEqual([enabled[2], `drop function if exists "odata_facade"."change_log_${tableTag(odd)}"()`]);
    expect(normalized([forget])[0]).toContain(
      `if to_regclass('"odata_facade"."tracked_table"') is not null then delete from "odata_facade"."tracked_table" where schema_name = 'fixtures' and table_name = 'Odd "Name" table'; end if;`,
    );
    expect(compileDisableTracking(odd).join('\n')).not.toContain('"odata_facade"."change_log"');
  });
});

describe('statements with values', () => {
  it('prunes with the cutoff as a parameter, notes per table the newest transaction pruned, and counts what it deleted', () => {
    const statement = compilePruneChangeLog(new Date('2026-01-02T03:04:05.000Z'));
    expect(statement.text).toContain('with deleted as (delete from "odata_facade"."change_log" where at < $1::timestamptz returning schema_name, table_name, txid)');
    expect(statement.text).toContain('update "odata_facade"."tracked_table" as t set pruned_through = greatest(t.pruned_through, newest.txid) from newest');
    expect(statement.text.endsWith('select count(*)::int8 as deleted from deleted')).toBe(true);
    expect(statement.values).toEqual(['2026-01-02T03:04:05.000Z']);
  });

  it('finds tracked tables by the trigger name, a parameter', () => {
    const statement = compileTrackingStatus();
    expect(statement.values).toEqual(['odata_change_log']);
    expect(statement.text).toContain('where t.tgname = $1');
    expect(statement.text).toContain('from tracked full join logged using (schema_name, table_name)');
  });
});
