import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import type { AuthConfig } from '../config/config.js';
import type { AuthContext } from './auth-context.js';
import { bearerTokenOf } from './jwt.js';

/** What authentication reads of a request: no framework types. */
export interface Credentials {
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw query string, without `?`. */
  readonly query: string;
  readonly clientIp: string;
}

/** An API key store (see `api-keys.ts`): the caller of a key, or null for a key it does not know. */
export interface KeyAuthenticator {
  authenticate(presented: string, clientIp: string): AuthContext | null;
}

/** A token verifier (see `jwt.ts`): the caller of a valid token; rejects with 401/403 otherwise. */
export interface TokenAuthenticator {
  verify(token: string): Promise<AuthContext>;
}

export interface Authenticator {
  authenticate(credentials: Credentials): Promise<AuthContext>;
}

/** The value of query parameter `name` in a raw query string, percent-decoded; undefined when absent or malformed. */
function queryParameter(query: string, name: string): string | undefined {
  for (const pair of query.split('&')) {
    const at = pair.indexOf('=');
    if ((at === -1 ? pair : pair.slice(0, at)) !== name || at === -1) continue;
    try {
      return decodeURIComponent(pair.slice(at + 1).replaceAll('+', ' '));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Turns a request's credentials into who it runs as: an API key (header, or the configured
 * query-string parameter), else a Bearer token, else the anonymous role when allowed. A kind of
 * credential the service is not configured for is no credential. None where they are needed, or
 * ones that are wrong, are a 401 whose `WWW-Authenticate` names the ways in; no secret ever
 * reaches a message.
 */
export function createAuthenticator(config: AuthConfig, keys: KeyAuthenticator | null, tokens: TokenAuthenticator | null): Authenticator {
  const challenges = [...(tokens === null ? [] : ['Bearer']), ...(keys === null ? [] : [`ApiKey header="${config.apiKeyHeader}"`])].join(', ');
  const unauthenticated = (message: string, challenge = challenges): ODataError =>
    new ODataError(401, ErrorCodes.unauthenticated, message, challenge === '' ? {} : { headers: { 'www-authenticate': challenge } });
  const anonymous: AuthContext | null =
    config.anonymous === null ? null : { role: config.anonymous.role, claims: {}, principal: 'anonymous', scope: config.anonymous.scope, entitySets: null };
  return {
    async authenticate({ headers, query, clientIp }) {
      const parameter = config.apiKeyQueryParameter;
      const key = keys === null ? undefined : (headers[config.apiKeyHeader] ?? (parameter === null ? undefined : queryParameter(query, parameter)));
      if (key !== undefined) {
        const caller = keys?.authenticate(key, clientIp) ?? null;
        if (caller === null) throw unauthenticated('The API key is not valid');
        return caller;
      }
      const authorization = tokens === null ? undefined : headers['authorization'];
      if (tokens !== null && authorization !== undefined) {
        const token = bearerTokenOf(authorization);
        if (token !== undefined) return tokens.verify(token);
      }
      if (anonymous !== null) return anonymous;
      throw unauthenticated('Credentials are required');
    },
  };
}

/** The 403 of a caller whose key or token does not allow the request. */
export function forbidden(message: string): ODataError {
  return new ODataError(403, ErrorCodes.forbidden, message);
}

/** A key limited to some entity sets reaches no other: 403 naming the set. */
export function checkEntitySetAllowed(auth: AuthContext, entitySet: string): void {
  if (auth.entitySets !== null && !auth.entitySets.has(entitySet)) throw forbidden(`These credentials do not give access to ${entitySet}`);
}
