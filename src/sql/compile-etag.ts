import { assertNever } from '../errors/assert-never.js';
import type { EtagSource } from '../model/edm-model.js';
import { quoteIdent } from './sql-fragments.js';

/**
 * The opaque part of a row's ETag as a text expression: the row's `xmin`, or an MD5 of the version
 * column's text (any type; the digest needs no escaping inside the quotes of an ETag).
 */
export function etagValueSql(source: EtagSource, alias: string): string {
  switch (source.kind) {
    case 'xmin':
      return `${quoteIdent(alias)}.xmin::text`;
    case 'column':
      return `md5(${quoteIdent(alias)}.${quoteIdent(source.column)}::text)`;
    default:
      return assertNever(source);
  }
}

/** The weak ETag of a row as it goes into `@odata.etag` and the `ETag` header: `W/"<value>"`. */
export function etagSql(source: EtagSource, alias: string): string {
  return `'W/"' || ${etagValueSql(source, alias)} || '"'`;
}
