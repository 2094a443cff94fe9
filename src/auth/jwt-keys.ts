import { createRemoteJWKSet, errors, type JWSAlgorithm, type JWTVerifyGetKey } from 'jose';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';

/** What token signatures are checked with, and the algorithms a token may name for it. */
export interface JwtKeys {
  readonly key: Uint8Array | JWTVerifyGetKey;
  readonly algorithms: readonly JWSAlgorithm[];
}

/** Asymmetric families only: an HS* token must never be checked against a public key, `none` never at all. */
const PUBLIC_KEY_ALGORITHMS: readonly JWSAlgorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
const SECRET_ALGORITHMS: readonly JWSAlgorithm[] = ['HS256', 'HS384', 'HS512'];

/** Seconds a client waits before retrying when the key set cannot be fetched. */
const KEYS_RETRY_AFTER = '5';

/**
 * The keys of a JWKS endpoint: fetched on first use, kept for jose's cache age (10 minutes) and
 * fetched again when a token names an unknown `kid` (key rotation), at most once per
 * `cooldownMs`. An endpoint that cannot be reached or answers with no key set is a 503: the
 * token may be fine, the service cannot tell now.
 */
export function jwksKeys(jwksUrl: string, cooldownMs: number): JwtKeys {
  const keySet = createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: cooldownMs });
  const key: JWTVerifyGetKey = async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys || error instanceof errors.JOSENotSupported) {
        throw error;
      }
      throw new ODataError(503, ErrorCodes.authUnavailable, 'The token signing keys cannot be fetched now', {
        cause: error,
        headers: { 'retry-after': KEYS_RETRY_AFTER },
      });
    }
  };
  return { key, algorithms: PUBLIC_KEY_ALGORITHMS };
}

/** A shared HMAC secret (development): HS256, HS384 or HS512. */
export function secretKey(secret: string): JwtKeys {
  return { key: new TextEncoder().encode(secret), algorithms: SECRET_ALGORITHMS };
}
