/**
 * The EDM model: an immutable snapshot built once from the database catalog plus the optional
 * model config. `$metadata`, the planner and the connector generator all read the same value.
 */

export type EdmPrimitiveName =
  | 'Edm.Binary'
  | 'Edm.Boolean'
  | 'Edm.Byte'
  | 'Edm.Date'
  | 'Edm.DateTimeOffset'
  | 'Edm.Decimal'
  | 'Edm.Double'
  | 'Edm.Duration'
  | 'Edm.Guid'
  | 'Edm.Int16'
  | 'Edm.Int32'
  | 'Edm.Int64'
  | 'Edm.SByte'
  | 'Edm.Single'
  | 'Edm.String'
  | 'Edm.TimeOfDay';

/** The type of a property or of a collection's elements. */
export type EdmTypeRef =
  | { readonly kind: 'primitive'; readonly name: EdmPrimitiveName }
  | { readonly kind: 'enum'; readonly name: string; readonly qualifiedName: string };

/** How a value of the column is read and written in SQL (the Postgres side of a property). */
export interface PgColumnType {
  /** Schema-qualified, quoted-ready parts of the element type, e.g. `{ schema: 'pg_catalog', name: 'numeric' }`. */
  readonly schema: string;
  readonly name: string;
  /** `numeric(10,2)`, `varchar(80)`, `text[]`: as Postgres formats it (format_type). */
  readonly formatted: string;
  readonly isArray: boolean;
}

/**
 * A column shown as another EDM type than its own (the Dataverse profile, DESIGN.md decision 3):
 * an integer key as a Guid that encodes it (16 hex digits of the set, then the integer's 64 bits,
 * so the primary-key index still serves lookups), a date as the instant of its midnight UTC.
 */
export type PropertyRepresentation = { readonly kind: 'guidOfInteger'; readonly prefix: string } | { readonly kind: 'instantOfDate' };

export interface EdmProperty {
  /** The OData name. */
  readonly name: string;
  /** The Postgres column name. */
  readonly column: string;
  readonly type: EdmTypeRef;
  readonly collection: boolean;
  readonly nullable: boolean;
  readonly maxLength?: number;
  readonly precision?: number;
  /** Decimal scale; `'variable'` for an unconstrained numeric. */
  readonly scale?: number | 'variable';
  readonly pgType: PgColumnType;
  /** The column has a default or is an identity/generated column. */
  readonly hasDefault: boolean;
  /** Generated always (identity always or a generated column): never written by clients. */
  readonly computed: boolean;
  /** Values are exposed as Edm.String text because the Postgres type has no EDM counterpart. */
  readonly textFallback: boolean;
  /** The column is shown as another type than its own; absent: as itself. */
  readonly representation?: PropertyRepresentation;
}

export interface EdmReferentialConstraint {
  /** Property of the declaring (dependent) entity type. */
  readonly property: string;
  /** Property of the principal entity type. */
  readonly referencedProperty: string;
}

export interface EdmNavigationProperty {
  readonly name: string;
  /** Name of the target entity set (which names its entity type). */
  readonly targetSet: string;
  readonly collection: boolean;
  readonly nullable: boolean;
  readonly partner?: string;
  /** Set on the dependent side only (the side holding the foreign key), as CSDL wants. */
  readonly constraints: readonly EdmReferentialConstraint[];
  /**
   * Column pairs for the join, always `source column → target column`, whichever side holds
   * the foreign key; the planner uses these, CSDL uses `constraints`.
   */
  readonly join: readonly { readonly sourceColumn: string; readonly targetColumn: string }[];
}

export interface EdmEntityType {
  readonly name: string;
  readonly qualifiedName: string;
  readonly properties: readonly EdmProperty[];
  /** Property names of the key, in order; `null` when the table has no primary key. */
  readonly key: readonly string[] | null;
  /** Unique constraints as alternate keys: each a list of property names. */
  readonly alternateKeys: readonly (readonly string[])[];
  readonly navigationProperties: readonly EdmNavigationProperty[];
  /** The text property that names an entity (the primary name column of a Dataverse virtual table); set by the Dataverse profile. */
  readonly primaryName?: string;
}

