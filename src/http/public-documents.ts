import type { AuthConfig } from '../config/config.js';

/**
 * Whether a request for a describing document (`$metadata`, the service document, the connector
 * definition, the API page) goes without authentication: metadata is public and the request sends
 * no credentials. Credentials that are sent are always checked, so a wrong key is a 401 there too.
 */
export function answersWithoutCredentials(auth: AuthConfig, headers: Readonly<Record<string, string | undefined>>): boolean {
  return auth.publicMetadata && headers['authorization'] === undefined && headers[auth.apiKeyHeader] === undefined;
}
