import type { PlanLimits } from './plan-context.js';

/** Change tracking as this request asks for it, and the service's terms. */
export interface TrackingOptions {
  /** `Prefer: odata.track-changes` was sent. */
  readonly requested: boolean;
  /** A delta link older than this (ms) answers 410: the change log may have been pruned. */
  readonly retentionMs: number;
  /** The time of the request (ms since the epoch), for the age of a delta link. */
  readonly now: number;
  /** The client takes OData 4.01 (`OData-MaxVersion`): removed entities as `@removed`, else 4.0's `$deletedEntity`. */
  readonly v401: boolean;
}

/** What the client asked for beyond the URL: response format preferences and paging limits. */
export interface ReadOptions {
  /** `odata.metadata` of the negotiated format. */
  readonly metadata: 'minimal' | 'full' | 'none';
  /** `IEEE754Compatible=true`: Int64 and Decimal values are written as strings. */
  readonly ieee754Compatible: boolean;
  /** `Prefer: odata.maxpagesize=N`, when sent. */
  readonly maxPageSizePreference: number | undefined;
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
  readonly limits?: PlanLimits;
  /** Signs and checks `$skiptoken`s and `$deltatoken`s. */
  readonly skipTokenSecret: string;
  readonly tracking: TrackingOptions;
}
