import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { generateApiKey } from '../../src/auth/api-keys.js';
import { loadConfig } from '../../src/config/config.js';
import type { Database } from '../../src/db/database.js';
import { installAudit } from '../../src/db/audit-install.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { openTestDatabase, testBackends } from '../support/test-database.js';

interface AuditRow {
  principal: string;
  request_id: string;
  operation: string;
  entity_set: string;
  entity_key: Record<string, string>;
  changed: string[];
}

/** Roles are global to a server cluster: each run names its own. */
const writerRole = `audit_writer_${randomBytes(4).toString('hex')}`;
const writerKey = generateApiKey();
const adminKey = generateApiKey();

async function inReadWrite(database: Database, statements: readonly string[]): Promise<void> {
  await database.knex.transaction(async (trx) => {
    await trx.raw('set transaction read write');
    for (const statement of statements) await trx.raw(statement);
  });
}

describe.each(testBackends)('audit of writes on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend, { AUDIT: 'on' });
  });
  afterAll(async () => t?.close());

  /** Each request gets its own id, so that its audit records can be told apart. */
  const send = async (method: string, url: string, payload?: unknown): Promise<{ status: number; records: AuditRow[] }> => {
    const id = randomUUID();
    const response = await t.app.inject({
      method: method as 'POST',
      url: `/odata/${url}`,
      headers: { 'content-type': 'application/json', 'x-request-id': id },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
    return { status: response.statusCode, records: await recordsOf(id) };
  };
  const recordsOf = (id: string) =>
    t.sql<AuditRow>('select principal, request_id, operation, entity_set, entity_key, changed from odata_facade_audit.write_log where request_id = ? order by id', [id]);
  const categoryId = async (name: string) => String((await t.sql<{ id: number }>('select id from categories where name = ?', [name]))[0]?.id);
  const anyProductId = async () => String((await t.sql<{ id: string }>('select id::text as id from products order by sku limit 1'))[0]?.id);

  it('records a create with the caller, the new key and the properties sent', async () => {
    const name = `Audit ${randomUUID()}`;
    const { status, records } = await send('POST', 'Categories', { name, description: 'made' });
    expect(status).toBe(204);
    expect(records).toEqual([
      { principal: 'anonymous', request_id: expect.any(String), operation: 'create', entity_set: 'Categories', entity_key: { id: await categoryId(name) }, changed: ['name', 'description'] },
    ]);
  });

  it('records PATCH, PUT (with the properties it reset), a property write and DELETE, one record each', async () => {
    const name = `Audit ${randomUUID()}`;
    await send('POST', 'Categories', { name, description: 'first' });
    const id = await categoryId(name);
    const key = { id };
    const patch = await send('PATCH', `Categories(${id})`, { description: 'second' });
    expect(patch.status).toBe(204);
    expect(patch.records).toMatchObject([{ operation: 'update', entity_set: 'Categories', entity_key: key, changed: ['description'] }]);
    const put = await send('PUT', `Categories(${id})`, { name });
    expect(put.status).toBe(204);
    expect(put.records).toMatchObject([{ operation: 'update', entity_key: key, changed: ['name', 'description'] }]);
    const property = await send('PUT', `Categories(${id})/description`, { value: 'third' });
    expect(property.status).toBe(204);
    expect(property.records).toMatchObject([{ operation: 'property', entity_key: key, changed: ['description'] }]);
    const deleted = await send('DELETE', `Categories(${id})`);
    expect(deleted.status).toBe(204);
    expect(deleted.records).toMatchObject([{ operation: 'delete', entity_set: 'Categories', entity_key: key, changed: [] }]);
  });

  it('records an upsert that created the entity as upsert-create', async () => {
    const id = `AUD-${randomUUID().slice(0, 8)}`;
    const { status, records } = await send('PUT', `Suppliers('${id}')`, { name: 'Audited supplier' });
    expect(status).toBe(204);
    expect(records).toMatchObject([{ operation: 'upsert-create', entity_set: 'Suppliers', entity_key: { id }, changed: ['name', 'country', 'email', 'rating'] }]);
  });

  it('records $ref writes under the addressed entity and its navigation property', async () => {
    const productId = await anyProductId();
    const set = await send('PUT', `Products(${productId})/category/$ref`, { '@odata.id': 'Categories(1)' });
    expect(set.status).toBe(204);
    expect(set.records).toMatchObject([{ operation: 'reference', entity_set: 'Products', entity_key: { id: productId }, changed: ['category'] }]);
    const linked = await send('POST', 'Categories(2)/products/$ref', { '@odata.id': `Products(${productId})` });
    expect(linked.status).toBe(204);
    expect(linked.records).toMatchObject([{ operation: 'reference', entity_set: 'Categories', entity_key: { id: '2' }, changed: ['products'] }]);
  });

  it('records nothing for a failed write', async () => {
    const missing = await send('PATCH', 'Categories(999999)', { description: 'none' });
    expect(missing.status).toBe(404);
    expect(missing.records).toEqual([]);
    const invalid = await send('POST', 'Products', { sku: 'AUD-NO', name: 'No price' });
    expect(invalid.status).toBeGreaterThanOrEqual(400);
    expect(invalid.records).toEqual([]);
  });

  it('records each write of a change set that commits, and none of one that fails', async () => {
    const name = `Audit ${randomUUID()}`;
    const batch = async (requests: unknown[]) => {
      const id = randomUUID();
      const response = await t.app.inject({
        method: 'POST',
        url: '/odata/$batch',
        headers: { 'content-type': 'application/json', 'x-request-id': id },
        payload: JSON.stringify({ requests }),
      });
      expect(response.statusCode).toBe(200);
      return recordsOf(id);
    };
    const committed = await batch([
      { id: 'a', atomicityGroup: 'g', method: 'post', url: 'Categories', body: { name: `${name} a` } },
      { id: 'b', atomicityGroup: 'g', method: 'post', url: 'Categories', body: { name: `${name} b` } },
      { id: 'c', atomicityGroup: 'g', method: 'patch', url: 'Categories(1)', body: { description: name } },
    ]);
    expect(committed.map((record) => record.operation)).toEqual(['create', 'create', 'update']);
    expect(committed[2]?.entity_key).toEqual({ id: '1' });
    const failed = await batch([
      { id: 'x', atomicityGroup: 'g', method: 'post', url: 'Categories', body: { name: `${name} x` } },
      { id: 'y', atomicityGroup: 'g', method: 'patch', url: 'Categories(1)', body: { description: 'x' } },
      { id: 'z', atomicityGroup: 'g', method: 'post', url: 'Categories', body: { name: `${name} a` } },
    ]);
    expect(failed).toEqual([]);
  });
});

