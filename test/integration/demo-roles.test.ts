import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEYS } from '../../src/auth/demo-keys.js';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

const keyOf = (id: (typeof DEMO_KEYS)[number]['id']): string => DEMO_KEYS.find((entry) => entry.id === id)?.key ?? '';

describe.each(testBackends)('the demo roles and keys on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => t?.close());

  const count = async (key: string | undefined): Promise<number> => {
    const response = await t.get('Products?$select=sku&$top=0&$count=true', key === undefined ? {} : { 'x-api-key': key });
    expect(response.statusCode).toBe(200);
    return response.json<{ '@odata.count': number }>()['@odata.count'];
  };

  it('a reader sees only the products still sold; writers, admins and anonymous demo callers see all', async () => {
    const [sold] = await t.sql<{ n: number }>('select count(*)::int as n from products where not discontinued');
    const [all] = await t.sql<{ n: number }>('select count(*)::int as n from products');
    expect(await count(keyOf('demo-reader'))).toBe(sold?.n);
    expect(await count(keyOf('demo-writer'))).toBe(all?.n);
    expect(await count(keyOf('demo-admin'))).toBe(all?.n);
    expect(await count(undefined)).toBe(all?.n);
    expect(sold?.n).toBeLessThan(all?.n ?? 0);
  });

  it('a reader has no access to cost, and cannot write', async () => {
    const reader = { 'x-api-key': keyOf('demo-reader') };
    expect((await t.get('Products?$select=cost&$top=1', reader)).statusCode).toBe(403);
    expect((await t.get('Products?$select=cost&$top=1', { 'x-api-key': keyOf('demo-writer') })).statusCode).toBe(200);
    const write = await t.app.inject({ method: 'PATCH', url: '/odata/Categories(1)', headers: { ...reader, 'content-type': 'application/json' }, payload: '{"description":"x"}' });
    expect(write.statusCode).toBe(403);
  });

  it('a writer writes as catalog_writer', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/odata/Categories',
      headers: { 'x-api-key': keyOf('demo-writer'), 'content-type': 'application/json' },
      payload: '{"name":"Demo-Writer"}',
    });
    expect(response.statusCode).toBe(204);
    expect(await t.sql("select name from categories where name = 'Demo-Writer'")).toHaveLength(1);
  });

  it('the audit log is an entity set for the admin only, read-only, recording who wrote', async () => {
    const setsOf = async (key: string) => (await t.get('', { 'x-api-key': key })).json<{ value: { name: string }[] }>().value.map((set) => set.name);
    expect(await setsOf(keyOf('demo-admin'))).toContain('AuditLog');
    expect(await setsOf(keyOf('demo-writer'))).not.toContain('AuditLog');
    expect(await setsOf(keyOf('demo-reader'))).not.toContain('AuditLog');
    await t.app.inject({
      method: 'POST',
      url: '/odata/Categories',
      headers: { 'x-api-key': keyOf('demo-writer'), 'content-type': 'application/json', 'x-request-id': 'demo-audit-1' },
      payload: '{"name":"Demo-Audited"}',
    });
    const admin = { 'x-api-key': keyOf('demo-admin') };
    const records = await t.get("AuditLog?$filter=request_id eq 'demo-audit-1'", admin);
    expect(records.statusCode).toBe(200);
    expect(records.json<{ value: Record<string, unknown>[] }>().value).toEqual([
      expect.objectContaining({ principal: 'key:demo-writer', operation: 'create', entity_set: 'Categories', changed: ['name'] }),
    ]);
    expect((await t.get('AuditLog', { 'x-api-key': keyOf('demo-writer') })).statusCode).toBe(404);
    const forged = await t.app.inject({ method: 'POST', url: '/odata/AuditLog', headers: { ...admin, 'content-type': 'application/json' }, payload: '{"principal":"x"}' });
    expect(forged.statusCode).toBe(405);
  });

  it('an unknown key is refused even where anonymous callers are let in', async () => {
    expect((await t.get('Categories', { 'x-api-key': 'ofk_not_a_demo_key' })).statusCode).toBe(401);
  });
});
