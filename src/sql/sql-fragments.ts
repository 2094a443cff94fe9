import type { PgTypeRef } from '../plan/bound-expr.js';

/** Collects bind parameters while a statement is compiled; passed down explicitly. */
export interface Params {
  readonly values: unknown[];
}

export function newParams(): Params {
  return { values: [] };
}

/** Adds a value and returns its placeholder, `$n`. */
export function param(params: Params, value: unknown): string {
  params.values.push(value);
  return `$${params.values.length}`;
}

/** The one way an identifier reaches SQL: double-quoted, inner quotes doubled. */
export function quoteIdent(name: string): string {
  if (name.includes('\0')) throw new Error('An identifier cannot hold a NUL character');
  return name.includes('"') ? `"${name.replaceAll('"', '""')}"` : `"${name}"`;
}

/**
 * A string constant where no parameter can go (a migration script to read and apply by hand):
 * single-quoted, inner quotes doubled (standard_conforming_strings, on since Postgres 9.1).
 */
export function quoteLiteral(text: string): string {
  if (text.includes('\0')) throw new Error('A string constant cannot hold a NUL character');
  return `'${text.replaceAll("'", "''")}'`;
}

export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

export function pgTypeName(type: PgTypeRef): string {
  return type.kind === 'scalar' ? type.name : qualifiedName(type.schema, type.name);
}

/** `$n::type`: a parameter cast to the type the planner chose. */
export function typedParam(params: Params, value: unknown, type: PgTypeRef, array = false): string {
  return `${param(params, value)}::${pgTypeName(type)}${array ? '[]' : ''}`;
}

const URL_SAFE_BYTES = '(b between 48 and 57 or b between 65 and 90 or b between 97 and 122 or b in (39, 45, 46, 95, 126))';

/** Percent-encodes the UTF-8 bytes of a text expression, keeping unreserved characters and `'`. */
export function urlEncodeSql(text: string): string {
  return (
    `coalesce((select string_agg(case when ${URL_SAFE_BYTES} then chr(b) else '%' || upper(lpad(to_hex(b), 2, '0')) end, '' order by i) ` +
    `from (select i, get_byte(convert_to(${text}, 'UTF8'), i) as b from generate_series(0, octet_length(convert_to(${text}, 'UTF8')) - 1) as i) as bytes), '')`
  );
}
