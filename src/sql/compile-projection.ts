import { assertNever } from '../errors/assert-never.js';
import type { ExpandQuery, KeyPart, Projection, ValueEncoding } from '../plan/query-plan.js';
import { etagSql } from './compile-etag.js';
import { compileColumn, compileCondition, compileValue } from './compile-expression.js';
import { orderClause } from './compile-order.js';
import { param, qualifiedName, quoteIdent, urlEncodeSql, type Params } from './sql-fragments.js';

export function encodeValue(sql: string, encoding: ValueEncoding): string {
  switch (encoding) {
    case 'json':
      return sql;
    case 'text':
      return `${sql}::text`;
    case 'base64url':
      return `translate(encode(${sql}, 'base64'), E'+/\\n', '-_')`;
    case 'double':
      return (
        `case when ${sql} = 'Infinity'::float8 then to_json('INF'::text) ` +
        `when ${sql} = '-Infinity'::float8 then to_json('-INF'::text) else to_json(${sql}) end`
      );
    default:
      return assertNever(encoding);
  }
}

/** Key types whose text is only digits, hex digits and `-`: nothing in it needs percent-encoding. */
const URL_SAFE_KEY_TYPES = new Set(['Edm.Guid', 'Edm.Int16', 'Edm.Int32', 'Edm.Int64', 'Edm.Byte', 'Edm.SByte']);

function keyText(part: KeyPart): string {
  const text = `(to_json(${compileColumn(part.column)}) #>> '{}')`;
  if (part.quoted) return urlEncodeSql(`'''' || replace(${text}, '''', '''''') || ''''`);
  return part.column.type.kind === 'primitive' && URL_SAFE_KEY_TYPES.has(part.column.type.name) ? text : urlEncodeSql(text);
}

function entityUrl(projection: Projection & { kind: 'entityUrl' }, params: Params): string {
  const key =
    projection.key.length === 1
      ? keyText(projection.key[0] as KeyPart)
      : projection.key.map((part) => `${param(params, `${part.name}=`)} || ${keyText(part)}`).join(` || ',' || `);
  return `(${param(params, `${projection.entitySet}(`)} || ${key} || ${param(params, `)${projection.suffix}`)})`;
}

function expandFrom(expand: ExpandQuery, params: Params): string {
  const join = expand.join
    .map((pair) => `${quoteIdent(expand.from.alias)}.${quoteIdent(pair.innerColumn)} = ${quoteIdent(expand.outerAlias)}.${quoteIdent(pair.outerColumn)}`)
    .join(' and ');
  const filter = expand.where === null ? '' : ` and ${compileCondition(expand.where, params)}`;
  return `from ${qualifiedName(expand.from.schema, expand.from.name)} as ${quoteIdent(expand.from.alias)} where ${join}${filter}`;
}

/**
 * An expanded navigation property as a correlated subquery: an object (or null) for a single
 * entity, an ordered, paged JSON array for a collection. Postgres builds the JSON.
 */
function compileExpand(expand: ExpandQuery, params: Params): string {
  const columns = expand.select.map((projection) => compileProjection(projection, params)).join(', ');
  const source = expandFrom(expand, params);
  if (!expand.collection) return `(select row_to_json(e) from (select ${columns} ${source} limit 1) as e)`;
  const order = orderClause(expand.orderBy, params);
  const limit = expand.top === null ? '' : ` limit ${param(params, String(expand.top))}::int8`;
  const offset = expand.skip === 0 ? '' : ` offset ${param(params, String(expand.skip))}::int8`;
  return `(select coalesce(json_agg(e), '[]'::json) from (select ${columns} ${source}${order}${limit}${offset}) as e)`;
}

/** `expr as "name"`: one member of the entity object. */
export function compileProjection(projection: Projection, params: Params): string {
  switch (projection.kind) {
    case 'property':
      return `${encodeValue(compileColumn(projection.column), projection.encoding)} as ${quoteIdent(projection.name)}`;
    case 'computed':
      return `${encodeValue(compileValue(projection.expr, params), projection.encoding)} as ${quoteIdent(projection.name)}`;
    case 'expand':
      return `${compileExpand(projection.expand, params)} as ${quoteIdent(projection.name)}`;
    case 'expandCount':
      return `(select count(*) ${expandFrom(projection.expand, params)}) as ${quoteIdent(projection.name)}`;
    case 'etag':
      return `${etagSql(projection.source, projection.alias)} as ${quoteIdent(projection.name)}`;
    case 'constant':
      return `${param(params, projection.value)}::text as ${quoteIdent(projection.name)}`;
    case 'entityUrl':
      return `${entityUrl(projection, params)} as ${quoteIdent(projection.name)}`;
    default:
      return assertNever(projection);
  }
}
