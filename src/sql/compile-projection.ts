import { assertNever } from '../errors/assert-never.js';
import type { KeyPart, Projection, ValueEncoding } from '../plan/query-plan.js';
import { compileColumn, compileValue } from './compile-expression.js';
import { param, quoteIdent, urlEncodeSql, type Params } from './sql-fragments.js';

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

function keyText(part: KeyPart): string {
  const text = `(to_json(${compileColumn(part.column)}) #>> '{}')`;
  return part.quoted ? urlEncodeSql(`'''' || replace(${text}, '''', '''''') || ''''`) : urlEncodeSql(text);
}

function entityUrl(projection: Projection & { kind: 'entityUrl' }, params: Params): string {
  const key =
    projection.key.length === 1
      ? keyText(projection.key[0] as KeyPart)
      : projection.key.map((part) => `${param(params, `${part.name}=`)} || ${keyText(part)}`).join(` || ',' || `);
  return `(${param(params, `${projection.entitySet}(`)} || ${key} || ${param(params, `)${projection.suffix}`)})`;
}

/** `expr as "name"`: one member of the entity object. */
export function compileProjection(projection: Projection, params: Params): string {
  switch (projection.kind) {
    case 'property':
      return `${encodeValue(compileColumn(projection.column), projection.encoding)} as ${quoteIdent(projection.name)}`;
    case 'computed':
      return `${encodeValue(compileValue(projection.expr, params), projection.encoding)} as ${quoteIdent(projection.name)}`;
    case 'constant':
      return `${param(params, projection.value)}::text as ${quoteIdent(projection.name)}`;
    case 'entityUrl':
      return `${entityUrl(projection, params)} as ${quoteIdent(projection.name)}`;
    default:
      return assertNever(projection);
  }
}
