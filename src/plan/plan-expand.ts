import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { EdmEntitySet, EdmNavigationProperty } from '../model/edm-model.js';
import { findEntitySet, findNavigationProperty } from '../model/find-in-model.js';
import type { ExpandItem, QueryOptions } from '../parse/syntax.js';
import { rootScope, type BindScope } from './plan-context.js';
import { planCompute } from './plan-compute.js';
import { planOrderBy } from './plan-orderby.js';
import { planWhere } from './plan-where.js';
import { keyParts, planProjections, resolveSelect, type Selection } from './plan-select.js';
import type { ExpandQuery, Projection } from './query-plan.js';
import type { ReadOptions } from './read-options.js';

/** An expanded level, for the context URL: the nested select list, e.g. `category(name)`. */
export interface ExpandContext {
  readonly name: string;
  readonly select: Selection;
  readonly nested: readonly ExpandContext[];
}

export interface PlannedExpand {
  readonly projections: readonly Projection[];
  readonly context: readonly ExpandContext[];
}

function expandError(message: string): ODataError {
  return new ODataError(400, ErrorCodes.invalidQueryOption, message, { target: '$expand' });
}

/** The navigation properties an item names: one, or every one for `*`. */
function navigationsOf(item: ExpandItem, set: EdmEntitySet): EdmNavigationProperty[] {
  if (item.path === '*') return [...set.entityType.navigationProperties];
  if (item.path === '$value') throw new ODataError(501, ErrorCodes.notImplemented, '$expand=$value is not supported yet', { target: '$expand' });
  const [name = '', ...rest] = item.path;
  const navigation = findNavigationProperty(set, name);
  if (navigation === undefined || rest.length > 0) {
    throw new ODataError(400, ErrorCodes.unknownProperty, `${set.entityType.name} has no navigation property '${item.path.join('/')}'`, {
      target: '$expand',
    });
  }
  return [navigation];
}

/** `$levels=n` expands the same navigation n levels deep: the nested item repeats it. */
function withLevels(item: ExpandItem, navigation: EdmNavigationProperty, maxDepth: number): QueryOptions {
  const levels = item.options.levels;
  if (levels === undefined) return item.options;
  const count = levels === 'max' ? maxDepth : levels;
  if (count <= 1) return { ...item.options, levels: undefined };
  const nested: ExpandItem = { ...item, path: [navigation.name], options: { ...item.options, levels: count - 1 } };
  return { ...item.options, levels: undefined, expand: [...(item.options.expand ?? []), nested] };
}

interface Level {
  readonly set: EdmEntitySet;
  readonly alias: string;
  readonly depth: number;
}

/**
 * Plans `$expand` for the entities of `level`: each navigation property becomes a correlated
 * subquery in the same statement (never a query per row), with its nested `$select`, `$filter`,
 * `$search`, `$orderby`, `$skip`, `$top`, `$count`, `$expand` and `$levels`, up to the configured
 * depth. `nav/$ref` returns entity ids, `nav/$count` the count alone.
 */
export function planExpand(items: readonly ExpandItem[] | undefined, level: Level, scope: BindScope, options: ReadOptions): PlannedExpand {
  if (items === undefined || items.length === 0) return { projections: [], context: [] };
  const maxDepth = options.limits?.maxExpandDepth ?? 4;
  if (level.depth >= maxDepth) throw new ODataError(400, ErrorCodes.limitExceeded, `$expand is nested deeper than ${maxDepth} levels`, { target: '$expand' });
  const projections: Projection[] = [];
  const context: ExpandContext[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    for (const navigation of navigationsOf(item, level.set)) {
      if (seen.has(navigation.name)) throw expandError(`'${navigation.name}' is expanded twice`);
      seen.add(navigation.name);
      const planned = planItem(item, navigation, level, scope, options, maxDepth);
      projections.push(...planned.projections);
      if (planned.context !== null) context.push(planned.context);
    }
  }
  return { projections, context };
}

function planItem(
  item: ExpandItem,
  navigation: EdmNavigationProperty,
  level: Level,
  scope: BindScope,
  options: ReadOptions,
  maxDepth: number,
): { projections: Projection[]; context: ExpandContext | null } {
  const target = findEntitySet(scope.model, navigation.targetSet);
  if (target === undefined) throw new Error(`Navigation target ${navigation.targetSet} missing from the model`);
  const query = withLevels(item, navigation, maxDepth);
  if (!navigation.collection && (query.top !== undefined || query.skip !== undefined || query.orderby !== undefined || query.count !== undefined)) {
    throw expandError(`'${navigation.name}' is single-valued: $top, $skip, $orderby and $count do not apply`);
  }
  const alias = `x${level.depth + 1}`;
  const inner = planCompute(query.compute, rootScope(scope.model, target, alias, '$expand', scope.limits));
  const where = planWhere(query, inner, null);
  const base: Omit<ExpandQuery, 'select'> = {
    from: { schema: target.table.schema, name: target.table.name, alias },
    outerAlias: level.alias,
    join: navigation.join.map((pair) => ({ outerColumn: pair.sourceColumn, innerColumn: pair.targetColumn })),
    collection: navigation.collection,
    where,
    orderBy: navigation.collection ? planOrderBy(query.orderby, target, { ...inner, target: '$orderby' }) : [],
    skip: query.skip ?? 0,
    top: query.top ?? null,
  };
  const countProjection: Projection = { kind: 'expandCount', name: `${navigation.name}@odata.count`, expand: { ...base, select: [] } };
  if (item.count) return { projections: [countProjection], context: null };
  if (item.ref) {
    const key = keyParts(target, inner);
    if (key === null) throw expandError(`${target.name} has no key: its entities have no id to reference`);
    const select: Projection[] = [{ kind: 'entityUrl', name: '@odata.id', entitySet: target.name, key, suffix: '' }];
    return { projections: [{ kind: 'expand', name: navigation.name, expand: { ...base, select } }], context: null };
  }
  const selection = resolveSelect(target, query.select, inner);
  const nested = planExpand(query.expand, { set: target, alias, depth: level.depth + 1 }, inner, options);
  const select = [...planProjections(target, selection, inner, options), ...nested.projections];
  const projections: Projection[] = [{ kind: 'expand', name: navigation.name, expand: { ...base, select } }];
  if (query.count === true) projections.unshift(countProjection);
  return { projections, context: { name: navigation.name, select: selection, nested: nested.context } };
}
