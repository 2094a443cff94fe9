/** What `introspect.ts` reads from the Postgres catalog: plain data, input of `build-model.ts`. */

export interface CatalogColumn {
  readonly name: string;
  /** Schema and name of the column's type after resolving domains and array element types. */
  readonly typeSchema: string;
  readonly typeName: string;
  /** `e` enum, `b` base, `c` composite, `r` range, … (pg_type.typtype of the element type). */
  readonly typeKind: string;
  readonly isArray: boolean;
  /** `format_type(atttypid, atttypmod)`, e.g. `numeric(12,2)`, `character varying(80)[]`. */
  readonly formatted: string;
  /** The type modifier (`atttypmod`): holds length, precision and scale. */
  readonly typmod: number;
  readonly notNull: boolean;
  readonly hasDefault: boolean;
  /** Identity `always`, identity `by default`, generated stored column, or none. */
  readonly generation: 'identityAlways' | 'identityByDefault' | 'stored' | null;
}

export interface CatalogForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly targetSchema: string;
  readonly targetTable: string;
  readonly targetColumns: readonly string[];
}

/** A primary key, unique, foreign key or check constraint: its name and the columns it names (none for a check on no column). */
export interface CatalogConstraint {
  readonly name: string;
  readonly kind: 'primaryKey' | 'unique' | 'foreignKey' | 'check';
  readonly columns: readonly string[];
}

export interface CatalogRelation {
  readonly schema: string;
  readonly name: string;
  readonly kind: 'table' | 'view';
  readonly columns: readonly CatalogColumn[];
  readonly primaryKey: readonly string[] | null;
  readonly uniqueKeys: readonly (readonly string[])[];
  readonly foreignKeys: readonly CatalogForeignKey[];
  readonly constraints: readonly CatalogConstraint[];
  /** The table has the change-log trigger (`TRACKING_TRIGGER`), enabled: its changes are recorded. */
  readonly tracked: boolean;
}

export interface CatalogEnum {
  readonly schema: string;
  readonly name: string;
  readonly labels: readonly string[];
}

export interface Catalog {
  readonly relations: readonly CatalogRelation[];
  readonly enums: readonly CatalogEnum[];
}
