import type { EdmEntitySet, EdmNavigationProperty, EdmProperty } from '../model/edm-model.js';

/**
 * A value to write, as the database driver binds it: text in the column type's input syntax (a
 * number keeps the digits the client sent), bytes for Binary, an array of those for a collection.
 * `sql/` casts it to the column's type.
 */
export type WriteValue =
  | { readonly kind: 'value'; readonly value: string | Buffer | readonly (string | Buffer | null)[] }
  | { readonly kind: 'null' };

export interface PropertyInput {
  readonly property: EdmProperty;
  readonly value: WriteValue;
}

/**
 * `nav@odata.bind`: the entity (single-valued) or entities (collection) to relate, as the URLs
 * sent; none for a single-valued navigation bound to null (no related entity).
 */
export interface BindingInput {
  readonly navigation: EdmNavigationProperty;
  readonly target: EdmEntitySet;
  readonly urls: readonly string[];
}

/** Entities nested inline under a navigation property (deep insert). */
export interface NestedInput {
  readonly navigation: EdmNavigationProperty;
  readonly target: EdmEntitySet;
  readonly entities: readonly EntityInput[];
}

/**
 * An entity of a request body, checked against the model: the properties sent (key and computed
 * properties of an update are left out, as OData asks), the bindings and the nested entities.
 */
export interface EntityInput {
  readonly set: EdmEntitySet;
  readonly properties: readonly PropertyInput[];
  readonly bindings: readonly BindingInput[];
  readonly nested: readonly NestedInput[];
}

/** How a body is read: a new entity (POST, deep insert), a partial update (PATCH) or a replacement (PUT). */
export type EntityInputMode = 'create' | 'update' | 'replace';
