import type { EtagSource } from '../model/edm-model.js';
import type { BoundExpr, ColumnRef } from './bound-expr.js';

export interface TableRef {
  readonly schema: string;
  readonly name: string;
  readonly alias: string;
}

/**
 * How a column's value is written into the JSON: as Postgres renders it, as text (IEEE754Compatible
 * Int64/Decimal, types without an EDM counterpart), as base64url (Binary), or as a Double that
 * spells non-finite values the OData way (`INF`, `-INF`, `NaN`).
 */
export type ValueEncoding = 'json' | 'text' | 'base64url' | 'double';

/** One member of an entity's JSON object. */
export type Projection =
  | { readonly kind: 'property'; readonly name: string; readonly column: ColumnRef; readonly encoding: ValueEncoding }
  /** A `$compute` alias. */
  | { readonly kind: 'computed'; readonly name: string; readonly expr: BoundExpr; readonly encoding: ValueEncoding }
  /** `$expand`ed navigation property. */
  | { readonly kind: 'expand'; readonly name: string; readonly expand: ExpandQuery }
  /** `nav@odata.count` of an expanded collection (`$count=true` inside it, or `nav/$count`). */
  | { readonly kind: 'expandCount'; readonly name: string; readonly expand: ExpandQuery }
  /** The entity's ETag, `@odata.etag`: `W/"…"` from the set's row-version source on the row of `alias`. */
  | { readonly kind: 'etag'; readonly name: string; readonly source: EtagSource; readonly alias: string }
  /** A constant annotation value, e.g. `@odata.type`. */
  | { readonly kind: 'constant'; readonly name: string; readonly value: string }
  /** The entity's canonical URL plus `suffix`, `<set>(<key>)<suffix>`, e.g. `@odata.id` in full metadata. */
  | {
      readonly kind: 'entityUrl';
      readonly name: string;
      readonly entitySet: string;
      readonly key: readonly KeyPart[];
      readonly suffix: string;
    };

/**
 * An expanded navigation property: a correlated subquery over the target set, joined to the row
 * of `join.outerAlias`. A collection comes back as a JSON array (ordered, paged), a single
 * entity as an object or null.
 */
export interface ExpandQuery {
  readonly from: TableRef;
  readonly outerAlias: string;
  readonly join: readonly { readonly outerColumn: string; readonly innerColumn: string }[];
  readonly collection: boolean;
  readonly where: BoundExpr | null;
  readonly orderBy: readonly OrderTerm[];
  readonly skip: number;
  readonly top: number | null;
  readonly select: readonly Projection[];
}
/** A key property as it appears in a canonical URL: `(1)`, `(guid)`, `('text')`, `(a=1,b='x')`. */
export interface KeyPart {
  readonly name: string;
  readonly column: ColumnRef;
  readonly quoted: boolean;
}

export interface OrderTerm {
  readonly expr: BoundExpr;
  readonly direction: 'asc' | 'desc';
  /** Where nulls go; `null` when the expression cannot be null (no NULLS clause, the index serves). */
  readonly nulls: 'first' | 'last' | null;
}

export interface CollectionQuery {
  readonly kind: 'collection';
  readonly from: TableRef;
  readonly where: BoundExpr | null;
  readonly orderBy: readonly OrderTerm[];
  readonly skip: number;
  /** Rows to return. */
  readonly limit: number;
  /** Also find out whether rows follow this page (one extra row is read). */
  readonly probeNext: boolean;
  readonly count: boolean;
  /** With `count`: ask the planner first, and report its estimate instead when it exceeds this. */
  readonly estimateCountAbove: number | null;
  readonly select: readonly Projection[];
  /** Keyset paging: the page starts after the row with these sort values (JSON array text, from `$skiptoken`). */
  readonly after: string | null;
  /** Also return the sort values of the page's last row, for the next `$skiptoken` (needs a total order). */
  readonly returnLastSortValues: boolean;
  /** Also return the statement's snapshot (`pg_current_snapshot()`): the first page of a read that tracks changes. */
  readonly snapshot: boolean;
}

export interface EntityQuery {
  readonly kind: 'entity';
  readonly from: TableRef;
  readonly where: BoundExpr | null;
  readonly select: readonly Projection[];
  /** Where the entity's ETag comes from, for the `ETag` header (a column beside the JSON); null when its set has none. */
  readonly etag: EtagSource | null;
  /** An entity reached over single-valued navigation: its source, to answer 204 rather than 404 when none is related. */
  readonly parent: { readonly from: TableRef; readonly where: BoundExpr } | null;
}

/** One property of one entity; `raw` for `/$value` (the value's text, or base64 for binary). */
export interface PropertyQuery {
  readonly kind: 'property';
  readonly from: TableRef;
  readonly where: BoundExpr | null;
  readonly property: Projection & { readonly kind: 'property' };
  readonly raw: boolean;
}

export interface CountQuery {
  readonly kind: 'count';
  readonly from: TableRef;
  readonly where: BoundExpr | null;
}

/** A key column of a tracked table, as the change log records it (JSON) and read back as its own type. */
export interface DeltaKeyColumn {
  readonly column: string;
  readonly pgType: { readonly schema: string; readonly name: string };
}

/**
 * The changes of a tracked table in a window of snapshots (`$deltatoken`): each row changed in it
 * once, at its last change, as its current values when it exists and matches `where`, else as
 * removed (`deleted` when its last change deleted it, `changed` when it left the selection), and
 * not at all when it was created in the window and does not qualify now. `page`: the page after
 * the change `after` (`txid:seq`) and its size; null for `/$count` (how many changes).
 */
export interface DeltaQuery {
  readonly kind: 'delta';
  readonly from: TableRef;
  readonly key: readonly DeltaKeyColumn[];
  /** The alias of the row of key values a change's key reads back as; `removedId` refers to it. */
  readonly keyAlias: string;
  readonly where: BoundExpr | null;
  readonly select: readonly Projection[];
  /** The URL of a removed entity (relative to the service root), from its key values. */
  readonly removedId: Projection & { readonly kind: 'entityUrl' };
  /** OData 4.01 `{"@id","@removed":{"reason"}}` or 4.0 `{"@odata.context":"#Set/$deletedEntity","id","reason"}`. */
  readonly removedForm: '4.0' | '4.01';
  readonly since: string;
  readonly until: string | null;
  readonly page: { readonly after: string | null; readonly limit: number } | null;
  /** Also count the changes (`$count=true`). */
  readonly count: boolean;
}

export type QueryPlan = CollectionQuery | EntityQuery | PropertyQuery | CountQuery | DeltaQuery;
