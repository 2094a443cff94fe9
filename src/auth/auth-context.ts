/**
 * Who a request runs as (DESIGN.md decision 6): the Postgres role its statements take for their
 * transaction and the claims row-level-security policies read, with what the service itself
 * checks before the database does (scope, entity sets).
 */
export interface AuthContext {
  /** `SET LOCAL ROLE` for the request's transaction; null: the connection's own role (no authentication configured). */
  readonly role: string | null;
  /** `request.claims` (JSON): a token's claims, or `{ "sub": "key:<id>", "role": … }` for an API key. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** Who is asking, for logs, limits and audit: `key:<id>`, `jwt:<subject>`, `anonymous`. Never a secret. */
  readonly principal: string;
  /** `read`: reads only; `read-write`: writes too. */
  readonly scope: 'read' | 'read-write';
  /** The entity sets the caller may use; null: every set. */
  readonly entitySets: ReadonlySet<string> | null;
}
