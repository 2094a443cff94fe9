import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { odataFailure } from '../support/odata-failure.js';
import { createJwtVerifier, type JwtOptions } from '../../src/auth/jwt.js';
import { ErrorCodes } from '../../src/errors/codes.js';
import { freeLoopbackPort } from '../support/free-port.js';

// A JWKS endpoint on 127.0.0.1 involves no database, so this file does not run per backend.

const TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
const CLIENT_ID = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const ENTRA_V1_ISSUER = `https://sts.windows.net/${TENANT}/`;
const ENTRA_V2_ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const APP_ID_URI = `api://${CLIENT_ID}`;
const NOW = () => Math.floor(Date.now() / 1000);

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

/** An RSA key as Entra ID publishes it: `kid`, `use: sig`, no `alg`. */
async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, use: 'sig' } };
}

function sign(key: SigningKey, claims: JWTPayload, kid = key.kid): Promise<string> {
  return new SignJWT({ roles: ['Catalog.Read'], sub: 'user-1', ...claims })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
    .setIssuer(typeof claims.iss === 'string' ? claims.iss : ENTRA_V2_ISSUER)
    .setAudience(claims.aud ?? CLIENT_ID)
    .setIssuedAt(NOW() - 60)
    .setExpirationTime(NOW() + 3600)
    .sign(key.privateKey);
}

async function expectInvalidToken(promise: Promise<unknown>): Promise<void> {
  const error = await odataFailure(promise);
  expect(error.status).toBe(401);
  expect(error.code).toBe(ErrorCodes.unauthenticated);
  expect(error.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
}

describe('JWT verification against a JWKS endpoint', () => {
  let keyA: SigningKey;
  let keyB: SigningKey;
  let stranger: SigningKey;
  /** What the endpoint answers next: a key set, or an HTTP status with a body. */
  let serving: { status: number; body: string };
  let fetches = 0;
  let server: Server;
  let jwksUrl: string;

  const serveKeys = (...keys: SigningKey[]): void => {
    serving = { status: 200, body: JSON.stringify({ keys: keys.map((key) => key.jwk) }) };
  };
  const verifier = (overrides: Partial<JwtOptions> = {}) =>
    createJwtVerifier({
      jwksUrl,
      issuers: [ENTRA_V1_ISSUER, ENTRA_V2_ISSUER],
      audiences: [APP_ID_URI, CLIENT_ID],
      clockSkewSeconds: 60,
      roleClaim: 'roles',
      roleMap: { 'Catalog.Read': 'catalog_reader', 'Catalog.Write': 'catalog_writer' },
      ...overrides,
    });

  beforeAll(async () => {
    [keyA, keyB, stranger] = await Promise.all([signingKey('key-a'), signingKey('key-b'), signingKey('key-a')]);
    server = createServer((_request, response) => {
      fetches += 1;
      response.writeHead(serving.status, { 'content-type': 'application/json' }).end(serving.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/discovery/v2.0/keys`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    fetches = 0;
    serveKeys(keyA);
  });

  it('accepts Entra ID v1 and v2 token shapes when both issuers are configured', async () => {
    const tokens = verifier();
    const v1 = await sign(keyA, { iss: ENTRA_V1_ISSUER, aud: APP_ID_URI, ver: '1.0', oid: 'object-1', appid: CLIENT_ID });
    const v2 = await sign(keyA, { iss: ENTRA_V2_ISSUER, aud: CLIENT_ID, ver: '2.0', roles: ['Catalog.Write'] });
    expect(await tokens.verify(v1)).toMatchObject({ role: 'catalog_reader', principal: 'jwt:user-1', claims: { ver: '1.0', oid: 'object-1' } });
    expect(await tokens.verify(v2)).toMatchObject({ role: 'catalog_writer', claims: { ver: '2.0' } });
    expect(fetches).toBe(1);
  });

  it('maps a v2 scp claim', async () => {
    const context = await verifier({ roleClaim: 'scp' }).verify(await sign(keyA, { roles: undefined, scp: 'User.Read Catalog.Write' }));
    expect(context.role).toBe('catalog_writer');
  });

  it('rejects another tenant, an issuer shape not configured, and a wrong audience', async () => {
    const otherTenant = `https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0`;
    await expectInvalidToken(verifier().verify(await sign(keyA, { iss: otherTenant })));
    await expectInvalidToken(verifier({ issuers: [ENTRA_V2_ISSUER] }).verify(await sign(keyA, { iss: ENTRA_V1_ISSUER, aud: APP_ID_URI })));
    await expectInvalidToken(verifier().verify(await sign(keyA, { aud: 'api://another-app' })));
  });

  it('rejects a token signed with another key under a served kid', async () => {
    await expectInvalidToken(verifier().verify(await sign(stranger, {})));
  });

  it('refuses HS256 (a public key used as secret) and unsecured tokens', async () => {
    const tokens = verifier();
    const publicKeyAsSecret = new TextEncoder().encode(JSON.stringify(keyA.jwk));
    const hmac = await new SignJWT({ roles: ['Catalog.Write'], sub: 'user-1' })
      .setProtectedHeader({ alg: 'HS256', kid: keyA.kid })
      .setIssuer(ENTRA_V2_ISSUER)
      .setAudience(CLIENT_ID)
      .setExpirationTime(NOW() + 3600)
      .sign(publicKeyAsSecret);
    await expectInvalidToken(tokens.verify(hmac));
    const [, payload] = (await sign(keyA, {})).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: keyA.kid })).toString('base64url')}.${payload}.`;
    await expectInvalidToken(tokens.verify(none));
  });

  it('picks up a rotated key: an unknown kid refetches the key set', async () => {
    const tokens = verifier({ jwksCooldownMs: 0 });
    expect((await tokens.verify(await sign(keyA, {}))).role).toBe('catalog_reader');
    serveKeys(keyB);
    expect((await tokens.verify(await sign(keyB, {}))).role).toBe('catalog_reader');
    expect(fetches).toBe(2);
    await expectInvalidToken(tokens.verify(await sign(keyA, {})));
    expect(fetches).toBe(3);
  });

  it('does not refetch for an unknown kid within the cooldown', async () => {
    const tokens = verifier({ jwksCooldownMs: 600_000 });
    await tokens.verify(await sign(keyA, {}));
    serveKeys(keyA, keyB);
    await expectInvalidToken(tokens.verify(await sign(keyB, {})));
    await expectInvalidToken(tokens.verify(await sign(keyB, {}, 'key-unknown')));
    expect(fetches).toBe(1);
  });

  it('answers 503 with Retry-After when the key set cannot be had', async () => {
    const expectUnavailable = async (promise: Promise<unknown>): Promise<void> => {
      const error = await odataFailure(promise);
      expect(error.status).toBe(503);
      expect(error.code).toBe(ErrorCodes.authUnavailable);
      expect(Number(error.headers['retry-after'])).toBeGreaterThan(0);
    };
    const token = await sign(keyA, {});
    serving = { status: 500, body: '{}' };
    await expectUnavailable(verifier().verify(token));
    serving = { status: 200, body: '{"keys": "none"}' };
    await expectUnavailable(verifier().verify(token));
    const closedPort = await freeLoopbackPort();
    await expectUnavailable(verifier({ jwksUrl: `http://127.0.0.1:${closedPort}/keys` }).verify(token));
  });
});
