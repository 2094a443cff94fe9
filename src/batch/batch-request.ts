import type { HeaderMap } from './header-block.js';
import type { ResolvedTarget } from './resolve-target.js';

/**
 * A request URL: resolved against the service root when the batch is read, or starting with
 * `$<id>`, the entity an earlier request created, which is known only when it has run.
 */
export type OperationUrl =
  | ({ readonly kind: 'resolved' } & ResolvedTarget)
  /** `rest` follows the reference as written: `/category/$ref`, `?$select=name` or empty. */
  | { readonly kind: 'reference'; readonly id: string; readonly rest: string };

/** One request of a batch, in either format, checked and ready to run. */
export interface BatchOperation {
  /** The request identifier: the part's `Content-ID`, the JSON request's `id`. */
  readonly id: string | undefined;
  readonly method: string;
  readonly url: OperationUrl;
  /** The request's own headers, lower-case names. */
  readonly headers: HeaderMap;
  readonly body: Buffer | undefined;
  /** Ids of earlier requests named as `"$<id>"` in `@odata.bind` / `@odata.id` values of a JSON body. */
  readonly bodyReferences: readonly string[];
  /** Request ids and atomicity groups that must have succeeded first (JSON `dependsOn`). */
  readonly dependsOn: readonly string[];
}

/** Requests that succeed or fail together in one transaction: a change set, an atomicity group. */
export interface BatchGroup {
  readonly kind: 'group';
  /** The JSON `atomicityGroup`; a multipart change set has none. */
  readonly id: string | undefined;
  readonly operations: readonly BatchOperation[];
}

export interface BatchSingle {
  readonly kind: 'single';
  readonly operation: BatchOperation;
}

export type BatchItem = BatchSingle | BatchGroup;

/** A batch as read from its body, in the order its items run. */
export interface BatchRequest {
  readonly format: 'multipart' | 'json';
  readonly items: readonly BatchItem[];
}

/** What a batch may hold. */
export interface BatchLimits {
  /** Operations in the batch, change set members counted one by one. */
  readonly maxOperations: number;
  /** Nesting of a JSON request body. */
  readonly maxJsonDepth: number;
}

/** The operations of an item, in order. */
export function operationsOf(item: BatchItem): readonly BatchOperation[] {
  return item.kind === 'single' ? [item.operation] : item.operations;
}
