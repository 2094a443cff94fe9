import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { applyGuidColumn } from '../../src/db/add-guid-column.js';
import { surrogateGuid } from '../../src/model/uuid-v5.js';
import { compileGuidColumn, type GuidColumnTarget } from '../../src/sql/compile-guid-column.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import {
  dataverseClient,
  dataverseTypes,
  entityViolations,
  GUID,
  readCsdlXml,
  responseViolations,
  type Csdl,
  type CsdlEntityType,
  type DataverseClient,
} from '../support/dataverse-requests.js';
import { testBackends } from '../support/test-database.js';
import { validateCsdlXml } from '../support/validate-csdl.js';

type Entity = Record<string, unknown>;
type Page = { '@odata.count'?: number; '@odata.nextLink'?: string; value: Entity[] };

/** A table replayed through the provider's request sequence, with what each step writes. */
interface ReplayedSet {
  readonly set: string;
  readonly schema: string;
  readonly table: string;
  /** The native key column, to find a row again with SQL. */
  readonly column: string;
  /** What a grid asks for besides the key. */
  readonly grid: readonly string[];
  /** The page size of server-driven paging: few requests for the whole table. */
  readonly pageSize: number;
  /** A new row; `unique` keeps repeated runs apart. */
  create(unique: number): Entity;
  /** A change to it, and the column and text SQL must then show. */
  readonly update: { readonly body: Entity; readonly column: string; readonly stored: string };
}

const replayed: readonly ReplayedSet[] = [
  {
    set: 'Products',
    schema: 'public',
    table: 'products',
    column: 'id',
    grid: ['sku', 'name', 'price', 'release_date', 'created', 'quantity', 'discontinued', 'weight_kg'],
    pageSize: 250,
    create: (unique) => ({ sku: `DV-${unique}`, name: 'Dataverse kettle', price: 9.5, category_id: 1, release_date: '2024-05-01T00:00:00Z' }),
    update: { body: { name: 'Dataverse kettle, renamed' }, column: 'name', stored: 'Dataverse kettle, renamed' },
  },
  {
    set: 'Categories',
    schema: 'public',
    table: 'categories',
    column: 'id',
    grid: ['name', 'description'],
    pageSize: 5,
    create: (unique) => ({ name: `Dataverse ${unique}`, description: null }),
    update: { body: { description: 'From Dataverse' }, column: 'description', stored: 'From Dataverse' },
  },
  {
    set: 'AllTypes',
    schema: 'fixtures',
    table: 'all_types',
    column: 'id',
    grid: ['c_smallint', 'c_bigint', 'c_numeric', 'c_real', 'c_double', 'c_bool', 'c_text', 'c_varchar', 'c_date', 'c_timestamptz', 'c_time', 'c_mood'],
    pageSize: 2,
    create: (unique) => ({ id: 1000 + unique, c_text: 'from Dataverse', c_smallint: 3, c_date: '2024-05-01T00:00:00Z', c_bool: true }),
    update: { body: { c_text: 'changed by Dataverse' }, column: 'c_text', stored: 'changed by Dataverse' },
  },
  {
    set: 'Suppliers',
    schema: 'public',
    table: 'suppliers',
    column: 'id',
    grid: ['name', 'country', 'rating'],
    pageSize: 10,
    create: (unique) => ({ id: `DV-SUP-${unique}`, name: `Supplier ${unique}`, country: 'NL', rating: 4 }),
    update: { body: { name: 'Renamed by Dataverse' }, column: 'name', stored: 'Renamed by Dataverse' },
  },
  {
    set: 'OrderLines',
    schema: 'fixtures',
    table: 'order_lines',
    column: 'order_id',
    grid: ['sku', 'quantity'],
    pageSize: 2,
    create: (unique) => ({ order_id: 100_000 + unique, line_no: 1, sku: 'SKU-000009', quantity: 3 }),
    update: { body: { quantity: 7 }, column: 'quantity', stored: '7' },
  },
];

