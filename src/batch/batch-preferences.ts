/** The `continue-on-error` preference of a batch request, and how `Preference-Applied` names it back. */
export interface ContinueOnError {
  readonly value: boolean;
  readonly applied: string;
}

/** Splits a `Prefer` header at commas outside quoted strings. */
export function preferencesOf(header: string): string[] {
  const preferences: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of header) {
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      preferences.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  preferences.push(current);
  return preferences;
}

/**
 * `continue-on-error` (4.01) or `odata.continue-on-error` (4.0), with an implicit or explicit
 * `true` or an explicit `false`; `undefined` when not asked (or asked with another value). With
 * both spellings, the 4.01 one wins, as the protocol says of such pairs.
 */
export function continueOnErrorOf(prefer: string | undefined): ContinueOnError | undefined {
  if (prefer === undefined) return undefined;
  const found = new Map<string, ContinueOnError>();
  for (const preference of preferencesOf(prefer)) {
    const [head = ''] = preference.split(';');
    const equals = head.indexOf('=');
    const name = (equals === -1 ? head : head.slice(0, equals)).trim().toLowerCase();
    if (name !== 'continue-on-error' && name !== 'odata.continue-on-error') continue;
    const raw = equals === -1 ? 'true' : head.slice(equals + 1).trim().replace(/^"|"$/g, '').toLowerCase();
    if (raw !== 'true' && raw !== 'false') continue;
    found.set(name, { value: raw === 'true', applied: raw === 'true' ? name : `${name}=false` });
  }
  return found.get('continue-on-error') ?? found.get('odata.continue-on-error');
}
