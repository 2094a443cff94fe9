import { assertNever } from '../errors/assert-never.js';
import type { TableRef } from '../plan/query-plan.js';
import type { ColumnCast, ColumnSource, ColumnWrite, EtagCheck, Returning, WriteStatement } from '../plan/write-plan.js';
import { compileCondition } from './compile-expression.js';
import { etagSql, etagValueSql } from './compile-etag.js';
import { newParams, param, qualifiedName, quoteIdent, type Params } from './sql-fragments.js';
import type { SqlStatement } from './sql-statement.js';

/** The names of the answer's extra columns: not OData identifiers, so never a returned column's name. */
export const ETAG_COLUMN = '@etag';
export const CREATED_COLUMN = '@created';

function target(table: TableRef): string {
  return `${qualifiedName(table.schema, table.name)} as ${quoteIdent(table.alias)}`;
}

function castName(cast: ColumnCast): string {
  return `${qualifiedName(cast.schema, cast.name)}${cast.isArray ? '[]' : ''}`;
}

/**
 * A written value: a parameter cast to the column's type. A `timestamp without time zone` column
 * holds UTC: the value (which carries its offset) is read as `timestamptz` first, then converted
 * in the session's UTC time zone.
 */
function castValue(placeholder: string, cast: ColumnCast): string {
  if (cast.schema === 'pg_catalog' && cast.name === 'timestamp') {
    const array = cast.isArray ? '[]' : '';
    return `${placeholder}::pg_catalog.timestamptz${array}::pg_catalog.timestamp${array}`;
  }
  return `${placeholder}::${castName(cast)}`;
}

function sourceSql(write: ColumnWrite, alias: string, params: Params): string {
  const source: ColumnSource = write.source;
  switch (source.kind) {
    case 'value':
      return source.value.kind === 'null' ? `null::${castName(source.cast)}` : castValue(param(params, source.value.value), source.cast);
    case 'default':
      return 'default';
    case 'keep':
      return `${quoteIdent(alias)}.${quoteIdent(write.column)}`;
    case 'advance':
      return source.how === 'increment' ? `${quoteIdent(alias)}.${quoteIdent(write.column)} + 1` : 'clock_timestamp()';
    default:
      return assertNever(source);
  }
}

function returningSql(returning: Returning, alias: string): string {
  const columns = returning.columns.map((column) => `${quoteIdent(alias)}.${quoteIdent(column)}::text as ${quoteIdent(column)}`);
  if (returning.etag !== null) columns.push(`${etagSql(returning.etag, alias)} as ${quoteIdent(ETAG_COLUMN)}`);
  return columns.length === 0 ? ' returning 1 as one' : ` returning ${columns.join(', ')}`;
}

function etagCondition(checks: readonly EtagCheck[], alias: string, params: Params): string {
  return checks
    .map((check) => {
      const matches = `${etagValueSql(check.source, alias)} = any(${param(params, [...check.values])}::text[])`;
      return check.negate ? ` and not (${matches})` : ` and ${matches}`;
    })
    .join('');
}

function assignments(writes: readonly ColumnWrite[], alias: string, params: Params): string {
  return writes.map((write) => `${quoteIdent(write.column)} = ${sourceSql(write, alias, params)}`).join(', ');
}

function insertValues(writes: readonly ColumnWrite[], alias: string, params: Params): string {
  if (writes.length === 0) return ' default values';
  const columns = writes.map((write) => quoteIdent(write.column)).join(', ');
  return ` (${columns}) values (${writes.map((write) => sourceSql(write, alias, params)).join(', ')})`;
}

/**
 * One write as one statement: every value a parameter cast to its column's type, the touched rows
 * answered with the returned columns as text and the ETag. An upsert updates the addressed row
 * and, only when there is none, inserts it with `on conflict` on the addressed key, so concurrent
 * upserts of one key make one row. (A plain `insert … on conflict` would check the new row's NOT
 * NULL constraints before seeing the conflict: a partial update of an existing row would fail.)
 * With nothing to update it still takes the row (a key column keeps its value), so that the row is
 * locked and returned.
 */
export function compileWrite(statement: WriteStatement): SqlStatement {
  const params = newParams();
  const { table } = statement;
  const alias = table.alias;
  switch (statement.kind) {
    case 'insert':
      return { text: `insert into ${target(table)}${insertValues(statement.values, alias, params)}${returningSql(statement.returning, alias)}`, values: params.values };
    case 'upsert': {
      const keep: ColumnWrite[] = [{ column: statement.conflict[0] as string, source: { kind: 'keep' } }];
      const changes = statement.update.length === 0 ? keep : statement.update;
      const returned = (created: string): string => `${returningSql(statement.returning, alias)}, ${created} as ${quoteIdent(CREATED_COLUMN)}`;
      const update = `update ${target(table)} set ${assignments(changes, alias, params)} where ${compileCondition(statement.where, params)}${returned('false')}`;
      const inserted = statement.values.filter((write) => write.source.kind !== 'default');
      const columns = inserted.map((write) => quoteIdent(write.column)).join(', ');
      const values = inserted.map((write) => sourceSql(write, alias, params)).join(', ');
      const conflict = statement.conflict.map(quoteIdent).join(', ');
      // A row the statement inserted has no deleting or locking transaction yet: its xmax is 0.
      const insert =
        `insert into ${target(table)} (${columns}) select ${values} where not exists (select from u) ` +
        `on conflict (${conflict}) do update set ${assignments(changes, alias, params)}${returned(`(${quoteIdent(alias)}.xmax = 0)`)}`;
      return { text: `with u as (${update}), i as (${insert}) select * from u union all select * from i`, values: params.values };
    }
    case 'update': {
      const set = assignments(statement.set, alias, params);
      const where = [...(statement.where === null ? [] : [compileCondition(statement.where, params)]), ...statement.equal.map((write) => `${quoteIdent(alias)}.${quoteIdent(write.column)} = ${sourceSql(write, alias, params)}`)].join(' and ');
      const text = `update ${target(table)} set ${set} where ${where}${etagCondition(statement.etag, alias, params)}${returningSql(statement.returning, alias)}`;
      return { text, values: params.values };
    }
    case 'delete': {
      const where = compileCondition(statement.where, params);
      return { text: `delete from ${target(table)} where ${where}${etagCondition(statement.etag, alias, params)}${returningSql(statement.returning, alias)}`, values: params.values };
    }
    case 'lookup': {
      const where = compileCondition(statement.where, params);
      const columns = returningSql(statement.returning, alias).slice(' returning '.length);
      return { text: `select ${columns} from ${target(table)} where ${where}${etagCondition(statement.etag, alias, params)} limit 2`, values: params.values };
    }
    default:
      return assertNever(statement);
  }
}
