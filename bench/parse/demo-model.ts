import type { Catalog } from '../../src/model/catalog.js';
import { buildModel } from '../../src/model/build-model.js';
import type { EdmModel } from '../../src/model/edm-model.js';
import { emptyModelConfig } from '../../src/model/model-config.js';
import { column, numericMod, varcharMod } from '../../test/support/sample-catalog.js';

/** The tables of `migrations/` as the catalog reader would return them, so no database is needed. */
const demoCatalog: Catalog = {
  relations: [
    {
      schema: 'public',
      name: 'categories',
      kind: 'table',
      columns: [
        column('id', 'int4', { notNull: true, hasDefault: true, generation: 'identityAlways' }),
        column('name', 'varchar', { notNull: true, typmod: varcharMod(80) }),
        column('description', 'text'),
      ],
      primaryKey: ['id'],
      uniqueKeys: [['name']],
      foreignKeys: [],
      constraints: [
        { name: 'categories_name_key', kind: 'unique', columns: ['name'] },
        { name: 'categories_pkey', kind: 'primaryKey', columns: ['id'] },
      ],
      tracked: false,
    },
    {
      schema: 'public',
      name: 'suppliers',
      kind: 'table',
      columns: [
        column('id', 'text', { notNull: true }),
        column('name', 'varchar', { notNull: true, typmod: varcharMod(120) }),
        column('country', 'bpchar', { typmod: varcharMod(2) }),
        column('email', 'varchar', { typmod: varcharMod(254) }),
        column('rating', 'int2'),
      ],
      primaryKey: ['id'],
      uniqueKeys: [],
      foreignKeys: [],
      constraints: [{ name: 'suppliers_pkey', kind: 'primaryKey', columns: ['id'] }],
      tracked: false,
    },
    {
      schema: 'public',
      name: 'products',
      kind: 'table',
      columns: [
        column('id', 'uuid', { notNull: true, hasDefault: true }),
        column('sku', 'varchar', { notNull: true, typmod: varcharMod(32) }),
        column('name', 'varchar', { notNull: true, typmod: varcharMod(200) }),
        column('description', 'text'),
        column('category_id', 'int4', { notNull: true }),
        column('supplier_id', 'text'),
        column('price', 'numeric', { notNull: true, typmod: numericMod(12, 2) }),
        column('cost', 'numeric', { typmod: numericMod(12, 4) }),
        column('quantity', 'int4', { notNull: true, hasDefault: true }),
        column('discontinued', 'bool', { notNull: true, hasDefault: true }),
        column('release_date', 'date'),
        column('created', 'timestamptz', { notNull: true, hasDefault: true }),
        column('modified', 'timestamptz', { notNull: true, hasDefault: true }),
        column('tags', 'text', { notNull: true, hasDefault: true, isArray: true, formatted: 'text[]' }),
        column('weight_kg', 'float8'),
      ],
      primaryKey: ['id'],
      uniqueKeys: [['sku']],
      foreignKeys: [
        { name: 'products_category_id_fkey', columns: ['category_id'], targetSchema: 'public', targetTable: 'categories', targetColumns: ['id'] },
        { name: 'products_supplier_id_fkey', columns: ['supplier_id'], targetSchema: 'public', targetTable: 'suppliers', targetColumns: ['id'] },
      ],
      constraints: [
        { name: 'products_category_id_fkey', kind: 'foreignKey', columns: ['category_id'] },
        { name: 'products_pkey', kind: 'primaryKey', columns: ['id'] },
        { name: 'products_sku_key', kind: 'unique', columns: ['sku'] },
        { name: 'products_supplier_id_fkey', kind: 'foreignKey', columns: ['supplier_id'] },
      ],
      tracked: true,
    },
  ],
  enums: [],
};

/** The demo model (`Categories`, `Suppliers`, `Products`) built without a database. */
export function demoModel(): EdmModel {
  return buildModel(demoCatalog, { namespace: 'Demo', config: emptyModelConfig }).model;
}
