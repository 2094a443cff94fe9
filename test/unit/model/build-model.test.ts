import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/model/build-model.js';
import { findEntitySet, findProperty } from '../../../src/model/find-in-model.js';
import { emptyModelConfig, ModelConfigError, parseModelConfig } from '../../../src/model/model-config.js';
import type { EdmModel } from '../../../src/model/edm-model.js';
import type { Catalog } from '../../../src/model/catalog.js';
import { column, sampleCatalog, sampleModel } from '../../support/sample-catalog.js';

function set(model: EdmModel, name: string) {
  const found = findEntitySet(model, name);
  if (found === undefined) throw new Error(`no set ${name}`);
  return found;
}

describe('buildModel', () => {
  const model = sampleModel();

  it('names entity sets in PascalCase and entity types in the singular', () => {
    expect(model.entitySets.map((s) => [s.name, s.entityType.name])).toEqual([
      ['Categories', 'Category'],
      ['Suppliers', 'Supplier'],
      ['Products', 'Product'],
      ['OrderLines', 'OrderLine'],
      ['Readings', 'Reading'],
    ]);
  });

  it('keeps column names as property names, with exact nullability and facets', () => {
    const products = set(model, 'Products');
    expect(findProperty(products, 'price')).toMatchObject({ type: { name: 'Edm.Decimal' }, precision: 12, scale: 2, nullable: false });
    expect(findProperty(products, 'cost')).toMatchObject({ precision: 12, scale: 4, nullable: true });
    expect(findProperty(products, 'sku')).toMatchObject({ type: { name: 'Edm.String' }, maxLength: 32, nullable: false });
    expect(findProperty(products, 'tags')).toMatchObject({ type: { name: 'Edm.String' }, collection: true });
    expect(findProperty(products, 'mood')).toMatchObject({ type: { kind: 'enum', qualifiedName: 'Demo.Mood' } });
    expect(findProperty(products, 'stock')).toMatchObject({ type: { name: 'Edm.Int64' } });
    expect(model.enumTypes).toEqual([expect.objectContaining({ name: 'Mood', members: ['happy', 'sad'] })]);
  });

  it('takes primary keys as keys and unique constraints as alternate keys', () => {
    expect(set(model, 'Products').entityType.key).toEqual(['id']);
    expect(set(model, 'Products').entityType.alternateKeys).toEqual([['sku']]);
    expect(set(model, 'OrderLines').entityType.key).toEqual(['order_id', 'line_no']);
    expect(set(model, 'Readings').entityType.key).toBeNull();
  });

  it('announces tables without a primary key', () => {
    const { notices } = buildModel(sampleCatalog, { namespace: 'Demo', config: emptyModelConfig });
    expect(notices).toEqual([expect.stringContaining('Readings')]);
  });

  it('turns foreign keys into navigation properties in both directions', () => {
    const products = set(model, 'Products');
    expect(products.entityType.navigationProperties).toEqual([
      expect.objectContaining({ name: 'category', targetSet: 'Categories', collection: false, nullable: false, partner: 'products',
        constraints: [{ property: 'category_id', referencedProperty: 'id' }] }),
      expect.objectContaining({ name: 'supplier', targetSet: 'Suppliers', collection: false, nullable: true, partner: 'products' }),
    ]);
    expect(set(model, 'Categories').entityType.navigationProperties).toEqual([
      expect.objectContaining({ name: 'products', targetSet: 'Products', collection: true, partner: 'category', constraints: [],
        join: [{ sourceColumn: 'id', targetColumn: 'category_id' }] }),
    ]);
  });

  it('marks identity-always columns computed', () => {
    expect(findProperty(set(model, 'Categories'), 'id')).toMatchObject({ computed: true, hasDefault: true });
    expect(findProperty(set(model, 'Products'), 'id')).toMatchObject({ computed: false, hasDefault: true });
  });

  it('applies the model config: renames, hidden columns and sets, read-only', () => {
    const config = parseModelConfig(
      {
        entitySets: {
          products: { name: 'Items', readOnly: true, properties: { cost: { hidden: true }, name: { name: 'title' } } },
          'public.suppliers': { hidden: true },
          readings: { key: ['sensor'] },
        },
      },
      'test',
    );
    const renamed = sampleModel(config);
    const items = set(renamed, 'Items');
    expect(items.readOnly).toBe(true);
    expect(findProperty(items, 'cost')).toBeUndefined();
    expect(findProperty(items, 'title')).toMatchObject({ column: 'name' });
    expect(findEntitySet(renamed, 'Suppliers')).toBeUndefined();
    expect(items.entityType.navigationProperties.map((n) => n.name)).toEqual(['category']);
    expect(set(renamed, 'Readings').entityType.key).toEqual(['sensor']);
  });

  it('rejects a model config that names a missing column or an invalid identifier', () => {
    expect(() => sampleModel(parseModelConfig({ entitySets: { products: { properties: { nope: { hidden: true } } } } }, 't'))).toThrow(ModelConfigError);
    expect(() => sampleModel(parseModelConfig({ entitySets: { products: { name: 'not valid' } } }, 't'))).toThrow(ModelConfigError);
    expect(() => parseModelConfig({ entitySets: { products: { colour: 'red' } } }, 't')).toThrow(ModelConfigError);
  });

  it('carries per-set page size maxima and count-estimate thresholds, none by default', () => {
    expect(set(model, 'Products')).toMatchObject({ maxPageSize: null, estimateCountAbove: null });
    const configured = sampleModel(parseModelConfig({ entitySets: { products: { maxPageSize: 250, estimateCountAbove: 1_000_000 } } }, 't'));
    expect(set(configured, 'Products')).toMatchObject({ maxPageSize: 250, estimateCountAbove: 1_000_000 });
    expect(() => parseModelConfig({ entitySets: { products: { maxPageSize: 0 } } }, 't')).toThrow(ModelConfigError);
    expect(() => parseModelConfig({ entitySets: { products: { estimateCountAbove: -1 } } }, 't')).toThrow(ModelConfigError);
    expect(() => parseModelConfig({ entitySets: { products: { maxPageSize: 2.5 } } }, 't')).toThrow(ModelConfigError);
  });

  describe('change tracking', () => {
    /** The sample catalog with order_lines (a composite key) tracked besides products. */
    const tracked: Catalog = {
      ...sampleCatalog,
      relations: sampleCatalog.relations.map((relation) => (relation.name === 'order_lines' ? { ...relation, tracked: true } : relation)),
    };
    const build = (entitySets: Record<string, unknown>) => buildModel(tracked, { namespace: 'Demo', config: parseModelConfig({ entitySets }, 't') });

    it('gives a tracked table whose entity key is its primary key the primary-key columns', () => {
      expect(set(model, 'Products').changeTracking).toEqual({ keyColumns: ['id'] });
    });

    it('leaves untracked tables without change tracking', () => {
      expect(model.entitySets.filter((entitySet) => entitySet.changeTracking !== null).map((entitySet) => entitySet.name)).toEqual(['Products']);
      expect(set(model, 'Categories').changeTracking).toBeNull();
    });

    it('compares the key by its columns when properties are renamed', () => {
      const { model: renamed, notices } = build({ order_lines: { properties: { order_id: { name: 'orderId' }, line_no: { name: 'lineNo' } } } });

      expect(set(renamed, 'OrderLines').entityType.key).toEqual(['orderId', 'lineNo']);
      expect(set(renamed, 'OrderLines').changeTracking).toEqual({ keyColumns: ['order_id', 'line_no'] });
      expect(notices.filter((notice) => notice.includes('change-tracked'))).toEqual([]);
    });

    it('accepts a configured key of the primary-key columns in another order', () => {
      const { model: reordered } = build({ order_lines: { key: ['line_no', 'order_id'] } });

      expect(set(reordered, 'OrderLines').changeTracking).toEqual({ keyColumns: ['order_id', 'line_no'] });
    });

    it('turns delta links off, with a notice, when the configured key is not the primary key', () => {
      const { model: rekeyed, notices } = build({ products: { key: ['sku'] } });

      expect(set(rekeyed, 'Products').entityType.key).toEqual(['sku']);
      expect(set(rekeyed, 'Products').changeTracking).toBeNull();
      expect(notices).toContainEqual(expect.stringMatching(/^Products \(public\.products\) is change-tracked.*\(sku\).*\(id\).*delta links are off/));
      expect(set(rekeyed, 'OrderLines').changeTracking).toEqual({ keyColumns: ['order_id', 'line_no'] });
    });
  });

  describe('ETags and constraints', () => {
    /** The sample catalog plus a view with a version column. */
    const withView: Catalog = {
      ...sampleCatalog,
      relations: [
        ...sampleCatalog.relations,
        {
          schema: 'public',
          name: 'price_list',
          kind: 'view',
          columns: [column('sku', 'varchar'), column('price', 'numeric'), column('changed', 'timestamptz'), column('tag', 'text')],
          primaryKey: null,
          uniqueKeys: [],
          foreignKeys: [],
          constraints: [],
          tracked: false,
        },
      ],
    };
    const build = (entitySets: Record<string, unknown>) =>
      buildModel(withView, { namespace: 'Demo', config: parseModelConfig({ entitySets }, 't') }).model;

    it("takes a table's ETag from xmin and gives a view none, without config", () => {
      const built = build({});
      expect(set(built, 'Products')).toMatchObject({ etag: { kind: 'xmin' }, requireIfMatch: false });
      expect(set(built, 'Readings').etag).toEqual({ kind: 'xmin' });
      expect(set(built, 'PriceList')).toMatchObject({ etag: null, requireIfMatch: false });
    });

    it.each([
      ['suppliers', 'rating', 'Suppliers', 'increment'],
      ['categories', 'id', 'Categories', 'increment'],
      ['products', 'stock', 'Products', 'increment'],
      ['products', 'created', 'Products', 'timestamp'],
      ['products', 'name', 'Products', 'none'],
      ['products', 'tags', 'Products', 'none'],
      ['price_list', 'changed', 'PriceList', 'timestamp'],
      ['price_list', 'tag', 'PriceList', 'none'],
    ])('takes the ETag of %s from its column %s (%s advanced by: %s)', (table, etagColumn, setName, advance) => {
      expect(set(build({ [table]: { etagColumn } }), setName).etag).toEqual({ kind: 'column', column: etagColumn, advance });
    });

    it('uses the Postgres name of a renamed or hidden version column', () => {
      const built = build({ products: { etagColumn: 'created', properties: { created: { name: 'createdAt' } } }, suppliers: { etagColumn: 'rating', properties: { rating: { hidden: true } } } });
      expect(set(built, 'Products').etag).toEqual({ kind: 'column', column: 'created', advance: 'timestamp' });
      expect(set(built, 'Suppliers').etag).toEqual({ kind: 'column', column: 'rating', advance: 'increment' });
    });

    it('rejects an etagColumn that is not a column, naming the set and the column', () => {
      const messageOf = (etagColumn: string) => {
        try {
          build({ products: { etagColumn } });
        } catch (error) {
          expect(error).toBeInstanceOf(ModelConfigError);
          return (error as Error).message;
        }
        throw new Error('no error');
      };
      expect(messageOf('version')).toMatch(/(?=.*\bProducts\b)(?=.*"version")/);
      // Postgres names are case-sensitive: "Name" is not the column name
      expect(messageOf('Name')).toMatch(/(?=.*\bProducts\b)(?=.*"Name")/);
    });

    it('requires If-Match where configured, only on a set with an ETag', () => {
      expect(set(build({ products: { requireIfMatch: true } }), 'Products').requireIfMatch).toBe(true);
      expect(set(build({ price_list: { requireIfMatch: true, etagColumn: 'changed' } }), 'PriceList').requireIfMatch).toBe(true);
      expect(() => build({ price_list: { requireIfMatch: true } })).toThrow(ModelConfigError);
      expect(() => build({ price_list: { requireIfMatch: true } })).toThrow(/PriceList/);
      expect(set(build({ price_list: { requireIfMatch: false } }), 'PriceList').requireIfMatch).toBe(false);
      expect(() => parseModelConfig({ entitySets: { products: { requireIfMatch: 'yes' } } }, 't')).toThrow(ModelConfigError);
      expect(() => parseModelConfig({ entitySets: { products: { etagColumn: '' } } }, 't')).toThrow(ModelConfigError);
    });

    it("carries each table's constraints with their Postgres column names", () => {
      expect(set(model, 'Products').constraints).toEqual([
        { name: 'products_category_id_fkey', kind: 'foreignKey', columns: ['category_id'] },
        { name: 'products_pkey', kind: 'primaryKey', columns: ['id'] },
        { name: 'products_sku_key', kind: 'unique', columns: ['sku'] },
        { name: 'products_supplier_id_fkey', kind: 'foreignKey', columns: ['supplier_id'] },
      ]);
      expect(set(model, 'Suppliers').constraints).toContainEqual({ name: 'suppliers_rating_check', kind: 'check', columns: ['rating'] });
      expect(set(model, 'Readings').constraints).toEqual([]);
    });
  });
});