export interface EdmEnumType {
  readonly name: string;
  readonly qualifiedName: string;
  readonly members: readonly string[];
  readonly pgSchema: string;
  readonly pgName: string;
}

/**
 * Where an entity's ETag comes from (DESIGN.md decision 5): Postgres's `xmin` (changes with every
 * write of the row, needs no schema change), or a configured version column. The service advances
 * a configured integer column by one and a timestamp column to the clock on every update it makes;
 * a column of another type must be maintained by the database (a trigger).
 */
export type EtagSource =
  | { readonly kind: 'xmin' }
  | { readonly kind: 'column'; readonly column: string; readonly advance: 'increment' | 'timestamp' | 'none' };

/** A constraint of the table, to name the properties behind a database error (columns only, never the definition). */
export interface EdmConstraint {
  readonly name: string;
  readonly kind: 'primaryKey' | 'unique' | 'foreignKey' | 'check';
  readonly columns: readonly string[];
}

export interface EdmEntitySet {
  readonly name: string;
  readonly entityType: EdmEntityType;
  readonly table: { readonly schema: string; readonly name: string; readonly kind: 'table' | 'view' };
  readonly readOnly: boolean;
  /** Names of the properties `$search` looks in. */
  readonly searchable: readonly string[];
  /** The largest page of this set when it has its own; otherwise the configured maximum applies. */
  readonly maxPageSize: number | null;
  /** `$count=true` answers with the planner's estimate when it exceeds this; null: always exact. */
  readonly estimateCountAbove: number | null;
  /** The ETag source; null when the set has none (a view without a configured version column). */
  readonly etag: EtagSource | null;
  /** Updates and deletes must send `If-Match` (428 otherwise). */
  readonly requireIfMatch: boolean;
  /** The property the Dataverse profile keys the set by, from the model config; absent: chosen by the profile. */
  readonly guidKey?: string;
  readonly constraints: readonly EdmConstraint[];
  /**
   * Change tracking: the table has the change-log trigger (`odata-facade track-changes enable`), so
   * `Prefer: odata.track-changes` and `$deltatoken` work; `keyColumns` are the key columns the
   * trigger records (the primary key, equal to the entity key's columns). Null: not tracked.
   */
  readonly changeTracking: { readonly keyColumns: readonly string[] } | null;
}

/**
 * The term of the instance annotation that marks an `@odata.count` as the planner's estimate
 * (`"@<namespace>.CountIsEstimate": true`); declared in `$metadata` when a set can answer so.
 */
export const countIsEstimateTerm = 'CountIsEstimate';

/** Whether any entity set may answer `$count=true` with an estimate. */
export function usesCountEstimates(model: EdmModel): boolean {
  return model.entitySets.some((set) => set.estimateCountAbove !== null);
}

/** The term that names an entity type's primary name property (`<namespace>.PrimaryName`). */
export const primaryNameTerm = 'PrimaryName';

/** Whether any entity type names its primary name property. */
export function usesPrimaryName(model: EdmModel): boolean {
  return model.entitySets.some((set) => set.entityType.primaryName !== undefined);
}

export interface EdmModel {
  readonly namespace: string;
  readonly containerName: string;
  readonly entitySets: readonly EdmEntitySet[];
  readonly enumTypes: readonly EdmEnumType[];
  /**
   * Text compares case-insensitively in `$filter` (the Dataverse profile's option): `eq`, `ne`, `lt`,
   * `le`, `gt`, `ge` and `in` between strings, and `contains`, `startswith`, `endswith`, compare
   * `lower()` of both sides, which an index on `lower(column)` serves. Absent: case-sensitive.
   */
  readonly caseInsensitiveText?: boolean;
}
