import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { generateApiKey } from '../../src/auth/api-keys.js';
import { loadConfig } from '../../src/config/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { openTestDatabase, testBackends, type TestBackend, type TestDatabase } from '../support/test-database.js';

interface ErrorBody {
  error: { code: string; message: string };
}

/** Roles are global to a server cluster: each run names its own, and each database copy may find them made. */
const suffix = randomBytes(4).toString('hex');
const reader = `catalog_reader_${suffix}`;
const writer = `catalog_writer_${suffix}`;
const jwtSecret = randomBytes(32).toString('base64url');

const readerKey = generateApiKey();
const writerKey = generateApiKey();
const categoriesOnlyKey = generateApiKey();
const keys = [
  { id: 'reader-1', hash: readerKey.hash, role: reader, scope: 'read' },
  { id: 'writer-1', hash: writerKey.hash, role: writer, scope: 'read-write' },
  { id: 'categories-1', hash: categoriesOnlyKey.hash, role: writer, scope: 'read-write', entitySets: ['Categories'] },
];

/** The roles, their grants, a row-level-security policy (readers see products still sold) and a view of who runs a statement. */
const SECURITY_SQL = [
  ...[reader, writer].map((role) => `do $$ begin if not exists (select from pg_roles where rolname = '${role}') then create role ${role} nologin; end if; end $$`),
  `grant usage on schema public to ${reader}, ${writer}`,
  `grant select on all tables in schema public to ${reader}, ${writer}`,
  `grant insert, update, delete on all tables in schema public to ${writer}`,
  `alter table public.products enable row level security`,
  `create policy still_sold on public.products for select to ${reader} using (not discontinued)`,
  `create policy everything on public.products to ${writer} using (true) with check (true)`,
  `create view public.whoami as select current_user::text as role_name, coalesce(current_setting('request.principal', true), '') as principal, ` +
    `coalesce(current_setting('request.claims', true), '') as claims, coalesce(current_setting('request.id', true), '') as request_id`,
  `grant select on public.whoami to ${reader}, ${writer}`,
];

async function secure(database: Database): Promise<void> {
  await database.knex.transaction(async (trx) => {
    await trx.raw('set transaction read write');
    for (const statement of SECURITY_SQL) await trx.raw(statement);
  });
}

const authEnv = {
  AUTH_API_KEYS: JSON.stringify(keys),
  AUTH_API_KEY_QUERY_PARAMETER: 'api_key',
  AUTH_JWT_SECRET: jwtSecret,
  AUTH_JWT_ISSUERS: 'https://issuer.example',
  AUTH_JWT_AUDIENCES: 'api://odata',
  AUTH_JWT_ROLE_MAP: JSON.stringify({ 'Catalog.Read': reader, 'Catalog.Write': writer }),
};

