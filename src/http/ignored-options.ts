import { preferencesOf } from '../batch/batch-preferences.js';
import { splitQuery } from '../parse/split-query.js';
import type { HttpInput } from './http-input.js';

/** The preferences the service acts on (`odata.maxpagesize`, `return`, `continue-on-error`); others are ignored. */
const APPLIED_PREFERENCES = new Set(['odata.maxpagesize', 'maxpagesize', 'return', 'continue-on-error', 'odata.continue-on-error']);

/** What a request asked that the service ignores, by name: its values may hold secrets. */
export interface IgnoredOptions {
  /** Custom query options (names without `$` or `@`), the API key parameter aside. */
  readonly customOptions: readonly string[];
  /** Preferences of the `Prefer` header the service does not act on. */
  readonly preferences: readonly string[];
}

function preferenceNamesOf(prefer: string | undefined): string[] {
  if (prefer === undefined) return [];
  const names = new Set<string>();
  for (const preference of preferencesOf(prefer)) {
    const [head = ''] = preference.split(';', 1);
    const name = (head.split('=', 1)[0] ?? '').trim().toLowerCase();
    if (name !== '' && !APPLIED_PREFERENCES.has(name)) names.add(name);
  }
  return [...names];
}

/**
 * The names of the custom query options and preferences of a request the pipeline answered,
 * whose query string therefore splits without error; null when it ignored nothing. Clients such
 * as Dataverse send options of their own, which the protocol lets a service ignore.
 */
export function ignoredOptionsOf(input: HttpInput, apiKeyQueryParameter: string | null): IgnoredOptions | null {
  const customOptions = [...splitQuery(input.query).custom.keys()].filter((name) => name !== apiKeyQueryParameter);
  const preferences = preferenceNamesOf(input.headers['prefer']);
  return customOptions.length === 0 && preferences.length === 0 ? null : { customOptions, preferences };
}
