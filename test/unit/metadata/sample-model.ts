/**
 * A small, complete EDM model written by hand (not introspected): an enum, Guid / integer /
 * composite keys, a keyless view, Decimal and String facets, a collection, a computed column, an
 * alternate key, a one-to-many pair with partners and a referential constraint, a non-ASCII
 * name, an entity type shared by two sets, read-only sets, and a change-tracked set.
 */
import type {
  EdmEntitySet,
  EdmEntityType,
  EdmEnumType,
  EdmModel,
  EdmNavigationProperty,
  EdmPrimitiveName,
  EdmProperty,
  EdmTypeRef,
} from '../../../src/model/edm-model.js';

const namespace = 'Shop';

interface PropertyOptions {
  readonly column?: string;
  readonly collection?: boolean;
  readonly nullable?: boolean;
  readonly maxLength?: number;
  readonly precision?: number;
  readonly scale?: number | 'variable';
  readonly hasDefault?: boolean;
  readonly computed?: boolean;
  readonly textFallback?: boolean;
}

function property(name: string, type: EdmTypeRef, pgType: string, options: PropertyOptions = {}): EdmProperty {
  const collection = options.collection ?? false;
  return {
    name,
    column: options.column ?? name,
    type,
    collection,
    nullable: options.nullable ?? true,
    ...(options.maxLength === undefined ? {} : { maxLength: options.maxLength }),
    ...(options.precision === undefined ? {} : { precision: options.precision }),
    ...(options.scale === undefined ? {} : { scale: options.scale }),
    pgType: {
      schema: type.kind === 'enum' ? 'shop' : 'pg_catalog',
      name: pgType.replace(/\(.*$/, ''),
      formatted: collection ? `${pgType}[]` : pgType,
      isArray: collection,
    },
    hasDefault: options.hasDefault ?? options.computed ?? false,
    computed: options.computed ?? false,
    textFallback: options.textFallback ?? false,
  };
}

function primitive(name: EdmPrimitiveName): EdmTypeRef {
  return { kind: 'primitive', name };
}

function navigation(
  name: string,
  targetSet: string,
  shape: Omit<EdmNavigationProperty, 'name' | 'targetSet'>,
): EdmNavigationProperty {
  return { name, targetSet, ...shape };
}

function entityType(
  name: string,
  key: readonly string[] | null,
  properties: readonly EdmProperty[],
  more: Partial<Pick<EdmEntityType, 'alternateKeys' | 'navigationProperties'>> = {},
): EdmEntityType {
  return {
    name,
    qualifiedName: `${namespace}.${name}`,
    properties,
    key,
    alternateKeys: more.alternateKeys ?? [],
    navigationProperties: more.navigationProperties ?? [],
  };
}

function entitySet(
  name: string,
  type: EdmEntityType,
  table: string,
  options: { readonly kind?: 'table' | 'view'; readonly readOnly?: boolean; readonly changeTracking?: EdmEntitySet['changeTracking'] } = {},
): EdmEntitySet {
  return {
    name,
    entityType: type,
    table: { schema: 'shop', name: table, kind: options.kind ?? 'table' },
    readOnly: options.readOnly ?? false,
    searchable: [],
    maxPageSize: null,
    estimateCountAbove: null,
    etag: null,
    requireIfMatch: false,
    constraints: [],
    changeTracking: options.changeTracking ?? null,
  };
}

const orderStatus: EdmEnumType = {
  name: 'OrderStatus',
  qualifiedName: `${namespace}.OrderStatus`,
  members: ['pending', 'shipped', 'delivered', 'cancelled'],
  pgSchema: 'shop',
  pgName: 'order_status',
};

const orderStatusType: EdmTypeRef = { kind: 'enum', name: orderStatus.name, qualifiedName: orderStatus.qualifiedName };

/** Guid key, String facets, a collection, a non-ASCII name, an alternate key, the "one" side. */
const customer = entityType(
  'Customer',
  ['id'],
  [
    property('id', primitive('Edm.Guid'), 'uuid', { nullable: false, hasDefault: true }),
    property('name', primitive('Edm.String'), 'varchar(120)', { nullable: false, maxLength: 120 }),
    property('email', primitive('Edm.String'), 'varchar(254)', { nullable: false, maxLength: 254 }),
    property('straße', primitive('Edm.String'), 'text', { column: 'strasse' }),
    property('tags', primitive('Edm.String'), 'text', { collection: true, nullable: false }),
  ],
  {
    alternateKeys: [['email']],
    navigationProperties: [
      navigation('orders', 'Orders', {
        collection: true,
        nullable: false,
        partner: 'customer',
        constraints: [],
        join: [{ sourceColumn: 'id', targetColumn: 'customer_id' }],
      }),
    ],
  },
);

/** Integer key (identity always: computed), enum, Decimal(12,2), the "many" side with the FK. */
const order = entityType(
  'Order',
  ['id'],
  [
    property('id', primitive('Edm.Int64'), 'int8', { nullable: false, computed: true }),
    property('customerId', primitive('Edm.Guid'), 'uuid', { column: 'customer_id', nullable: false }),
    property('status', orderStatusType, 'order_status', { nullable: false, hasDefault: true }),
    property('total', primitive('Edm.Decimal'), 'numeric(12,2)', { nullable: false, precision: 12, scale: 2 }),
    property('placedAt', primitive('Edm.DateTimeOffset'), 'timestamptz', {
      column: 'placed_at',
      nullable: false,
      hasDefault: true,
    }),
  ],
  {
    navigationProperties: [
      navigation('customer', 'Customers', {
        collection: false,
        nullable: false,
        partner: 'orders',
        constraints: [{ property: 'customerId', referencedProperty: 'id' }],
        join: [{ sourceColumn: 'customer_id', targetColumn: 'id' }],
      }),
      navigation('lines', 'OrderLines', {
        collection: true,
        nullable: false,
        partner: 'order',
        constraints: [],
        join: [{ sourceColumn: 'id', targetColumn: 'order_id' }],
      }),
    ],
  },
);

/** Composite key; a nullable single-valued navigation without partner. */
const orderLine = entityType(
  'OrderLine',
  ['orderId', 'lineNo'],
  [
    property('orderId', primitive('Edm.Int64'), 'int8', { column: 'order_id', nullable: false }),
    property('lineNo', primitive('Edm.Int32'), 'int4', { column: 'line_no', nullable: false }),
    property('productId', primitive('Edm.Int32'), 'int4', { column: 'product_id' }),
    property('quantity', primitive('Edm.Int32'), 'int4', { nullable: false }),
  ],
  {
    navigationProperties: [
      navigation('order', 'Orders', {
        collection: false,
        nullable: false,
        partner: 'lines',
        constraints: [{ property: 'orderId', referencedProperty: 'id' }],
        join: [{ sourceColumn: 'order_id', targetColumn: 'id' }],
      }),
      navigation('product', 'Products', {
        collection: false,
        nullable: true,
        constraints: [{ property: 'productId', referencedProperty: 'id' }],
        join: [{ sourceColumn: 'product_id', targetColumn: 'id' }],
      }),
    ],
  },
);

/** Int32 key, alternate key, unconstrained numeric (Scale variable); shared by two sets. */
const product = entityType(
  'Product',
  ['id'],
  [
    property('id', primitive('Edm.Int32'), 'int4', { nullable: false, hasDefault: true }),
    property('sku', primitive('Edm.String'), 'varchar(40)', { nullable: false, maxLength: 40 }),
    property('price', primitive('Edm.Decimal'), 'numeric', { scale: 'variable' }),
    property('weight', primitive('Edm.Double'), 'float8'),
  ],
  { alternateKeys: [['sku']] },
);

/** A view without primary key; a column whose Postgres type has no EDM counterpart. */
const auditEntry = entityType('AuditEntry', null, [
  property('at', primitive('Edm.DateTimeOffset'), 'timestamptz', { nullable: false }),
  property('actor', primitive('Edm.String'), 'text'),
  property('search', primitive('Edm.String'), 'tsvector', { textFallback: true }),
]);

export const sampleModel: EdmModel = {
  namespace,
  containerName: 'ShopService',
  entitySets: [
    entitySet('Customers', customer, 'customers', { changeTracking: { keyColumns: ['id'] } }),
    entitySet('Orders', order, 'orders'),
    entitySet('OrderLines', orderLine, 'order_lines'),
    entitySet('Products', product, 'products'),
    entitySet('FeaturedProducts', product, 'featured_products', { kind: 'view', readOnly: true }),
    entitySet('AuditLog', auditEntry, 'audit_log', { kind: 'view', readOnly: true }),
  ],
  enumTypes: [orderStatus],
};

/** The sample model with every set writable and none change-tracked: documents must then not reference Capabilities. */
export const writableSampleModel: EdmModel = {
  ...sampleModel,
  entitySets: sampleModel.entitySets.map((set) => ({ ...set, readOnly: false, changeTracking: null })),
};

/**
 * The sample model where updates must send `If-Match`: Orders with a version column (a property
 * whose OData name differs from its column) and Customers with `xmin`.
 */
export const concurrencySampleModel: EdmModel = {
  ...sampleModel,
  entitySets: sampleModel.entitySets.map((set) => {
    if (set.name === 'Orders') return { ...set, etag: { kind: 'column', column: 'placed_at', advance: 'timestamp' }, requireIfMatch: true };
    if (set.name === 'Customers') return { ...set, etag: { kind: 'xmin' }, requireIfMatch: true };
    return set;
  }),
};
