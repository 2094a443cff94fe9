import type { EdmPrimitiveName } from '../model/edm-model.js';
import type { QueryOptions } from '../parse/syntax.js';
import type { DeltaWindow } from './delta-token.js';
import type { QueryPlan } from './query-plan.js';
import type { TrackingStart } from './skiptoken.js';

/**
 * Where the next page starts, for `@odata.nextLink`: after the last row's sort values (a signed
 * `$skiptoken` bound to the row sequence), or, for sets without a key and so without a total order,
 * at an offset. `top` is what remains of the client's `$top`, if it sent one.
 */
export type NextPage =
  | {
      readonly kind: 'keyset';
      /** What the token's fingerprint is made of, hashed only when a next link is written. */
      readonly sequence: { readonly entitySet: string; readonly options: QueryOptions };
      readonly top: number | undefined;
    }
  | { readonly kind: 'offset'; readonly skip: number; readonly top: number | undefined };

/** What a delta token is bound to, hashed only when a delta link is written. */
export interface DeltaSelection {
  readonly entitySet: string;
  readonly options: QueryOptions;
}

/**
 * A read that tracks changes (`Prefer: odata.track-changes`): where its delta link starts, the
 * snapshot of its first page (null on the first page itself: the statement returns it).
 */
export interface TrackedRead {
  readonly start: TrackingStart | null;
  readonly selection: DeltaSelection;
}

/** What the response stage needs besides the rows. */
export type ResponseShape =
  | {
      readonly kind: 'collection';
      /** The part of the context URL after `$metadata#`, e.g. `Products(name,price)`. */
      readonly context: string;
      /** The next page if this one comes back full and more rows follow. */
      readonly nextPage: NextPage;
      readonly pageSize: number;
      /** The `odata.maxpagesize` preference that was applied, for `Preference-Applied`. */
      readonly appliedMaxPageSize: number | undefined;
      /** The instance annotation that marks an estimated count: `@ODataFacade.CountIsEstimate`. */
      readonly countEstimateAnnotation: string;
      /** Change tracking applied: the last page ends with a delta link. */
      readonly tracking: TrackedRead | null;
    }
  | {
      readonly kind: 'delta';
      /** The part of the context URL after `$metadata#`, e.g. `Products(name,price)/$delta`. */
      readonly context: string;
      readonly window: DeltaWindow;
      readonly selection: DeltaSelection;
      readonly appliedMaxPageSize: number | undefined;
      /** The form of removed entities, which the response's `OData-Version` states. */
      readonly version: '4.0' | '4.01';
    }
  | { readonly kind: 'deltaCount' }
  | { readonly kind: 'entity'; readonly context: string }
  | {
      readonly kind: 'property';
      readonly context: string;
      readonly raw: boolean;
      readonly type: EdmPrimitiveName | 'enum';
      readonly collection: boolean;
    }
  | { readonly kind: 'count' };

export interface ReadPlan {
  readonly query: QueryPlan;
  readonly shape: ResponseShape;
}
