import type { AuthContext } from '../auth/auth-context.js';
import type { SqlStatement } from '../sql/sql-statement.js';

/** Who a request runs as, for its transaction: the caller and the request id. */
export interface RequestSettings {
  readonly auth: AuthContext;
  readonly requestId: string;
}

/**
 * The one statement that opens a request's transaction (STYLE.md §4): the caller's role
 * (`set_config('role', …)` is `SET LOCAL ROLE`), the claims as JSON, the principal and the request
 * id, all transaction-local, so that a pooled connection never carries them to the next request
 * and row-level-security policies can read them (`current_setting('request.claims', true)`).
 * None for an anonymous caller without a role of its own: the statement then runs as it is.
 */
export function settingsStatement(settings: RequestSettings | undefined): SqlStatement | null {
  if (settings === undefined) return null;
  const { auth, requestId } = settings;
  if (auth.role === null && auth.principal === 'anonymous') return null;
  const values: unknown[] = [JSON.stringify(auth.claims), auth.principal, requestId];
  const role = auth.role === null ? '' : `, set_config('role', $4, true) as role`;
  if (auth.role !== null) values.push(auth.role);
  return {
    text: `select set_config('request.claims', $1, true) as claims, set_config('request.principal', $2, true) as principal, set_config('request.id', $3, true) as id${role}`,
    values,
  };
}
