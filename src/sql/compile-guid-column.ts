import { createHash } from 'node:crypto';
import { SURROGATE_NAMESPACE } from '../model/uuid-v5.js';
import { qualifiedName, quoteIdent, quoteLiteral } from './sql-fragments.js';
import { sqlScript } from './sql-script.js';
import type { SqlStatement } from './sql-statement.js';

/** The service's own schema: the functions that compute surrogate Guids, the change log and its trigger functions. */
export const GUID_SCHEMA = 'odata_facade';

/** The table that gets a surrogate Guid column: its key columns in order, and the column to add. */
export interface GuidColumnTarget {
  readonly schema: string;
  readonly table: string;
  readonly keyColumns: readonly string[];
  readonly column: string;
}

/** The steps of adding a surrogate Guid column, in order: the backfill runs between `before` and `after`, batch by batch. */
export interface GuidColumnMigration {
  /** The column (no default, so adding it rewrites nothing), the functions and the trigger that fills it from now on. */
  readonly before: readonly string[];
  /** Fills up to `batchSize` rows that have no Guid yet; answers how many (`filled`). */
  readonly backfill: SqlStatement;
  /** The whole backfill as one statement, for the script (`migrationScript`). */
  readonly backfillAll: string;
  /** The default (a placeholder the trigger replaces, so inserts need not send it), NOT NULL and the unique index. */
  readonly after: readonly string[];
}

const NAMESPACE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A short, stable suffix naming a table's objects within Postgres's 63-byte identifiers. */
export function tableTag(target: { readonly schema: string; readonly table: string }): string {
  return createHash('sha256').update(`${target.schema}.${target.table}`).digest('hex').slice(0, 12);
}

/** `schema.table:` then each key value's text with its length (model/uuid-v5.ts `surrogateName`), from a row alias. */
function nameExpression(prefix: string, row: string, keyColumns: readonly string[]): string {
  const parts = keyColumns.map((column) => `char_length(${row}.${quoteIdent(column)}::text) || ':' || ${row}.${quoteIdent(column)}::text`);
  return `${prefix} || concat_ws(',', ${parts.join(', ')})`;
}

/**
 * SHA-1 (FIPS 180-4) in PL/pgSQL on 32-bit words held in int8, so UUIDv5 needs no extension:
 * Postgres has no built-in sha1(), and pgcrypto may not be installable on a database we do not own.
 */
const SHA1_BODY = `declare
  mask constant int8 := 4294967295;
  h int8[] := array[1732584193, 4023233417, 2562383102, 271733878, 3285377520]::int8[];
  len int8 := octet_length(data);
  m bytea := data || '\\x80'::bytea || decode(repeat('00', (((55 - len) % 64) + 64)::int % 64), 'hex') || int8send(len * 8);
  w int8[];
  a int8; b int8; c int8; d int8; e int8; f int8; k int8; t int8;
  base int;
begin
  for block in 0 .. octet_length(m) / 64 - 1 loop
    base := block * 64;
    w := array_fill(0::int8, array[80]);
    for i in 0 .. 15 loop
      w[i + 1] := (get_byte(m, base + i * 4)::int8 << 24) | (get_byte(m, base + i * 4 + 1)::int8 << 16)
        | (get_byte(m, base + i * 4 + 2)::int8 << 8) | get_byte(m, base + i * 4 + 3)::int8;
    end loop;
    for i in 16 .. 79 loop
      t := w[i - 2] # w[i - 7] # w[i - 13] # w[i - 15];
      w[i + 1] := ((t << 1) | (t >> 31)) & mask;
    end loop;
    a := h[1]; b := h[2]; c := h[3]; d := h[4]; e := h[5];
    for i in 0 .. 79 loop
      if i < 20 then f := (b & c) | (~b & d); k := 1518500249;
      elsif i < 40 then f := b # c # d; k := 1859775393;
      elsif i < 60 then f := (b & c) | (b & d) | (c & d); k := 2400959708;
      else f := b # c # d; k := 3395469782;
      end if;
      t := ((((a << 5) | (a >> 27)) & mask) + f + e + k + w[i + 1]) & mask;
      e := d; d := c; c := ((b << 30) | (b >> 2)) & mask; b := a; a := t;
    end loop;
    h[1] := (h[1] + a) & mask; h[2] := (h[2] + b) & mask; h[3] := (h[3] + c) & mask;
    h[4] := (h[4] + d) & mask; h[5] := (h[5] + e) & mask;
  end loop;
  return substring(int8send(h[1]) from 5) || substring(int8send(h[2]) from 5) || substring(int8send(h[3]) from 5)
    || substring(int8send(h[4]) from 5) || substring(int8send(h[5]) from 5);
end`;

