import { describe, expect, it } from 'vitest';
import type { EdmModel } from '../../../src/model/edm-model.js';
import { findEntitySet } from '../../../src/model/find-in-model.js';
import { modelForRole, tableKey, type RolePrivileges } from '../../../src/model/role-model.js';
import { sampleModel } from '../../support/sample-catalog.js';

const model = sampleModel();

/** Every column of each named table readable, but those listed as hidden (`table.column`). */
function privileges(tables: readonly string[], hidden: readonly string[] = []): RolePrivileges {
  return new Map(
    model.entitySets
      .filter((set) => tables.includes(set.table.name))
      .map((set) => [
        tableKey(set.table.schema, set.table.name),
        new Set(set.entityType.properties.map((property) => property.column).filter((column) => !hidden.includes(`${set.table.name}.${column}`))),
      ]),
  );
}

const setNames = (served: EdmModel): string[] => served.entitySets.map((set) => set.name);
const propertyNames = (served: EdmModel, set: string): string[] => findEntitySet(served, set)?.entityType.properties.map((property) => property.name) ?? [];
const navigationNames = (served: EdmModel, set: string): string[] =>
  findEntitySet(served, set)?.entityType.navigationProperties.map((navigation) => navigation.name) ?? [];

describe('modelForRole', () => {
  const all = model.entitySets.map((set) => set.table.name);

  it('serves everything to a role that may read every column', () => {
    const served = modelForRole(model, privileges(all));
    expect(served.entitySets).toEqual(model.entitySets);
  });

  it('leaves out the properties whose column the role may not read, and nothing else', () => {
    const served = modelForRole(model, privileges(all, ['products.cost']));
    expect(propertyNames(served, 'Products')).toEqual(propertyNames(model, 'Products').filter((name) => name !== 'cost'));
    expect(propertyNames(served, 'Categories')).toEqual(propertyNames(model, 'Categories'));
    expect(navigationNames(served, 'Products')).toEqual(['category', 'supplier']);
  });

  it('leaves out sets the role may not read, and the navigation properties that lead to them', () => {
    const served = modelForRole(model, privileges(all.filter((table) => table !== 'suppliers')));
    expect(setNames(served)).toEqual(setNames(model).filter((name) => name !== 'Suppliers'));
    expect(navigationNames(served, 'Products')).toEqual(['category']);
    expect(navigationNames(served, 'Categories')).toEqual(['products']);
  });

  it('leaves out a set whose key the role may not read', () => {
    const served = modelForRole(model, privileges(all, ['order_lines.line_no']));
    expect(setNames(served)).not.toContain('OrderLines');
    expect(setNames(served)).toContain('Products');
  });

  it('leaves out navigation properties whose join column is hidden, on both sides, and keeps their other partners', () => {
    const served = modelForRole(model, privileges(all, ['products.supplier_id']));
    expect(navigationNames(served, 'Products')).toEqual(['category']);
    expect(navigationNames(served, 'Suppliers')).toEqual([]);
    expect(findEntitySet(served, 'Categories')?.entityType.navigationProperties[0]?.partner).toBe('category');
  });

  it('keeps alternate keys and searchable properties only while their properties are served', () => {
    const served = modelForRole(model, privileges(all, ['products.sku']));
    expect(findEntitySet(model, 'Products')?.entityType.alternateKeys).toEqual([['sku']]);
    expect(findEntitySet(served, 'Products')?.entityType.alternateKeys).toEqual([]);
  });

  it('serves no set to a role that may read nothing', () => {
    expect(modelForRole(model, new Map()).entitySets).toEqual([]);
  });
});
