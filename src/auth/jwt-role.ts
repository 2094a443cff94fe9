/**
 * The Postgres role a token's claims map to. The claim `roleClaim` (a top-level claim; names
 * may contain dots, as namespaced custom claims do) holds one value (a string), several (an
 * array of strings, as Entra ID's `roles`) or a space-separated list (as Entra ID's `scp`).
 * The first entry of `roleMap` whose claim value the token holds wins, so the map's order is
 * the operator's priority; undefined when the token holds none of them.
 */
export function mapJwtRole(
  claims: Readonly<Record<string, unknown>>,
  roleClaim: string,
  roleMap: Readonly<Record<string, string>>,
): string | undefined {
  const held = claimValues(claims[roleClaim]);
  for (const [value, role] of Object.entries(roleMap)) {
    if (held.has(value)) return role;
  }
  return undefined;
}

/** A string counts whole and by its space-separated parts; non-string array members are ignored. */
function claimValues(claim: unknown): ReadonlySet<string> {
  if (typeof claim === 'string') return new Set([claim, ...claim.split(' ').filter((part) => part !== '')]);
  if (Array.isArray(claim)) return new Set(claim.filter((value): value is string => typeof value === 'string'));
  return new Set();
}