/**
 * The DDL and the backfill that give a table with a text or composite key its surrogate Guid
 * column: UUIDv5 of the row's key, the same in every database. A trigger keeps it for rows inserted or re-keyed later, by the service or by
 * anyone else. The backfill's values are parameters; DDL takes none: identifiers are quoted, and the only constant written into
 * the text is the service's namespace UUID.
 */
export function compileGuidColumn(target: GuidColumnTarget, batchSize: number): GuidColumnMigration {
  if (!NAMESPACE.test(SURROGATE_NAMESPACE)) throw new Error('The surrogate namespace must be a UUID');
  const table = qualifiedName(target.schema, target.table);
  const column = quoteIdent(target.column);
  const uuidV5 = qualifiedName(GUID_SCHEMA, 'uuid_v5');
  const sha1 = qualifiedName(GUID_SCHEMA, 'sha1');
  const fill = qualifiedName(GUID_SCHEMA, `fill_guid_${tableTag(target)}`);
  const namespace = `'${SURROGATE_NAMESPACE}'::uuid`;
  const tableName = `tg_table_schema || '.' || tg_table_name || ':'`;
  const keyList = target.keyColumns.map(quoteIdent).join(', ');
  return {
    before: [
      `create schema if not exists ${quoteIdent(GUID_SCHEMA)}`,
      `create or replace function ${sha1}(data bytea) returns bytea language plpgsql immutable strict parallel safe as $$
${SHA1_BODY}
$$`,
      `create or replace function ${uuidV5}(namespace uuid, name text) returns uuid language sql immutable strict parallel safe as $$
  select (substr(h, 1, 12) || '5' || substr(h, 14, 3) || to_hex((get_byte(d, 8) & 63) | 128) || substr(h, 19, 14))::uuid
  from (select d, encode(d, 'hex') as h from (select ${sha1}(uuid_send(namespace) || convert_to(name, 'UTF8')) as d) as s) as t
$$`,
      `alter table ${table} add column if not exists ${column} uuid`,
      `create or replace function ${fill}() returns trigger language plpgsql as $$
begin
  new.${column} := ${uuidV5}(${namespace}, ${nameExpression(tableName, 'new', target.keyColumns)});
  return new;
end
$$`,
      `drop trigger if exists ${quoteIdent('odata_guid_fill')} on ${table}`,
      `create trigger ${quoteIdent('odata_guid_fill')} before insert or update of ${keyList} on ${table} for each row execute function ${fill}()`,
    ],
    backfill: {
      text:
        `with batch as (select ctid from ${table} where ${column} is null limit $2::int8), ` +
        `filled as (update ${table} as t set ${column} = ${uuidV5}(${namespace}, ${nameExpression('$1::text', 't', target.keyColumns)}) ` +
        `from batch where t.ctid = batch.ctid returning 1) select count(*)::int8 as filled from filled`,
      values: [`${target.schema}.${target.table}:`, batchSize],
    },
    backfillAll: `update ${table} as t set ${column} = ${uuidV5}(${namespace}, ${nameExpression(quoteLiteral(`${target.schema}.${target.table}:`), 't', target.keyColumns)}) where ${column} is null`,
    after: [
      `alter table ${table} alter column ${column} set default '00000000-0000-0000-0000-000000000000'::uuid`,
      `comment on column ${table}.${column} is 'The row''s Guid for Dataverse: UUIDv5 of its key, set by the trigger odata_guid_fill (the default is a placeholder it replaces)'`,
      `alter table ${table} alter column ${column} set not null`,
      `create unique index if not exists ${quoteIdent(`odata_guid_${tableTag(target)}`)} on ${table} (${column})`,
    ],
  };
}

/** The migration as a script to keep and to apply by hand: the statements in order, the backfill as one. */
export function migrationScript(migration: GuidColumnMigration, heading: readonly string[]): string {
  return sqlScript([...migration.before, migration.backfillAll, ...migration.after], heading);
}
