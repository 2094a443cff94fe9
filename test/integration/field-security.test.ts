import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { generateApiKey } from '../../src/auth/api-keys.js';
import { loadConfig } from '../../src/config/config.js';
import type { Database } from '../../src/db/database.js';
import { openTestDatabase, testBackends, type TestBackend, type TestDatabase } from '../support/test-database.js';

interface ErrorBody {
  error: { code: string; message: string; target?: string };
}

/** Roles are global to a server cluster: each run names its own, and each database copy may find them made. */
const suffix = randomBytes(4).toString('hex');
/** May read every column of products but `cost`, and categories; not suppliers. */
const clerk = `fs_clerk_${suffix}`;
/** May read everything. */
const manager = `fs_manager_${suffix}`;

const clerkKey = generateApiKey();
const managerKey = generateApiKey();
const env = {
  LOG_LEVEL: 'silent',
  DB_SCHEMAS: 'public,fixtures',
  MIGRATE_ON_START: 'false',
  SEED_ON_START: 'false',
  AUTH_API_KEYS: JSON.stringify([
    { id: 'clerk', hash: clerkKey.hash, role: clerk, scope: 'read-write' },
    { id: 'manager', hash: managerKey.hash, role: manager, scope: 'read-write' },
  ]),
};
const asClerk = { 'x-api-key': clerkKey.key };
const asManager = { 'x-api-key': managerKey.key };

/** The roles and their grants: the clerk's on products are column grants (`xmin` for the ETags), without `cost`. */
async function grant(database: Database): Promise<void> {
  await database.knex.transaction(async (trx) => {
    await trx.raw('set transaction read write');
    for (const role of [clerk, manager]) {
      await trx.raw(`do $$ begin if not exists (select from pg_roles where rolname = '${role}') then create role ${role} nologin; end if; end $$`);
    }
    const columns = (
      await trx.raw<{ rows: { name: string }[] }>(
        "select column_name as name from information_schema.columns where table_schema = 'public' and table_name = 'products' and column_name <> 'cost'",
      )
    ).rows.map((row) => row.name);
    expect(columns).toContain('sku');
    await trx.raw(`grant usage on schema public to ${clerk}, ${manager}`);
    await trx.raw(`grant select (xmin, ${columns.join(', ')}), insert, update on public.products to ${clerk}`);
    await trx.raw(`grant select on public.categories to ${clerk}`);
    await trx.raw(`grant select, insert, update on all tables in schema public to ${manager}`);
    await trx.raw(`create policy fs_all_${suffix} on public.products to ${clerk}, ${manager} using (true) with check (true)`);
  });
}

