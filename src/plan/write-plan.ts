import type { EdmEntitySet, EdmNavigationProperty, EdmProperty, EtagSource } from '../model/edm-model.js';
import type { BoundExpr } from './bound-expr.js';
import type { EntityInput, WriteValue } from './entity-input.js';
import type { KeyValue } from './plan-key.js';
import type { TableRef } from './query-plan.js';

/**
 * An `If-Match` / `If-None-Match` header: `*` (any current entity), a list of entity tags given by
 * their opaque values (weak and strong alike: OData's tags are weak), or absent (null).
 */
export type EtagCondition = { readonly kind: 'any' } | { readonly kind: 'tags'; readonly values: readonly string[] } | null;

/** The Postgres type a written value is cast to: the column's type (element type plus `[]` for arrays). */
export interface ColumnCast {
  readonly schema: string;
  readonly name: string;
  readonly isArray: boolean;
}

/** What a column is set to: a value (a parameter cast to the column's type), its default, or the next version. */
export type ColumnSource =
  | { readonly kind: 'value'; readonly value: WriteValue; readonly cast: ColumnCast }
  | { readonly kind: 'default' }
  /** The column keeps its value: an update that sets nothing still takes (locks, re-versions) the row. */
  | { readonly kind: 'keep' }
  /** A version column of the ETag: an integer goes up by one, a timestamp to the clock. */
  | { readonly kind: 'advance'; readonly how: 'increment' | 'timestamp' };

export interface ColumnWrite {
  readonly column: string;
  readonly source: ColumnSource;
}

/**
 * What a write statement answers for each row it touched: the named columns as text (the key,
 * and what relationships need), the ETag, and for an upsert whether the row was created.
 */
export interface Returning {
  readonly columns: readonly string[];
  readonly etag: EtagSource | null;
}

/** The ETag condition of a write: the row's current tag is one of `values` (`If-Match`), or none of them (`If-None-Match`). */
export interface EtagCheck {
  readonly source: EtagSource;
  readonly values: readonly string[];
  readonly negate: boolean;
}

export interface InsertStatement {
  readonly kind: 'insert';
  readonly table: TableRef;
  readonly values: readonly ColumnWrite[];
  readonly returning: Returning;
}

/**
 * Updates the row `where` picks, or creates it when there is none (`insert … on conflict (key) do
 * update`, so a row created meanwhile by another transaction is updated instead), in one statement.
 */
export interface UpsertStatement {
  readonly kind: 'upsert';
  readonly table: TableRef;
  /** Picks the existing row (alias of `table`): the key it was addressed by. */
  readonly where: BoundExpr;
  /** The new row's columns; a `default` here leaves the column out of the insert. */
  readonly values: readonly ColumnWrite[];
  /** The columns of the key the row was addressed by (a primary key or a unique constraint). */
  readonly conflict: readonly string[];
  /** What an existing row gets; empty: the row is left as it is (but still locked and returned). */
  readonly update: readonly ColumnWrite[];
  readonly returning: Returning;
}

export interface UpdateStatement {
  readonly kind: 'update';
  readonly table: TableRef;
  readonly set: readonly ColumnWrite[];
  /** Picks the rows; null: the rows `equal` picks. */
  readonly where: BoundExpr | null;
  /** Columns that must also hold these values (a reference being removed must still point at its entity). */
  readonly equal: readonly ColumnWrite[];
  /** `If-Match` and `If-None-Match` conditions, all of which must hold. */
  readonly etag: readonly EtagCheck[];
  readonly returning: Returning;
}

export interface DeleteStatement {
  readonly kind: 'delete';
  readonly table: TableRef;
  readonly where: BoundExpr;
  readonly etag: readonly EtagCheck[];
  readonly returning: Returning;
}

/** Reads the returned columns of the rows a condition picks (a binding's target, a row that an update missed). */
export interface LookupStatement {
  readonly kind: 'lookup';
  readonly table: TableRef;
  readonly where: BoundExpr;
  readonly etag: readonly EtagCheck[];
  readonly returning: Returning;
}

export type WriteStatement = InsertStatement | UpsertStatement | UpdateStatement | DeleteStatement | LookupStatement;

/** The row a write addresses. */
export interface AddressedRow {
  readonly set: EdmEntitySet;
  /** Picks the row (alias `t0`): its key, and the navigation it was reached through. */
  readonly where: BoundExpr;
  /** The key values of a path that is just `Set(key)`: a missing row can then be created there (upsert). */
  readonly key: readonly KeyValue[] | null;
}

export interface Preconditions {
  readonly ifMatch: EtagCondition;
  readonly ifNoneMatch: EtagCondition;
}

/** What a write request asks for, checked against the model. */
export type WriteAction =
  /**
   * `POST Set`: a new entity, with its bindings and nested entities; `POST Set(key)/nav`: one
   * related to the `parent` entity through the collection navigation property.
   */
  | {
      readonly kind: 'create';
      readonly entity: EntityInput;
      readonly parent: { readonly row: AddressedRow; readonly navigation: EdmNavigationProperty } | null;
    }
  /** `PATCH`/`PUT Set(key)`: the properties sent (`replace`: the others to their defaults); creates a missing row when the key allows. */
  | { readonly kind: 'update'; readonly row: AddressedRow; readonly entity: EntityInput; readonly replace: boolean; readonly preconditions: Preconditions }
  | { readonly kind: 'delete'; readonly row: AddressedRow; readonly preconditions: Preconditions }
  /** `PUT Set(key)/Prop` (a value) and `DELETE Set(key)/Prop` (null). */
  | { readonly kind: 'setProperty'; readonly row: AddressedRow; readonly property: EdmProperty; readonly value: WriteValue; readonly preconditions: Preconditions }
  /** `PUT`/`DELETE Set(key)/nav/$ref` of a single-valued navigation whose foreign key the row holds. */
  | {
      readonly kind: 'setReference';
      readonly row: AddressedRow;
      readonly navigation: EdmNavigationProperty;
      /** The entity URL of the body; null to remove the reference. */
      readonly url: string | null;
      readonly preconditions: Preconditions;
    }
  /** `POST Set(key)/nav/$ref` (add) and `DELETE Set(key)/nav(key)/$ref` (remove) where the related entity holds the foreign key. */
  | {
      readonly kind: 'linkReference';
      readonly row: AddressedRow;
      readonly navigation: EdmNavigationProperty;
      /** The related entity: the body's URL (add), the path's key (remove), or whichever is related (remove, single-valued). */
      readonly related: { readonly kind: 'url'; readonly url: string } | { readonly kind: 'where'; readonly where: BoundExpr } | { readonly kind: 'linked' };
      readonly add: boolean;
    };
