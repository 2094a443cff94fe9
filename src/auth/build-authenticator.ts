import { z } from 'zod';
import { ConfigError, type AuthConfig } from '../config/config.js';
import { loadApiKeys, parseApiKeys, parseApiKeysJson, type ApiKeyStore } from './api-keys.js';
import { demoKeyEntries } from './demo-keys.js';
import { createAuthenticator, type Authenticator } from './authenticate.js';
import { createJwtVerifier, type JwtVerifier } from './jwt.js';

const roleMapSchema = z.record(z.string().min(1), z.string().min(1));

async function keysOf(config: AuthConfig): Promise<ApiKeyStore | null> {
  const { apiKeys } = config;
  if (apiKeys === null) return config.demoKeys ? parseApiKeys(demoKeyEntries(), 'the demo keys') : null;
  return 'file' in apiKeys ? loadApiKeys(apiKeys.file) : parseApiKeysJson(apiKeys.json, 'AUTH_API_KEYS');
}

function roleMapOf(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigError('Invalid environment variable AUTH_JWT_ROLE_MAP: not JSON');
  }
  const parsed = roleMapSchema.safeParse(value);
  if (!parsed.success) throw new ConfigError('Invalid environment variable AUTH_JWT_ROLE_MAP: must map claim values to Postgres role names');
  return parsed.data;
}

function tokensOf(config: AuthConfig): JwtVerifier | null {
  const { jwt } = config;
  if (jwt === null) return null;
  try {
    return createJwtVerifier({
      ...(jwt.jwksUrl === undefined ? {} : { jwksUrl: jwt.jwksUrl }),
      ...(jwt.secret === undefined ? {} : { secret: jwt.secret }),
      issuers: jwt.issuers,
      audiences: jwt.audiences,
      clockSkewSeconds: jwt.clockSkewSeconds,
      roleClaim: jwt.roleClaim,
      roleMap: roleMapOf(jwt.roleMap),
      ...(jwt.defaultRole === undefined ? {} : { defaultRole: jwt.defaultRole }),
    });
  } catch (error) {
    if (error instanceof TypeError) throw new ConfigError(`Invalid JWT configuration (AUTH_JWT_*): ${error.message}`);
    throw error;
  }
}

/**
 * The authenticator the configuration describes (API keys from their file or variable, a token
 * verifier, anonymous access), and every Postgres role a request may run as through it.
 */
export async function buildAuthenticator(config: AuthConfig): Promise<{ readonly authenticator: Authenticator; readonly roles: readonly string[] }> {
  const keys = await keysOf(config);
  const roleMap = config.jwt === null ? {} : roleMapOf(config.jwt.roleMap);
  const roles = [
    ...(keys?.roles ?? []),
    ...Object.values(roleMap),
    ...(config.jwt?.defaultRole === undefined ? [] : [config.jwt.defaultRole]),
    ...(config.anonymous?.role == null ? [] : [config.anonymous.role]),
  ];
  return { authenticator: createAuthenticator(config, keys, tokensOf(config)), roles: [...new Set(roles)] };
}