describe.each(testBackends)('field-level security on %s', (backend: TestBackend) => {
  let copy: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    copy = await openTestDatabase(backend);
    await grant(copy.database);
    app = await buildApp(loadConfig(env), { database: copy.database });
  });
  afterAll(async () => {
    await app?.close();
    await copy?.close();
  });

  const get = (path: string, headers: Record<string, string>) => app.inject({ method: 'GET', url: `/odata/${path}`, headers });
  const write = (method: 'POST' | 'PATCH', path: string, body: unknown, headers: Record<string, string>) =>
    app.inject({ method, url: `/odata/${path}`, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  const expectHidden = (response: Awaited<ReturnType<typeof get>>): void => {
    expect(response.statusCode, response.body).toBe(403);
    const { error } = response.json<ErrorBody>();
    expect(error.target).toBe('cost');
    expect(error.message).toContain("'cost'");
  };

  it('leaves hidden columns and unreadable sets out of $metadata, XML and JSON', async () => {
    const [clerkXml, managerXml] = await Promise.all([get('$metadata', asClerk), get('$metadata', asManager)]);
    expect(clerkXml.statusCode).toBe(200);
    expect(managerXml.body).toContain('<Property Name="cost"');
    expect(clerkXml.body).not.toContain('<Property Name="cost"');
    expect(clerkXml.body).toContain('<Property Name="sku"');
    expect(managerXml.body).toContain('<EntitySet Name="Suppliers"');
    expect(clerkXml.body).not.toContain('<EntitySet Name="Suppliers"');
    expect(clerkXml.body).toContain('<EntitySet Name="Categories"');

    const [clerkJson, managerJson] = await Promise.all([get('$metadata?$format=json', asClerk), get('$metadata?$format=json', asManager)]);
    expect(clerkJson.statusCode).toBe(200);
    expect(managerJson.body).toContain('"cost"');
    expect(clerkJson.body).not.toContain('"cost"');
    expect(managerJson.body).toContain('"Suppliers"');
    expect(clerkJson.body).not.toContain('"Suppliers"');
  });

  it('leaves unreadable sets out of the service document, and answers 404 for them', async () => {
    const names = async (headers: Record<string, string>): Promise<string[]> =>
      (await get('', headers)).json<{ value: { name: string }[] }>().value.map((set) => set.name);
    expect(await names(asManager)).toContain('Suppliers');
    expect(await names(asClerk)).not.toContain('Suppliers');
    expect(await names(asClerk)).toContain('Products');
    expect((await get('Suppliers', asClerk)).statusCode).toBe(404);
    expect((await get('Suppliers', asManager)).statusCode).toBe(200);
  });

  it('leaves hidden columns out of the entities', async () => {
    const [clerkPage, managerPage] = await Promise.all([get('Products?$top=2&$orderby=sku', asClerk), get('Products?$top=2&$orderby=sku', asManager)]);
    expect(clerkPage.statusCode, clerkPage.body).toBe(200);
    const clerkRows = clerkPage.json<{ value: Record<string, unknown>[] }>().value;
    const managerRows = managerPage.json<{ value: Record<string, unknown>[] }>().value;
    expect(clerkRows).toHaveLength(2);
    expect(managerRows[0]).toHaveProperty('cost');
    for (const row of clerkRows) expect(row).not.toHaveProperty('cost');
    expect(clerkRows.map((row) => row['sku'])).toEqual(managerRows.map((row) => row['sku']));
  });

  it('answers 403 naming the property when $select, $filter, $orderby or $expand names a hidden one', async () => {
    expectHidden(await get('Products?$select=cost', asClerk));
    expectHidden(await get('Products?$filter=cost gt 1', asClerk));
    expectHidden(await get('Products?$orderby=cost', asClerk));
    expectHidden(await get('Categories?$expand=products($select=cost)', asClerk));
    expectHidden(await get('Categories?$expand=products($filter=cost gt 1)', asClerk));
    expect((await get('Products?$select=cost&$filter=cost gt 1&$orderby=cost', asManager)).statusCode).toBe(200);
  });

  it('still answers 400 for a property no caller has', async () => {
    const response = await get('Products?$select=nonsense', asClerk);
    expect(response.statusCode).toBe(400);
  });

  it('answers 403 naming the property when a write body names a hidden one', async () => {
    const [category] = (await copy.database.knex.raw<{ rows: { id: number }[] }>('select id from categories order by id limit 1')).rows;
    const product = { sku: `FS-${suffix}`, name: 'Hidden cost', price: 1, cost: 0.5, category_id: category?.id };
    expectHidden(await write('POST', 'Products', product, asClerk));
    const [existing] = (await copy.database.knex.raw<{ rows: { id: string }[] }>('select id from products order by sku limit 1')).rows;
    expectHidden(await write('PATCH', `Products(${existing?.id ?? ''})`, { cost: 2 }, asClerk));
    const created = await write('POST', 'Products', product, asManager);
    expect(created.statusCode, created.body).toBe(204);
  });

  it('never serves a read compiled for one role to another', async () => {
    const url = 'Products?$top=1&$orderby=sku desc';
    for (let round = 0; round < 2; round += 1) {
      const [manager, clerkPage] = [await get(url, asManager), await get(url, asClerk)];
      expect(manager.json<{ value: Record<string, unknown>[] }>().value[0]).toHaveProperty('cost');
      expect(clerkPage.statusCode, clerkPage.body).toBe(200);
      expect(clerkPage.json<{ value: Record<string, unknown>[] }>().value[0]).not.toHaveProperty('cost');
    }
  });

  it('answers 403 inside a $batch for a hidden property', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/odata/$batch',
      headers: { ...asClerk, 'content-type': 'application/json' },
      payload: JSON.stringify({ requests: [{ id: '1', method: 'GET', url: 'Products?$select=cost' }] }),
    });
    expect(response.statusCode).toBe(200);
    const [answer] = response.json<{ responses: { status: number; body: ErrorBody }[] }>().responses;
    expect(answer?.status).toBe(403);
    expect(answer?.body.error.target).toBe('cost');
  });
});

describe.each(testBackends)('the roles served on %s', (backend: TestBackend) => {
  it('a role the database does not know stops the start, named', async () => {
    const copy = await openTestDatabase(backend);
    try {
      const missing = `fs_nobody_${suffix}`;
      const keys = JSON.stringify([{ id: 'nobody', hash: clerkKey.hash, role: missing, scope: 'read' }]);
      await expect(buildApp(loadConfig({ ...env, AUTH_API_KEYS: keys }), { database: copy.database })).rejects.toThrow(missing);
    } finally {
      await copy.close();
    }
  });

  it('public $metadata shows the whole model', async () => {
    const copy = await openTestDatabase(backend);
    await grant(copy.database);
    const app = await buildApp(loadConfig({ ...env, AUTH_PUBLIC_METADATA: 'true' }), { database: copy.database });
    try {
      const response = await app.inject({ method: 'GET', url: '/odata/$metadata' });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<Property Name="cost"');
      expect(response.body).toContain('<EntitySet Name="Suppliers"');
      expect((await app.inject({ method: 'GET', url: '/odata/Products?$select=cost', headers: asClerk })).statusCode).toBe(403);
    } finally {
      await app.close();
      await copy.close();
    }
  });
});