describe.each(testBackends)('audit records and privileges on %s', (backend) => {
  let folder: string;
  let modelConfig: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'audit-'));
    modelConfig = join(folder, 'model.json');
    await writeFile(modelConfig, JSON.stringify({ entitySets: { 'odata_facade_audit.write_log': { name: 'AuditLog', readOnly: true } } }));
  });
  afterAll(async () => rm(folder, { recursive: true, force: true }));

  it('audits a role without any grant on the audit table, which cannot read or forge records', async () => {
    const copy = await openTestDatabase(backend);
    try {
      await inReadWrite(copy.database, [
        `do $$ begin if not exists (select from pg_roles where rolname = '${writerRole}') then create role ${writerRole} nologin; end if; end $$`,
        `grant usage on schema public to ${writerRole}`,
        `grant select, insert, update, delete on all tables in schema public to ${writerRole}`,
        `create policy ${writerRole}_all on public.products to ${writerRole} using (true) with check (true)`,
      ]);
      const keys = JSON.stringify([
        { id: 'auditor-test', hash: writerKey.hash, role: writerRole, scope: 'read-write' },
        { id: 'admin-test', hash: adminKey.hash, role: 'catalog_admin', scope: 'read-write' },
      ]);
      const config = loadConfig({
        LOG_LEVEL: 'silent',
        MIGRATE_ON_START: 'false',
        SEED_ON_START: 'false',
        AUDIT: 'on',
        AUTH_API_KEYS: keys,
        DB_SCHEMAS: 'public,odata_facade_audit',
        MODEL_CONFIG: modelConfig,
      });
      const app = await buildApp(config, { database: copy.database });
      try {
        const name = `Audit ${randomUUID()}`;
        const response = await app.inject({
          method: 'POST',
          url: '/odata/Categories',
          headers: { 'content-type': 'application/json', 'x-api-key': writerKey.key, 'x-request-id': 'audit-role-1' },
          payload: JSON.stringify({ name }),
        });
        expect(response.statusCode).toBe(204);
        const rows = (await copy.database.knex.raw<{ rows: AuditRow[] }>("select principal, operation, entity_set from odata_facade_audit.write_log where request_id = 'audit-role-1'")).rows;
        expect(rows).toEqual([{ principal: 'key:auditor-test', operation: 'create', entity_set: 'Categories' }]);
        const read = (key: string) => app.inject({ method: 'GET', url: "/odata/AuditLog?$filter=request_id eq 'audit-role-1'", headers: { 'x-api-key': key } });
        const byAdmin = await read(adminKey.key);
        expect(byAdmin.statusCode).toBe(200);
        expect(byAdmin.json<{ value: AuditRow[] }>().value).toMatchObject([{ principal: 'key:auditor-test', operation: 'create', changed: ['name'] }]);
        const byWriter = await read(writerKey.key);
        expect(byWriter.statusCode).toBeGreaterThanOrEqual(400);
        expect(byWriter.body).not.toContain('auditor-test');
        const forged = await app.inject({
          method: 'POST',
          url: '/odata/AuditLog',
          headers: { 'content-type': 'application/json', 'x-api-key': adminKey.key },
          payload: JSON.stringify({ principal: 'forged', request_id: 'f', operation: 'create', entity_set: 'Categories', entity_key: '{}', changed: [] }),
        });
        expect(forged.statusCode).toBe(405);
      } finally {
        await app.close();
      }
      for (const statement of [
        'select count(*) from odata_facade_audit.write_log',
        `insert into odata_facade_audit.write_log (principal, request_id, operation, entity_set, entity_key, changed) values ('forged', 'f', 'create', 'Categories', '{}', '{}')`,
        'delete from odata_facade_audit.write_log',
      ]) {
        await expect(inReadWrite(copy.database, [`set local role ${writerRole}`, statement])).rejects.toThrow(/permission denied/);
      }
    } finally {
      await copy.close();
    }
  });

  it('refuses to start with AUDIT=on when the audit table is missing, naming it and the command that installs it', async () => {
    const copy = await openTestDatabase(backend);
    try {
      await inReadWrite(copy.database, ['drop schema odata_facade_audit cascade']);
      const env = { LOG_LEVEL: 'silent', MIGRATE_ON_START: 'false', SEED_ON_START: 'false' };
      await expect(buildApp(loadConfig({ ...env, AUDIT: 'on' }), { database: copy.database })).rejects.toThrow(
        /odata_facade_audit\.write_log .*odata-facade audit-install/,
      );
      const off = await buildApp(loadConfig({ ...env, AUDIT: 'off' }), { database: copy.database });
      await off.close();
      await copy.database.knex.transaction(async (trx) => {
        await trx.raw('set transaction read write');
        await installAudit(trx);
        await installAudit(trx);
      });
      const on = await buildApp(loadConfig({ ...env, AUDIT: 'on' }), { database: copy.database });
      await on.close();
    } finally {
      await copy.close();
    }
  });
});
