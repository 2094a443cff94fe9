import type { QueryOptions } from './syntax.js';

/** The system query options this parser knows (4.01 names, plus the 4.0 `$inlinecount`). */
export type SystemQueryOption =
  | 'select'
  | 'expand'
  | 'filter'
  | 'orderby'
  | 'top'
  | 'skip'
  | 'count'
  | 'inlinecount'
  | 'search'
  | 'compute'
  | 'levels'
  | 'format'
  | 'skiptoken'
  | 'deltatoken'
  | 'id'
  | 'schemaversion'
  | 'index';

const known: ReadonlySet<string> = new Set<SystemQueryOption>([
  'select',
  'expand',
  'filter',
  'orderby',
  'top',
  'skip',
  'count',
  'inlinecount',
  'search',
  'compute',
  'levels',
  'format',
  'skiptoken',
  'deltatoken',
  'id',
  'schemaversion',
  'index',
]);

/**
 * The system option named `name` as written: case-insensitive, with or without `$` (OData 4.01),
 * so `$filter`, `FILTER` and `filter` are the same. `undefined` for any other name.
 */
export function systemQueryOption(name: string): SystemQueryOption | undefined {
  const bare = (name.startsWith('$') ? name.slice(1) : name).toLowerCase();
  return known.has(bare) ? (bare as SystemQueryOption) : undefined;
}

/** The `QueryOptions` field an option fills; `$inlinecount` shares `count`, so both together are a duplicate. */
export function optionSlot(option: SystemQueryOption): keyof QueryOptions {
  return option === 'inlinecount' ? 'count' : option;
}

/** The canonical name used as error target: `$filter`. */
export function optionTarget(option: SystemQueryOption): string {
  return `$${option}`;
}