/** Tables with a text or composite key, given their surrogate Guid column as `dataverse-keys` does. */
const surrogateTargets: readonly GuidColumnTarget[] = [
  { schema: 'public', table: 'suppliers', keyColumns: ['id'], column: 'odata_guid' },
  { schema: 'fixtures', table: 'order_lines', keyColumns: ['order_id', 'line_no'], column: 'odata_guid' },
];

/** The Guid in an entity id URL: `…/Set(<guid>)`. */
function guidOfEntityId(url: unknown): string {
  const found = /\(([0-9a-f-]{36})\)$/i.exec(String(url));
  if (found?.[1] === undefined) throw new Error(`no Guid key in ${String(url)}`);
  return found[1];
}

describe.each(testBackends)('Dataverse compatibility on %s', (backend) => {
  let t: TestApp;
  let app: FastifyInstance;
  let dv: DataverseClient;
  let xml: string;
  let csdl: Csdl;
  beforeAll(async () => {
    t = await buildTestApp(backend);
    for (const target of surrogateTargets) await applyGuidColumn(t.database, target, compileGuidColumn(target, 500), () => undefined);
    // The model is read at start: a service started after the columns were added keys those tables by them.
    app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', DB_SCHEMAS: 'public,fixtures', MIGRATE_ON_START: 'false', SEED_ON_START: 'false' }), { database: t.database });
    dv = dataverseClient(app);
    const metadata = await dv.get('$metadata', { accept: 'application/xml' });
    expect(metadata.statusCode).toBe(200);
    xml = metadata.body;
    csdl = readCsdlXml(xml);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const typeOf = (set: string): CsdlEntityType => {
    const type = csdl.entityTypes.get(csdl.entitySets.get(set) ?? '');
    if (type === undefined) throw new Error(`${set} is not in the Dataverse $metadata`);
    return type;
  };
  const keyOf = (set: string): string => typeOf(set).key[0] as string;
  const sqlCount = async (schema: string, table: string): Promise<number> =>
    Number(((await t.sql<{ n: string }>(`select count(*)::text as n from ${schema}.${table}`))[0] as { n: string }).n);
  /** Every entity of a set, by server-driven paging: `query` on the first request, then each nextLink. */
  const allPages = async (set: string, query: string, pageSize: number): Promise<{ entities: Entity[]; requests: number }> => {
    const entities: Entity[] = [];
    let next: string | undefined = `${set}?${query}`;
    let requests = 0;
    while (next !== undefined) {
      const response = await dv.get(next, { prefer: `odata.maxpagesize=${pageSize}` });
      expect(response.statusCode).toBe(200);
      expect(response.headers['preference-applied']).toBe(`odata.maxpagesize=${pageSize}`);
      const page = response.json<Page>();
      expect(responseViolations(page, typeOf(set))).toEqual([]);
      expect(page.value.length).toBeLessThanOrEqual(pageSize);
      entities.push(...page.value);
      next = page['@odata.nextLink'];
      requests += 1;
    }
    return { entities, requests };
  };

  describe('metadata fetch', () => {
    it('is valid CSDL and every entity type has exactly one key property, of type Edm.Guid and not nullable', async () => {
      expect(await validateCsdlXml(xml)).toEqual([]);
      expect(csdl.entityTypes.size).toBeGreaterThan(0);
      for (const type of csdl.entityTypes.values()) {
        expect(type.key, type.name).toHaveLength(1);
        const key = type.properties.find((property) => property.name === type.key[0]);
        expect(key, type.name).toMatchObject({ type: 'Edm.Guid', nullable: false });
      }
    });

    it('declares only the eight mappable types, and every Edm.String with a MaxLength of at most 4000', () => {
      for (const type of csdl.entityTypes.values()) {
        for (const property of type.properties) {
          expect(dataverseTypes, `${type.name}.${property.name}`).toContain(property.type);
          if (property.type === 'Edm.String') {
            expect(property.maxLength, `${type.name}.${property.name}`).not.toBeNull();
            expect(property.maxLength as number, `${type.name}.${property.name}`).toBeLessThanOrEqual(4000);
          }
        }
      }
    });

    it('serves the uuid, integer and many-typed integer-key tables', () => {
      expect(keyOf('Products')).toBe('id');
      expect(keyOf('Categories')).not.toBe('id');
      expect(keyOf('AllTypes')).not.toBe('id');
    });

    it.each(replayed)('declares Nullable of $set as the database column NOT NULL says', async ({ set, schema, table }) => {
      const columns = await t.sql<{ column_name: string; is_nullable: string }>(
        'select column_name, is_nullable from information_schema.columns where table_schema = ? and table_name = ?',
        [schema, table],
      );
      const nullable = new Map(columns.map((column) => [column.column_name, column.is_nullable === 'YES']));
      const type = typeOf(set);
      for (const property of type.properties) {
        if (property.name === type.key[0] && !nullable.has(property.name)) continue;
        expect(nullable.has(property.name), `${set}.${property.name} is a column`).toBe(true);
        expect(property.nullable, `${set}.${property.name}`).toBe(nullable.get(property.name));
      }
    });
  });

  describe.each(replayed)('the provider’s requests to $set', (replay) => {
    const { set, schema, table, grid, pageSize } = replay;
    const select = (): string[] => [keyOf(set), ...grid];
    const gridPath = (extra: string): string => `${set}?$top=2&$select=${select().join(',')}&$count=true${extra}`;

    it('answers a grid with count: the first rows, the exact count, every value Dataverse-typed', async () => {
      const response = await dv.get(gridPath(''));
      expect(response.statusCode).toBe(200);
      const body = response.json<Page>();
      expect(responseViolations(body, typeOf(set), select())).toEqual([]);
      expect(body['@odata.count']).toBe(await sqlCount(schema, table));
      expect(body.value).toHaveLength(2);
      for (const entity of body.value) expect(Object.keys(entity).filter((name) => !name.startsWith('@')).sort()).toEqual(select().sort());
    });

    it('answers the next grid page by $skip: the rows after the first page in the same order', async () => {
      const first = (await dv.get(gridPath(''))).json<Page>();
      const second = await dv.get(gridPath('&$skip=2'));
      expect(second.statusCode).toBe(200);
      const body = second.json<Page>();
      expect(responseViolations(body, typeOf(set), select())).toEqual([]);
      expect(body['@odata.count']).toBe(first['@odata.count']);
      const both = (await dv.get(`${set}?$top=4&$select=${select().join(',')}`)).json<Page>();
      expect([...first.value, ...body.value]).toEqual(both.value.slice(0, first.value.length + body.value.length));
    });

    it('pages through every row by following @odata.nextLink ($skiptoken), each row once', async () => {
      const { entities, requests } = await allPages(set, `$select=${select().join(',')}&$count=true`, pageSize);
      const total = await sqlCount(schema, table);
      expect(requests).toBe(Math.max(1, Math.ceil(total / pageSize)));
      const keys = entities.map((entity) => entity[keyOf(set)]);
      expect(new Set(keys).size).toBe(total);
      for (const entity of entities) expect(entityViolations(entity, typeOf(set), select())).toEqual([]);
    });

    it('opens a form by Guid key: the same row the grid showed, with every property', async () => {
      const [row] = (await dv.get(gridPath('&$skip=1'))).json<Page>().value;
      const guid = row?.[keyOf(set)] as string;
      expect(guid).toMatch(GUID);
      const response = await dv.get(`${set}(${guid})`);
      expect(response.statusCode).toBe(200);
      const body = response.json<Entity>();
      expect(responseViolations(body, typeOf(set))).toEqual([]);
      expect(body).toMatchObject(Object.fromEntries(Object.entries(row as Entity).filter(([name]) => !name.startsWith('@'))));
      expect(Object.keys(body).filter((name) => !name.startsWith('@')).sort()).toEqual(typeOf(set).properties.map((property) => property.name).sort());
    });

    it('answers a lookup or-chain of Guid key equalities with exactly those rows', async () => {
      const key = keyOf(set);
      const { entities } = await allPages(set, `$select=${key}`, pageSize);
      const wanted = [entities[0], entities[entities.length - 1], entities[Math.floor(entities.length / 2)]].map((entity) => entity?.[key] as string);
      const unknown = randomUUID();
      const filter = [...wanted, unknown].map((guid) => `${key} eq ${guid}`).join(' or ');
      const response = await dv.get(`${set}?$filter=${encodeURIComponent(filter)}&$select=${key}`);
      expect(response.statusCode).toBe(200);
      const body = response.json<Page>();
      expect(responseViolations(body, typeOf(set), [key])).toEqual([]);
      expect(body.value.map((entity) => entity[key]).sort()).toEqual([...new Set(wanted)].sort());
    });

    it('creates (the new Guid in Location and OData-EntityId), updates and deletes by Guid', async () => {
      const unique = Math.floor(Math.random() * 1_000_000);
      const created = await dv.send('POST', set, replay.create(unique));
      expect(created.statusCode, created.body).toBe(204);
      const guid = guidOfEntityId(created.headers['location']);
      expect(guidOfEntityId(created.headers['odata-entityid'])).toBe(guid);

      const read = await dv.get(`${set}(${guid})`);
      expect(read.statusCode).toBe(200);
      const entity = read.json<Entity>();
      expect(responseViolations(entity, typeOf(set))).toEqual([]);
      expect(entity[keyOf(set)]).toBe(guid);
      const native = entity[replay.column] as string | number;
      expect(await t.sql(`select 1 from ${schema}.${table} where ${replay.column} = ?`, [native])).toHaveLength(1);

      const updated = await dv.send('PATCH', `${set}(${guid})`, replay.update.body);
      expect(updated.statusCode, updated.body).toBe(204);
      const stored = await t.sql<{ value: string }>(`select ${replay.update.column}::text as value from ${schema}.${table} where ${replay.column} = ?`, [native]);
      expect(stored).toEqual([{ value: replay.update.stored }]);

      const deleted = await dv.send('DELETE', `${set}(${guid})`);
      expect(deleted.statusCode, deleted.body).toBe(204);
      expect((await dv.get(`${set}(${guid})`)).statusCode).toBe(404);
      expect(await t.sql(`select 1 from ${schema}.${table} where ${replay.column} = ?`, [native])).toEqual([]);
    });
  });

  it.each(replayed.filter(({ set }) => set === 'Categories' || set === 'AllTypes'))(
    'rejects a client-supplied Guid key on the integer-key table $set with a 400 naming the property',
    async ({ set, schema, table, create }) => {
      const key = keyOf(set);
      const [existing] = (await dv.get(`${set}?$top=1&$select=${key}`)).json<Page>().value;
      const before = await sqlCount(schema, table);
      const response = await dv.send('POST', set, { ...create(Math.floor(Math.random() * 1_000_000)), [key]: existing?.[key] });
      expect(response.statusCode).toBe(400);
      const error = response.json<{ error: { target?: string; message: string } }>().error;
      expect(error.target).toBe(key);
      expect(error.message).toContain(key);
      expect(await sqlCount(schema, table)).toBe(before);
    },
  );

  it('answers an or chain mixing the Guid key and the integer key it encodes (one column, two types)', async () => {
    const [category] = (await dv.get('Categories?$filter=id eq 3&$select=CategoryId')).json<Page>().value;
    const mixed = await dv.get(`Categories?$filter=${encodeURIComponent(`CategoryId eq ${category?.['CategoryId'] as string} or id eq 5`)}&$select=id&$orderby=id`);
    expect(mixed.statusCode, mixed.body).toBe(200);
    expect(mixed.json<Page>().value.map((entity) => entity['id'])).toEqual([3, 5]);
  });

  it('takes the 4.0 spelling $inlinecount=allpages and ignores If-None-Match: null, unknown Prefer values and custom options', async () => {
    const plain = await dv.get('Categories?$top=3&$select=name&$count=true');
    const lenient = await dv.get('Categories?$top=3&$select=name&$inlinecount=allpages&client=dataverse', { 'if-none-match': 'null', prefer: 'odata.include-annotations="*", x-unknown=1' });
    expect(lenient.statusCode).toBe(200);
    expect(lenient.json<Page>()['@odata.count']).toBe(plain.json<Page>()['@odata.count']);
    expect(lenient.json<Page>().value).toEqual(plain.json<Page>().value);
  });

  it('gives a Supplier created with a Guid of its own the Guid its key makes (the column is computed)', async () => {
    const id = `DV-SUP-OWN-${Math.floor(Math.random() * 1_000_000)}`;
    const created = await dv.send('POST', 'Suppliers', { id, name: 'Own Guid', odata_guid: randomUUID() });
    expect(created.statusCode, created.body).toBe(204);
    expect(guidOfEntityId(created.headers['location'])).toBe(surrogateGuid('public', 'suppliers', [id]));
  });

  it('creates a Product with a client-supplied Guid key under that Guid', async () => {
    const id = randomUUID();
    const created = await dv.send('POST', 'Products', { id, sku: `DV-ID-${id.slice(0, 8)}`, name: 'Given Guid', price: 1, category_id: 2 });
    expect(created.statusCode, created.body).toBe(204);
    expect(guidOfEntityId(created.headers['location'])).toBe(id);
    expect(await t.sql('select 1 from products where id = ?', [id])).toHaveLength(1);
  });

  describe('keys, links, batches and mapped types', () => {
    it('pages all Categories ordered by the Guid key with $skiptoken, in the order of the integer key', async () => {
      const ids = (await t.sql<{ id: number }>('select id from categories order by id')).map((row) => row.id);
      const ascending = await allPages('Categories', '$orderby=CategoryId', 2);
      expect(ascending.requests).toBe(Math.ceil(ids.length / 2));
      expect(ascending.entities.map((entity) => entity['id'])).toEqual(ids);
      const guids = ascending.entities.map((entity) => entity['CategoryId'] as string);
      expect(new Set(guids).size).toBe(ids.length);
      const descending = await allPages('Categories', '$orderby=CategoryId desc', 2);
      expect(descending.entities.map((entity) => entity['CategoryId'])).toEqual([...guids].reverse());
    });

    it('expands a navigation both ways, the expanded entities keyed by their Guid', async () => {
      const products = await dv.get('Products?$top=3&$select=id,category_id&$expand=category');
      expect(products.statusCode).toBe(200);
      const body = products.json<Page>();
      expect(responseViolations(body, typeOf('Products'), ['id', 'category_id'])).toEqual([]);
      for (const product of body.value) {
        const category = product['category'] as Entity;
        expect(entityViolations(category, typeOf('Categories'))).toEqual([]);
        expect(category['id']).toBe(product['category_id']);
        expect(category['CategoryId']).toMatch(GUID);
      }
      const [category] = (await dv.get('Categories?$top=1&$filter=id eq 3')).json<Page>().value;
      const withProducts = await dv.get(`Categories(${category?.['CategoryId'] as string})?$expand=products($select=id,category_id)`);
      expect(withProducts.statusCode).toBe(200);
      const expanded = withProducts.json<Entity>()['products'] as Entity[];
      const count = await t.sql<{ n: string }>('select count(*)::text as n from products where category_id = 3');
      expect(expanded).toHaveLength(Number(count[0]?.n));
      for (const product of expanded) expect(product).toMatchObject({ category_id: 3, id: expect.stringMatching(GUID) });
    });

    it('binds a Product to a Category by its Guid (category@odata.bind)', async () => {
      const [category] = (await dv.get('Categories?$filter=id eq 4&$select=CategoryId')).json<Page>().value;
      const sku = `DV-BIND-${randomUUID().slice(0, 8)}`;
      const created = await dv.send('POST', 'Products', { sku, name: 'Bound', price: 2, 'category@odata.bind': `Categories(${category?.['CategoryId'] as string})` });
      expect(created.statusCode, created.body).toBe(204);
      expect(await t.sql('select category_id from products where sku = ?', [sku])).toEqual([{ category_id: 4 }]);
      const unknown = await dv.send('POST', 'Products', { sku: `${sku}-X`, name: 'Unbound', price: 2, 'category@odata.bind': `Categories(${randomUUID()})` });
      expect(unknown.statusCode).toBeGreaterThanOrEqual(400);
      expect(unknown.statusCode).toBeLessThan(500);
      expect(await t.sql('select 1 from products where sku = ?', [`${sku}-X`])).toEqual([]);
    });

    it('runs a JSON $batch with a create and reads by Guid', async () => {
      const [existing] = (await dv.get('Categories?$filter=id eq 5')).json<Page>().value;
      const name = `Dataverse batch ${randomUUID()}`;
      const response = await app.inject({
        method: 'POST',
        url: '/dataverse/$batch',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          requests: [
            { id: 'create', method: 'post', url: 'Categories', headers: { 'content-type': 'application/json' }, body: { name } },
            { id: 'created', method: 'get', url: '$create', dependsOn: ['create'] },
            { id: 'existing', method: 'get', url: `Categories(${existing?.['CategoryId'] as string})` },
          ],
        }),
      });
      expect(response.statusCode).toBe(200);
      const { responses } = response.json<{ responses: { id: string; status: number; headers?: Record<string, string>; body?: Entity }[] }>();
      expect(responses.map((entry) => [entry.id, entry.status])).toEqual([
        ['create', 204],
        ['created', 200],
        ['existing', 200],
      ]);
      const guid = guidOfEntityId(responses[0]?.headers?.['location']);
      expect(responses[1]?.body).toMatchObject({ CategoryId: guid, name });
      expect(responseViolations(responses[1]?.body ?? {}, typeOf('Categories'))).toEqual([]);
      expect(responses[2]?.body).toMatchObject({ CategoryId: existing?.['CategoryId'], id: 5, name: existing?.['name'] });
      const [row] = await t.sql<{ id: number }>('select id from categories where name = ?', [name]);
      expect((await dv.get(`Categories(${guid})`)).json()).toMatchObject({ id: row?.id, name });
    });

    it('stores a Date written as midnight UTC as that date, and rejects any other instant with a 400', async () => {
      const sku = `DV-DATE-${randomUUID().slice(0, 8)}`;
      const created = await dv.send('POST', 'Products', { sku, name: 'Dated', price: 3, category_id: 1, release_date: '2024-05-01T00:00:00Z' });
      expect(created.statusCode, created.body).toBe(204);
      expect(await t.sql("select to_char(release_date, 'YYYY-MM-DD') as day from products where sku = ?", [sku])).toEqual([{ day: '2024-05-01' }]);
      const read = (await dv.get(`Products(${guidOfEntityId(created.headers['location'])})?$select=release_date`)).json<Entity>();
      expect(Date.parse(read['release_date'] as string)).toBe(Date.UTC(2024, 4, 1));

      const late = await dv.send('POST', 'Products', { sku: `${sku}-X`, name: 'Dated', price: 3, category_id: 1, release_date: '2024-05-01T10:00:00Z' });
      expect(late.statusCode).toBe(400);
      expect(late.json().error.target).toBe('release_date');
      const shifted = await dv.send('POST', 'Products', { sku: `${sku}-Y`, name: 'Dated', price: 3, category_id: 1, release_date: '2024-05-01T00:00:00+02:00' });
      expect(shifted.statusCode).toBe(400);
      expect(await t.sql('select 1 from products where sku in (?, ?)', [`${sku}-X`, `${sku}-Y`])).toEqual([]);
    });

    it('reads enum, time and interval columns as text, and a date as its midnight UTC', async () => {
      const [row] = await t.sql<{ c_mood: string; c_time: string; c_date: string }>("select c_mood::text, c_time::text, to_char(c_date, 'YYYY-MM-DD') as c_date from fixtures.all_types where id = 1");
      const [entity] = (await dv.get('AllTypes?$filter=id eq 1')).json<Page>().value;
      const type = typeOf('AllTypes');
      for (const name of ['c_mood', 'c_time', 'c_interval']) expect(type.properties.find((property) => property.name === name)?.type, name).toBe('Edm.String');
      expect(entity).toMatchObject({ c_mood: row?.c_mood, c_time: row?.c_time, c_interval: expect.any(String) });
      expect(Date.parse(entity?.['c_date'] as string)).toBe(Date.parse(`${row?.c_date}T00:00:00Z`));
      expect(type.properties.map((property) => property.name)).not.toContain('c_bytea');
      expect(type.properties.map((property) => property.name)).not.toContain('c_int_array');
    });
  });
});
