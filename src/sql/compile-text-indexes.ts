import { createHash } from 'node:crypto';
import type { EdmEntitySet, EdmProperty } from '../model/edm-model.js';
import { qualifiedName, quoteIdent } from './sql-fragments.js';

/** Postgres keeps the first 63 bytes of an identifier (NAMEDATALEN - 1). */
const MAX_NAME_BYTES = 63;
const HASH_HEX_DIGITS = 8;

/** What a case-insensitive comparison of a text column needs an index for. */
export type TextIndexKind = 'pattern' | 'trigram';

const NAME_PREFIXES: Readonly<Record<TextIndexKind, string>> = { pattern: 'odf_ci', trigram: 'odf_tg' };

export interface TextIndex {
  readonly entitySet: string;
  readonly property: string;
  readonly kind: TextIndexKind;
  readonly name: string;
  /** `create index concurrently if not exists …`: outside a transaction, and again without harm. */
  readonly sql: string;
}

/** The enabling statement a trigram index needs first. */
export const TRIGRAM_EXTENSION_SQL = 'create extension if not exists pg_trgm';

/** The longest prefix of `text` of at most `bytes` UTF-8 bytes that cuts no character. */
function prefixOfBytes(text: string, bytes: number): string {
  let prefix = '';
  for (const character of text) {
    if (Buffer.byteLength(prefix + character) > bytes) break;
    prefix += character;
  }
  return prefix;
}

/**
 * `<prefix>_<table>_<column>`; one longer than Postgres keeps, or `hashed`, is cut and ends with 8
 * hex digits of the SHA-256 of the table and column, so two long names that share their start
 * stay apart, and the same column always gets the same name.
 */
export function textIndexName(kind: TextIndexKind, table: string, column: string, hashed = false): string {
  const full = `${NAME_PREFIXES[kind]}_${table}_${column}`;
  if (!hashed && Buffer.byteLength(full) <= MAX_NAME_BYTES) return full;
  const hash = createHash('sha256').update(`${table}\0${column}`).digest('hex').slice(0, HASH_HEX_DIGITS);
  return `${prefixOfBytes(full, MAX_NAME_BYTES - HASH_HEX_DIGITS - 1)}_${hash}`;
}

/**
 * A property `$filter` compares as `lower(column)`: a single string column read as it is. A
 * property read as the text of another type (`format('%s', …)`), a collection or one shown as
 * another type is compared through an expression no column index serves.
 */
function indexable(property: EdmProperty): boolean {
  return (
    property.type.kind === 'primitive' &&
    property.type.name === 'Edm.String' &&
    !property.collection &&
    !property.textFallback &&
    property.representation === undefined
  );
}

function indexOf(set: EdmEntitySet, property: EdmProperty, kind: TextIndexKind, name: string): TextIndex {
  const on = `${quoteIdent(name)} on ${qualifiedName(set.table.schema, set.table.name)}`;
  const column = quoteIdent(property.column);
  // text_pattern_ops: its btree serves `=` and `= any` and, whatever the database's collation, `like 'abc%'`.
  const sql =
    kind === 'pattern'
      ? `create index concurrently if not exists ${on} (lower(${column}) text_pattern_ops)`
      : `create index concurrently if not exists ${on} using gin (lower(${column}) gin_trgm_ops)`;
  return { entitySet: set.name, property: property.name, kind, name, sql };
}

/**
 * The indexes that serve case-insensitive text comparisons (`EdmModel.caseInsensitiveText`) of
 * the sets' tables (a view has none): per text column a btree on `lower(column)` for `eq`, `in`
 * and `startswith`, and with `trigram` a pg_trgm GIN on `lower(column)` for `contains` and
 * `endswith`. A column shown by two properties is indexed once; a name another column of the
 * schema already has (`a_b`.`c` and `a`.`b_c`) is made unique by the hash of its table and column.
 */
export function textIndexes(sets: readonly EdmEntitySet[], options: { readonly trigram: boolean }): TextIndex[] {
  const kinds: TextIndexKind[] = options.trigram ? ['pattern', 'trigram'] : ['pattern'];
  const columns = new Set<string>();
  const names = new Set<string>();
  const indexes: TextIndex[] = [];
  for (const set of sets) {
    if (set.table.kind !== 'table') continue;
    for (const property of set.entityType.properties.filter(indexable)) {
      const column = JSON.stringify([set.table.schema, set.table.name, property.column]);
      if (columns.has(column)) continue;
      columns.add(column);
      for (const kind of kinds) {
        const plain = textIndexName(kind, set.table.name, property.column);
        const name = names.has(JSON.stringify([set.table.schema, plain])) ? textIndexName(kind, set.table.name, property.column, true) : plain;
        names.add(JSON.stringify([set.table.schema, name]));
        indexes.push(indexOf(set, property, kind, name));
      }
    }
  }
  return indexes;
}

/** The statements to run, in order: the pg_trgm extension first when a trigram index needs it. */
export function textIndexStatements(indexes: readonly TextIndex[]): string[] {
  const statements = indexes.map((index) => index.sql);
  return indexes.some((index) => index.kind === 'trigram') ? [TRIGRAM_EXTENSION_SQL, ...statements] : statements;
}