function token(roles: readonly string[], expiresIn = '5m', audience = 'api://odata'): Promise<string> {
  return new SignJWT({ roles: [...roles] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('user-7')
    .setIssuer('https://issuer.example')
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(jwtSecret));
}

interface SecuredApp {
  readonly app: Awaited<ReturnType<typeof buildApp>>;
  sql<T>(text: string): Promise<T[]>;
  close(): Promise<void>;
}

/** The service over a copy of the test database that has the roles, policies and view, built after them (the model sees the view). */
async function securedApp(backend: TestBackend, env: Record<string, string>, logStream?: NodeJS.WritableStream): Promise<SecuredApp> {
  const copy = await openTestDatabase(backend);
  await secure(copy.database);
  const config = loadConfig({ LOG_LEVEL: 'silent', DB_SCHEMAS: 'public,fixtures', MIGRATE_ON_START: 'false', SEED_ON_START: 'false', ...env });
  const app = await buildApp(config, { database: copy.database, ...(logStream === undefined ? {} : { logStream }) });
  return {
    app,
    sql: async <T>(text: string) => (await copy.database.knex.raw<{ rows: T[] }>(text)).rows,
    close: async () => {
      await app.close();
      await copy.close();
    },
  };
}

describe.each(testBackends)('pass-through auth on %s', (backend) => {
  let t: SecuredApp;
  let lines: string[];
  beforeAll(async () => {
    lines = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    t = await securedApp(backend, { ...authEnv, LOG_LEVEL: 'info' }, stream);
  });
  afterAll(async () => t?.close());

  const get = (path: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: `/odata/${path}`, headers });
  const whoami = async (headers: Record<string, string>, query = '') => {
    const response = await get(`Whoami${query}`, headers);
    expect(response.statusCode).toBe(200);
    return response.json<{ value: { role_name: string; principal: string; claims: string; request_id: string }[] }>().value[0];
  };

  it('runs each request as the role of its API key, with its claims and request id, in the header or the query string', async () => {
    const byHeader = await whoami({ 'x-api-key': readerKey.key, 'x-request-id': 'auth-req-1' });
    expect(byHeader).toMatchObject({ role_name: reader, principal: 'key:reader-1', request_id: 'auth-req-1' });
    expect(JSON.parse(byHeader?.claims ?? '{}')).toMatchObject({ sub: 'key:reader-1', role: reader, scope: 'read' });
    const byQuery = await whoami({}, `?api_key=${encodeURIComponent(readerKey.key)}`);
    expect(byQuery).toMatchObject({ role_name: reader, principal: 'key:reader-1' });
    expect(await whoami({ 'x-api-key': writerKey.key })).toMatchObject({ role_name: writer, principal: 'key:writer-1' });
  });

  it('runs a Bearer token as the role its claim maps to; expired and wrong-audience tokens are 401', async () => {
    expect(await whoami({ authorization: `Bearer ${await token(['Catalog.Write'])}` })).toMatchObject({ role_name: writer, principal: 'jwt:user-7' });
    expect(await whoami({ authorization: `Bearer ${await token(['Other', 'Catalog.Read'])}` })).toMatchObject({ role_name: reader });
    for (const bad of [await token(['Catalog.Read'], '-10m'), await token(['Catalog.Read'], '5m', 'api://other')]) {
      const response = await get('Categories', { authorization: `Bearer ${bad}` });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    }
  });

  it('row-level security and grants decide what a role sees', async () => {
    const count = async (headers: Record<string, string>) => Number((await get('Products/$count', headers)).body);
    const [sold] = await t.sql<{ n: string }>('select count(*)::text as n from products where not discontinued');
    const [all] = await t.sql<{ n: string }>('select count(*)::text as n from products');
    expect(await count({ 'x-api-key': readerKey.key })).toBe(Number(sold?.n));
    expect(await count({ 'x-api-key': writerKey.key })).toBe(Number(all?.n));
    expect(Number(sold?.n)).toBeLessThan(Number(all?.n));
  });

  it('answers 401 with WWW-Authenticate without credentials or with a wrong key, also for $metadata', async () => {
    for (const response of [await get('Categories'), await get('$metadata'), await get(''), await get('Categories', { 'x-api-key': 'ofk_wrong' })]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer, ApiKey header="x-api-key"');
      expect(response.json<ErrorBody>().error.code).toBe('OF301');
    }
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('a read-only key cannot write; a key for some entity sets cannot reach the others', async () => {
    const write = await t.app.inject({ method: 'POST', url: '/odata/Categories', headers: { 'x-api-key': readerKey.key, 'content-type': 'application/json' }, payload: '{"name":"Auth-R"}' });
    expect(write.statusCode).toBe(403);
    expect(write.json<ErrorBody>().error.code).toBe('OF302');
    expect((await get('Products', { 'x-api-key': categoriesOnlyKey.key })).statusCode).toBe(403);
    expect((await get('Categories', { 'x-api-key': categoriesOnlyKey.key })).statusCode).toBe(200);
    expect(await t.sql("select id from categories where name = 'Auth-R'")).toHaveLength(0);
  });

  it('writes run as the caller: a write the role is not granted is refused by the database', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/odata/Categories', headers: { 'x-api-key': writerKey.key, 'content-type': 'application/json' }, payload: '{"name":"Auth-W"}' });
    expect(created.statusCode).toBe(204);
    const jwtReader = await token(['Catalog.Read']);
    const refused = await t.app.inject({ method: 'PATCH', url: "/odata/Categories(name='Auth-W')", headers: { authorization: `Bearer ${jwtReader}`, 'content-type': 'application/json' }, payload: '{"description":"x"}' });
    expect(refused.statusCode).toBe(403);
    expect((await t.sql<{ description: string | null }>("select description from categories where name = 'Auth-W'"))[0]?.description).toBeNull();
  });

  it('logs the principal and never a key or token', async () => {
    await get('Categories?$top=1', { 'x-api-key': writerKey.key, 'x-request-id': 'auth-log-1' });
    const entry = lines.flatMap((chunk) => chunk.split('\n')).filter((line) => line.includes('auth-log-1'));
    expect(entry.join('\n')).toContain('"principal":"key:writer-1"');
    const all = lines.join('\n');
    for (const secret of [readerKey.key, writerKey.key, categoriesOnlyKey.key, jwtSecret]) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });
});

describe('no role leaks between requests on a pool of one connection', () => {
  let copy: TestDatabase;
  let pooled: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    copy = await openTestDatabase('postgres');
    await secure(copy.database);
    if (copy.databaseConfig.kind !== 'server') throw new Error('a server database');
    pooled = openDatabase({ ...copy.databaseConfig, poolMax: 1 }, { readOnly: true });
    app = await buildApp(loadConfig({ ...authEnv, LOG_LEVEL: 'silent', AUTH_ANONYMOUS: 'allow', MIGRATE_ON_START: 'false', SEED_ON_START: 'false' }), { database: pooled });
  });
  afterAll(async () => {
    await app?.close();
    await pooled?.close();
    await copy?.close();
  });

  it('interleaved requests of different roles and anonymous each see only their own', async () => {
    const callers = [
      { headers: { 'x-api-key': readerKey.key }, role: reader },
      { headers: { 'x-api-key': writerKey.key }, role: writer },
      { headers: {}, role: 'postgres' },
    ];
    const requests = Array.from({ length: 30 }, (_, index) => callers[index % 3] as (typeof callers)[number]);
    const answers = await Promise.all(requests.map((caller) => app.inject({ method: 'GET', url: '/odata/Whoami', headers: caller.headers })));
    answers.forEach((answer, index) => {
      expect(answer.statusCode).toBe(200);
      const row = answer.json<{ value: { role_name: string; principal: string }[] }>().value[0];
      expect(row?.role_name).toBe(requests[index]?.role);
      if (requests[index]?.role === 'postgres') expect(row?.principal).toBe('');
    });
  });
});
