import { jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { AuthContext } from './auth-context.js';
import { bearerChallenge, rejectedToken } from './jwt-failure.js';
import { jwksKeys, secretKey, type JwtKeys } from './jwt-keys.js';
import { mapJwtRole } from './jwt-role.js';

/** How Bearer JWTs are verified and turned into a Postgres role (DESIGN.md decision 6). */
export interface JwtOptions {
  /**
   * A JWKS endpoint, e.g. Entra ID's `https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys`
   * (it serves the keys of v1 and v2 tokens). Exactly one of `jwksUrl` and `secret`.
   */
  readonly jwksUrl?: string;
  /** A shared HMAC secret (HS256/384/512), for development. */
  readonly secret?: string;
  /**
   * Accepted `iss` values, at least one. Entra ID v1 tokens say `https://sts.windows.net/<tenant>/`,
   * v2 tokens `https://login.microsoftonline.com/<tenant>/v2.0`; list both to accept both.
   */
  readonly issuers: readonly string[];
  /** Accepted `aud` values, at least one: Entra ID v1 tokens carry the app ID URI (`api://…`), v2 tokens the client id. */
  readonly audiences: readonly string[];
  /** Leeway for `exp` and `nbf` against this host's clock. */
  readonly clockSkewSeconds: number;
  /** The claim that holds the caller's roles: `roles`, `scp` or a custom one. */
  readonly roleClaim: string;
  /** Claim value → Postgres role; the first entry the token holds wins. */
  readonly roleMap: Readonly<Record<string, string>>;
  /** The Postgres role of a valid token that holds none of `roleMap`'s values; absent: such a token gets 403. */
  readonly defaultRole?: string;
  /**
   * Postgres roles whose requests get scope `read` (the service refuses their writes early); every
   * other role gets `read-write`, and its grants and row-level security decide what it may do.
   */
  readonly readOnlyRoles?: readonly string[];
  /** The least time between two JWKS fetches caused by an unknown `kid`; default 30 s. */
  readonly jwksCooldownMs?: number;
}

export interface JwtVerifier {
  /** The caller of a valid token; rejects with 401 (invalid token), 403 (no role) or 503 (keys unavailable). */
  verify(token: string): Promise<AuthContext>;
}

const DEFAULT_JWKS_COOLDOWN_MS = 30_000;

/**
 * A verifier of compact JWS tokens: signature (restricted algorithms, never `none`), `iss`, `aud`,
 * `exp` (required) and `nbf` with `clockSkewSeconds` of leeway; then the role from `roleClaim`.
 * Throws a TypeError at construction when the options cannot verify anything safely.
 */
export function createJwtVerifier(options: JwtOptions): JwtVerifier {
  const keys = keysOf(options);
  if (options.issuers.length === 0) throw new TypeError('JWT verification needs at least one accepted issuer');
  if (options.audiences.length === 0) throw new TypeError('JWT verification needs at least one accepted audience');
  const verifyOptions: JWTVerifyOptions = {
    algorithms: [...keys.algorithms],
    issuer: [...options.issuers],
    audience: [...options.audiences],
    clockTolerance: options.clockSkewSeconds,
    requiredClaims: ['exp'],
  };
  const readOnlyRoles = new Set(options.readOnlyRoles ?? []);
  return {
    async verify(token) {
      const payload = await verifiedPayload(token, keys, verifyOptions);
      const role = mapJwtRole(payload, options.roleClaim, options.roleMap) ?? options.defaultRole;
      if (role === undefined) {
        const reason = 'The token grants no role for this service';
        throw new ODataError(403, ErrorCodes.forbidden, reason, { headers: bearerChallenge('insufficient_scope', reason) });
      }
      return {
        role,
        claims: payload,
        principal: `jwt:${subjectOf(payload)}`,
        scope: readOnlyRoles.has(role) ? 'read' : 'read-write',
        entitySets: null,
      };
    },
  };
}

function keysOf(options: JwtOptions): JwtKeys {
  const { jwksUrl, secret } = options;
  if (jwksUrl !== undefined && secret === undefined) return jwksKeys(jwksUrl, options.jwksCooldownMs ?? DEFAULT_JWKS_COOLDOWN_MS);
  if (secret !== undefined && jwksUrl === undefined) return secretKey(secret);
  throw new TypeError('JWT verification needs exactly one of a JWKS URL and a shared secret');
}

async function verifiedPayload(token: string, keys: JwtKeys, verifyOptions: JWTVerifyOptions): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, keys.key, verifyOptions);
    return payload;
  } catch (error) {
    throw rejectedToken(error);
  }
}

/** `sub`, else Entra ID's object id `oid`. */
function subjectOf(payload: JWTPayload): string {
  if (typeof payload.sub === 'string') return payload.sub;
  return typeof payload['oid'] === 'string' ? payload['oid'] : 'unknown';
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC 6750
 * token68 syntax); undefined without the header. Any other value is a 401.
 */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const token = BEARER.exec(authorization)?.[1];
  if (token === undefined) {
    const reason = 'The Authorization header is not a Bearer token';
    throw new ODataError(401, ErrorCodes.unauthenticated, reason, { headers: bearerChallenge('invalid_request', reason) });
  }
  return token;
}
