import { SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { odataFailure } from '../../support/odata-failure.js';
import { bearerTokenOf, createJwtVerifier, type JwtOptions } from '../../../src/auth/jwt.js';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { ODataError } from '../../../src/errors/odata-error.js';

const SECRET = 'a-development-secret-of-at-least-32-characters';
const ISSUER = 'https://issuer.example/';
const AUDIENCE = 'api://odata';
const NOW = () => Math.floor(Date.now() / 1000);

const options: JwtOptions = {
  secret: SECRET,
  issuers: [ISSUER],
  audiences: [AUDIENCE],
  clockSkewSeconds: 300,
  roleClaim: 'roles',
  roleMap: { 'Catalog.Read': 'catalog_reader', 'Catalog.Write': 'catalog_writer' },
};

interface TokenShape {
  readonly claims?: JWTPayload;
  readonly iss?: string;
  readonly aud?: string | string[];
  readonly exp?: number | null;
  readonly nbf?: number;
  readonly alg?: string;
  readonly secret?: string;
}

/** An HMAC-signed token, valid for an hour unless the shape says otherwise; `exp: null` leaves `exp` out. */
async function token(shape: TokenShape = {}): Promise<string> {
  const jwt = new SignJWT({ roles: ['Catalog.Read'], sub: 'user-1', ...shape.claims })
    .setProtectedHeader({ alg: shape.alg ?? 'HS256', typ: 'JWT' })
    .setIssuer(shape.iss ?? ISSUER)
    .setAudience(shape.aud ?? AUDIENCE)
    .setIssuedAt(NOW() - 60);
  if (shape.exp !== null) jwt.setExpirationTime(shape.exp ?? NOW() + 3600);
  if (shape.nbf !== undefined) jwt.setNotBefore(shape.nbf);
  return jwt.sign(new TextEncoder().encode(shape.secret ?? SECRET));
}

async function expectInvalidToken(promise: Promise<unknown>): Promise<void> {
  const error = await odataFailure(promise);
  expect(error.status).toBe(401);
  expect(error.code).toBe(ErrorCodes.unauthenticated);
  expect(error.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token", error_description="[^"]+"$/);
}

describe('createJwtVerifier: claims to AuthContext', () => {
  it('maps a roles array to its Postgres role and keeps the verified claims', async () => {
    const verifier = createJwtVerifier(options);
    const context = await verifier.verify(await token({ claims: { email: 'a@example.com' } }));
    expect(context).toMatchObject({ role: 'catalog_reader', principal: 'jwt:user-1', scope: 'read-write', entitySets: null });
    expect(context.claims).toMatchObject({ sub: 'user-1', iss: ISSUER, aud: AUDIENCE, email: 'a@example.com', roles: ['Catalog.Read'] });
  });

  it('reads a space-separated scp claim', async () => {
    const verifier = createJwtVerifier({ ...options, roleClaim: 'scp' });
    const context = await verifier.verify(await token({ claims: { roles: undefined, scp: 'User.Read Catalog.Write' } }));
    expect(context.role).toBe('catalog_writer');
  });

  it('reads a custom claim whose name holds dots, whole or split', async () => {
    const verifier = createJwtVerifier({ ...options, roleClaim: 'https://example.com/role', roleMap: { 'catalog editor': 'catalog_writer', viewer: 'catalog_reader' } });
    expect((await verifier.verify(await token({ claims: { 'https://example.com/role': 'catalog editor' } }))).role).toBe('catalog_writer');
    expect((await verifier.verify(await token({ claims: { 'https://example.com/role': 'guest viewer' } }))).role).toBe('catalog_reader');
  });

  it('lets the first roleMap entry the token holds win, whatever the claim order', async () => {
    const writerFirst = createJwtVerifier({ ...options, roleMap: { 'Catalog.Write': 'catalog_writer', 'Catalog.Read': 'catalog_reader' } });
    const readerFirst = createJwtVerifier(options);
    const both = await token({ claims: { roles: ['Catalog.Read', 'Catalog.Write'] } });
    expect((await writerFirst.verify(both)).role).toBe('catalog_writer');
    expect((await readerFirst.verify(both)).role).toBe('catalog_reader');
  });

  it('answers 403 for a valid token with no mapped role, or uses the default role', async () => {
    const unmapped = await token({ claims: { roles: ['Other.Role', 42] } });
    const error = await odataFailure(createJwtVerifier(options).verify(unmapped));
    expect(error.status).toBe(403);
    expect(error.code).toBe(ErrorCodes.forbidden);
    expect(error.headers['www-authenticate']).toMatch(/^Bearer error="insufficient_scope"/);
    expect((await createJwtVerifier({ ...options, defaultRole: 'web_user' }).verify(unmapped)).role).toBe('web_user');
  });

  it('does not map claim values that name Object.prototype members', async () => {
    const verifier = createJwtVerifier(options);
    for (const value of ['constructor', '__proto__', 'toString']) {
      expect((await odataFailure(verifier.verify(await token({ claims: { roles: [value] } })))).status).toBe(403);
    }
  });

  it('gives read-only roles scope read', async () => {
    const verifier = createJwtVerifier({ ...options, readOnlyRoles: ['catalog_reader'] });
    expect((await verifier.verify(await token())).scope).toBe('read');
    expect((await verifier.verify(await token({ claims: { roles: ['Catalog.Write'] } }))).scope).toBe('read-write');
  });

  it('names the principal by sub, else oid', async () => {
    const verifier = createJwtVerifier(options);
    expect((await verifier.verify(await token({ claims: { sub: undefined, oid: 'object-7' } }))).principal).toBe('jwt:object-7');
    expect((await verifier.verify(await token({ claims: { sub: undefined } }))).principal).toBe('jwt:unknown');
  });

  it('accepts any configured issuer and an aud array holding a configured audience', async () => {
    const verifier = createJwtVerifier({ ...options, issuers: ['https://other.example/', ISSUER], audiences: ['client-id', AUDIENCE] });
    expect((await verifier.verify(await token({ aud: ['something-else', 'client-id'] }))).role).toBe('catalog_reader');
  });
});

describe('createJwtVerifier: rejected tokens', () => {
  const verifier = createJwtVerifier(options);

  it('rejects an expired token beyond the clock skew and accepts one within it', async () => {
    await expectInvalidToken(verifier.verify(await token({ exp: NOW() - 3600 })));
    expect((await verifier.verify(await token({ exp: NOW() - 120 }))).role).toBe('catalog_reader');
  });

  it('rejects a token not valid yet beyond the clock skew and accepts one within it', async () => {
    await expectInvalidToken(verifier.verify(await token({ nbf: NOW() + 3600 })));
    expect((await verifier.verify(await token({ nbf: NOW() + 120 }))).role).toBe('catalog_reader');
  });

  it('applies no skew when configured with none', async () => {
    const strict = createJwtVerifier({ ...options, clockSkewSeconds: 0 });
    await expectInvalidToken(strict.verify(await token({ exp: NOW() - 120 })));
  });

  it('rejects a token without exp', async () => {
    await expectInvalidToken(verifier.verify(await token({ exp: null })));
  });

  it('rejects a wrong audience and a wrong issuer', async () => {
    await expectInvalidToken(verifier.verify(await token({ aud: 'api://someone-else' })));
    await expectInvalidToken(verifier.verify(await token({ iss: 'https://evil.example/' })));
  });

  it('rejects a token signed with another secret, and a tampered payload', async () => {
    await expectInvalidToken(verifier.verify(await token({ secret: 'another-secret-of-at-least-32-characters!' })));
    const [header, , signature] = (await token()).split('.');
    const forged = Buffer.from(JSON.stringify({ roles: ['Catalog.Write'], sub: 'user-1', iss: ISSUER, aud: AUDIENCE, exp: NOW() + 3600 })).toString('base64url');
    await expectInvalidToken(verifier.verify(`${header}.${forged}.${signature}`));
  });

  it('accepts HS384 and HS512 but never an unsecured token', async () => {
    expect((await verifier.verify(await token({ alg: 'HS512' }))).role).toBe('catalog_reader');
    const unsecured = new UnsecuredJWT({ roles: ['Catalog.Read'] }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime(NOW() + 3600).encode();
    await expectInvalidToken(verifier.verify(unsecured));
  });

  it('rejects malformed tokens without quoting them', async () => {
    for (const malformed of ['abc', 'a.b.c', `${'x'.repeat(40)}.${'y'.repeat(40)}.z`]) {
      const error = await odataFailure(verifier.verify(malformed));
      expect(error.status).toBe(401);
      expect(error.message).not.toContain(malformed);
      expect(error.headers['www-authenticate']).not.toContain(malformed);
    }
  });
});

describe('createJwtVerifier: options', () => {
  it('needs exactly one of a JWKS URL and a secret, and at least one issuer and audience', () => {
    expect(() => createJwtVerifier({ ...options, secret: undefined })).toThrow(TypeError);
    expect(() => createJwtVerifier({ ...options, jwksUrl: 'https://keys.example/jwks' })).toThrow(TypeError);
    expect(() => createJwtVerifier({ ...options, issuers: [] })).toThrow(TypeError);
    expect(() => createJwtVerifier({ ...options, audiences: [] })).toThrow(TypeError);
  });
});

describe('bearerTokenOf', () => {
  it('returns the token of a Bearer header in any case, undefined without a header', () => {
    expect(bearerTokenOf(undefined)).toBeUndefined();
    expect(bearerTokenOf('Bearer aaa.bbb.ccc')).toBe('aaa.bbb.ccc');
    expect(bearerTokenOf('bearer  a-b_c.d~e+f/g==  ')).toBe('a-b_c.d~e+f/g==');
    expect(bearerTokenOf('BEARER x.y.z')).toBe('x.y.z');
  });

  it.each(['', 'Bearer', 'Bearer ', 'Bearer a b', 'Basic dXNlcjpwYXNz', 'Bearera.b.c', 'Bearer a"b'])('answers 401 for %j', (header) => {
    let thrown: unknown;
    try {
      bearerTokenOf(header);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ODataError);
    expect(thrown).toMatchObject({ status: 401, code: ErrorCodes.unauthenticated });
    expect((thrown as ODataError).headers['www-authenticate']).toMatch(/^Bearer error="invalid_request"/);
  });
});
