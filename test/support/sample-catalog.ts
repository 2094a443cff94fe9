import type { Catalog, CatalogColumn } from '../../src/model/catalog.js';
import { buildModel } from '../../src/model/build-model.js';
import { emptyModelConfig, type ModelConfig } from '../../src/model/model-config.js';
import type { EdmModel } from '../../src/model/edm-model.js';

/** A catalog column with pg_catalog defaults; pass what differs. */
export function column(name: string, typeName: string, extra: Partial<CatalogColumn> = {}): CatalogColumn {
  return {
    name,
    typeSchema: 'pg_catalog',
    typeName,
    typeKind: 'b',
    isArray: false,
    formatted: typeName,
    typmod: -1,
    notNull: false,
    hasDefault: false,
    generation: null,
    ...extra,
  };
}

/** varchar(n) / numeric(p,s) type modifiers as Postgres stores them. */
export const varcharMod = (length: number): number => length + 4;
export const numericMod = (precision: number, scale: number): number => ((precision << 16) | scale) + 4;

/** The demo catalogue as the catalog reader returns it, plus a composite-key and a keyless table. */
export const sampleCatalog: Catalog = {
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
      columns: [column('id', 'text', { notNull: true }), column('name', 'varchar', { notNull: true, typmod: varcharMod(120) }), column('rating', 'int2')],
      primaryKey: ['id'],
      uniqueKeys: [],
      foreignKeys: [],
      constraints: [
        { name: 'suppliers_pkey', kind: 'primaryKey', columns: ['id'] },
        { name: 'suppliers_rating_check', kind: 'check', columns: ['rating'] },
      ],
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
        column('tags', 'text', { notNull: true, isArray: true, formatted: 'text[]' }),
        column('weight_kg', 'float8'),
        column('mood', 'mood', { typeSchema: 'public', typeKind: 'e' }),
        column('stock', 'int8'),
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
    {
      schema: 'public',
      name: 'order_lines',
      kind: 'table',
      columns: [column('order_id', 'int4', { notNull: true }), column('line_no', 'int2', { notNull: true }), column('quantity', 'int4', { notNull: true })],
      primaryKey: ['order_id', 'line_no'],
      uniqueKeys: [],
      foreignKeys: [],
      constraints: [{ name: 'order_lines_pkey', kind: 'primaryKey', columns: ['order_id', 'line_no'] }],
      tracked: false,
    },
    {
      schema: 'public',
      name: 'readings',
      kind: 'table',
      columns: [column('sensor', 'text', { notNull: true }), column('value', 'float8')],
      primaryKey: null,
      uniqueKeys: [],
      foreignKeys: [],
      constraints: [],
      tracked: false,
    },
  ],
  enums: [{ schema: 'public', name: 'mood', labels: ['happy', 'sad'] }],
};

export function sampleModel(config: ModelConfig = emptyModelConfig): EdmModel {
  return buildModel(sampleCatalog, { namespace: 'Demo', config }).model;
}
