import type { EdmEntitySet } from '../model/edm-model.js';
import type { ExpandContext } from './plan-expand.js';
import type { Selection } from './plan-select.js';
import type { TableRef } from './query-plan.js';

/** A read addresses its entity set's table under this alias. */
export const ROOT_ALIAS = 't0';

export function rootTable(set: EdmEntitySet): TableRef {
  return { schema: set.table.schema, name: set.table.name, alias: ROOT_ALIAS };
}

/** The select list of a context URL: `name,price`, `*,category(name)`, or '' for "everything". */
function selectList(selection: Selection, expanded: readonly ExpandContext[]): string {
  const expansions = expanded.map((item) => `${item.name}(${selectList(item.select, item.nested)})`);
  if (selection.properties === null) return expansions.length === 0 ? '' : ['*', ...expansions].join(',');
  return [...selection.properties.map((property) => property.name), ...selection.computed, ...expansions].join(',');
}

/** The entity set and selection part of a context URL: `Products`, `Products(name,price)`. */
export function contextSelect(set: EdmEntitySet, selection: Selection, expanded: readonly ExpandContext[]): string {
  const list = selectList(selection, expanded);
  return list === '' ? set.name : `${set.name}(${list})`;
}
