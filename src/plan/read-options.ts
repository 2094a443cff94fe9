import type { PlanLimits } from './plan-context.js';

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
  /** Signs and checks `$skiptoken`s. */
  readonly skipTokenSecret: string;
}
