import { assertNever } from '../errors/assert-never.js';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { QueryOptions } from '../parse/syntax.js';
import type { BoundExpr, CollectionSource } from './bound-expr.js';

/**
 * What a read that tracks changes, and its delta requests, may ask for. A delta reports the rows
 * whose own values changed; so the selection must depend on those values alone:
 * - `$filter` and `$search` on the entity's own properties (array properties with `any`/`all`
 *   included), with any operator and function but `now()`;
 * - not over navigation (`category/name`, `orders/any(…)`, `orders/$count`): a change to a related
 *   row changes what matches without a change to this one;
 * - not `now()`: time passing changes what matches without any change;
 * - `$select` as wanted; `$expand`, `$compute`, `$top`, `$skip` not at all (a delta has no
 *   expanded entities, and a partial result has no delta).
 */
const NOT_WITH_TRACKING = ['expand', 'compute', 'top', 'skip'] as const satisfies readonly (keyof QueryOptions)[];

function rejected(message: string, target: string): ODataError {
  return new ODataError(400, ErrorCodes.invalidQueryOption, message, { target });
}

/** Options a read that tracks changes (`what`: its first request, or a delta request) cannot take. */
export function checkTrackableOptions(options: QueryOptions, what: string, also: readonly (keyof QueryOptions)[] = []): void {
  for (const name of [...NOT_WITH_TRACKING, ...also]) {
    if (options[name] !== undefined) throw rejected(`$${name} cannot be used with ${what}`, `$${name}`);
  }
}

function checkSource(source: CollectionSource): void {
  if (source.kind === 'navigation') throw rejected('Change tracking cannot filter over navigation: the changes of related entities are not tracked', '$filter');
}

/** Rejects (400) a filter whose outcome can change without a change to the row itself. */
export function checkTrackableFilter(expr: BoundExpr | null): void {
  if (expr === null) return;
  switch (expr.kind) {
    case 'column':
    case 'value':
    case 'null':
    case 'arrayValue':
      return;
    case 'like':
      checkTrackableFilter(expr.operand);
      return;
    case 'related':
      throw rejected('Change tracking cannot filter over navigation: the changes of related entities are not tracked', '$filter');
    case 'lambda':
      checkSource(expr.source);
      checkTrackableFilter(expr.predicate);
      return;
    case 'count':
      checkSource(expr.source);
      return;
    case 'compare':
    case 'arithmetic':
    case 'collectionCall':
      checkTrackableFilter(expr.left);
      checkTrackableFilter(expr.right);
      return;
    case 'logical':
      for (const operand of expr.operands) checkTrackableFilter(operand);
      return;
    case 'not':
    case 'negate':
    case 'cast':
    case 'inList':
      checkTrackableFilter(expr.operand);
      return;
    case 'call':
      if (expr.name === 'now') throw rejected('Change tracking cannot filter with now(): time passing changes the result without a change to any row', '$filter');
      for (const arg of expr.args) checkTrackableFilter(arg);
      return;
    default:
      return assertNever(expr);
  }
}
