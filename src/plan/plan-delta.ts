import type { EdmEntitySet } from '../model/edm-model.js';
import type { QueryOptions } from '../parse/syntax.js';
import { decodeDeltaToken, deltaFingerprint, deltaLinkExpired } from './delta-token.js';
import type { BindScope } from './plan-context.js';
import { keyParts, planProjections, resolveSelect } from './plan-select.js';
import { planWhere } from './plan-where.js';
import type { DeltaKeyColumn, Projection } from './query-plan.js';
import type { ReadOptions } from './read-options.js';
import type { ReadPlan } from './read-plan.js';
import { contextSelect, rootTable } from './read-root.js';
import { checkTrackableFilter, checkTrackableOptions } from './track-changes.js';

/** The alias of the row a change's key values are read back into (beside the table's `t0`). */
const KEY_ALIAS = 'k';

const DAY_MS = 86_400_000;

function keyColumnsOf(set: EdmEntitySet, columns: readonly string[]): DeltaKeyColumn[] {
  return columns.map((column) => {
    const property = set.entityType.properties.find((candidate) => candidate.column === column);
    if (property === undefined) throw new Error(`The key column ${column} of ${set.name} is missing from the model`);
    return { column, pgType: { schema: property.pgType.schema, name: property.pgType.name } };
  });
}

/** The entity's id first: a delta entry names the entity it is about even when `$select` leaves the key out. */
function withId(projections: readonly Projection[], id: Projection): readonly Projection[] {
  return projections.some((projection) => projection.name === '@odata.id') ? projections : [id, ...projections];
}

/**
 * A delta request (`$deltatoken`): the changes of a tracked set in the token's window, as a page
 * (`page`) or as their number (`count`, `/$count`). The token must be this service's, issued for
 * this set and selection (400 otherwise), and within the retention, with the set still tracked
 * (410 otherwise: the client starts over). The selection follows the rules of a read that tracks
 * changes (`track-changes.ts`).
 */
export function planDelta(set: EdmEntitySet, query: QueryOptions, scope: BindScope, options: ReadOptions, mode: 'page' | 'count'): ReadPlan {
  checkTrackableOptions(query, 'a delta request', mode === 'page' ? ['orderby', 'skiptoken'] : ['orderby', 'skiptoken', 'count']);
  const window = decodeDeltaToken(query.deltatoken ?? '', deltaFingerprint(set.name, query), options.skipTokenSecret);
  const { tracking } = options;
  if (set.changeTracking === null) throw deltaLinkExpired(`The changes of ${set.name} are not tracked any more`);
  if (tracking.now - window.issuedAt > tracking.retentionMs) {
    throw deltaLinkExpired(`The delta link is older than the ${Math.round(tracking.retentionMs / DAY_MS)}-day retention of the change log`);
  }
  const where = planWhere(query, scope, null);
  checkTrackableFilter(where);
  const selected = resolveSelect(set, query.select, scope);
  const version = tracking.v401 ? '4.01' : '4.0';
  const entityKey = keyParts(set, scope) ?? [];
  const id: Projection = { kind: 'entityUrl', name: version === '4.01' ? '@id' : '@odata.id', entitySet: set.name, key: entityKey, suffix: '' };
  const pageSize = Math.min(options.maxPageSizePreference ?? options.defaultPageSize, set.maxPageSize ?? options.maxPageSize);
  return {
    query: {
      kind: 'delta',
      from: rootTable(set),
      key: keyColumnsOf(set, set.changeTracking.keyColumns),
      keyAlias: KEY_ALIAS,
      where,
      select: withId(planProjections(set, selected, scope, options), id),
      removedId: { kind: 'entityUrl', name: version === '4.01' ? '@id' : 'id', entitySet: set.name, key: keyParts(set, { ...scope, alias: KEY_ALIAS }) ?? [], suffix: '' },
      removedForm: version,
      since: window.since,
      until: window.until,
      page: mode === 'page' ? { after: window.after, limit: pageSize } : null,
      count: mode === 'count' || query.count === true,
    },
    shape:
      mode === 'page'
        ? {
            kind: 'delta',
            context: `${contextSelect(set, selected, [])}/$delta`,
            window,
            selection: { entitySet: set.name, options: query },
            appliedMaxPageSize: options.maxPageSizePreference === undefined ? undefined : pageSize,
            version,
          }
        : { kind: 'deltaCount' },
  };
}
