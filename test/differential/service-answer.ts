import type { TestApp } from '../support/build-test-app.js';
import { canonicalFromJson, productProperties, propertyNames, type CanonicalValue, type PropertyName } from './demo-products.js';
import type { ReferenceResult } from './reference-evaluator.js';

/**
 * The service's side of a differential test: every page of its answer in the reference's
 * canonical form, and the comparison with the reference's answer.
 */
const SERVICE_ROOT = 'http://localhost:80/odata/';
const ACCEPT = 'application/json;odata.metadata=minimal;IEEE754Compatible=true';
const MAX_PAGES = 20;

export interface ServiceAnswer {
  readonly status: number;
  readonly rows: Record<string, CanonicalValue>[];
  readonly count: string | undefined;
  readonly body: string;
}

interface Page {
  readonly value: Record<string, unknown>[];
  /** A string with IEEE754Compatible=true (JSON Format 4.01: Int64 values and the count as strings). */
  readonly '@odata.count'?: number | string;
  readonly '@odata.nextLink'?: string;
}

function canonicalRow(json: Record<string, unknown>): Record<string, CanonicalValue> {
  const entries = Object.entries(json)
    .filter(([name]) => !name.includes('@'))
    .map(([name, value]) => [name, Object.hasOwn(productProperties, name) ? canonicalFromJson(name as PropertyName, value) : `unknown property`] as const)
    .sort(([a], [b]) => propertyNames.indexOf(a as PropertyName) - propertyNames.indexOf(b as PropertyName));
  return Object.fromEntries(entries) as Record<string, CanonicalValue>;
}

/** Every page of the answer, following `@odata.nextLink`. */
export async function askService(t: TestApp, path: string): Promise<ServiceAnswer> {
  const rows: Record<string, CanonicalValue>[] = [];
  let count: string | undefined;
  let next: string | undefined = path;
  for (let pages = 0; next !== undefined; pages += 1) {
    if (pages === MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages`);
    const response = await t.get(next, { accept: ACCEPT });
    if (response.statusCode !== 200) return { status: response.statusCode, rows, count, body: response.body };
    const page = response.json<Page>();
    if (pages === 0 && page['@odata.count'] !== undefined) count = String(page['@odata.count']);
    rows.push(...page.value.map(canonicalRow));
    const link = page['@odata.nextLink'];
    if (link !== undefined && !link.startsWith(SERVICE_ROOT)) throw new Error(`nextLink outside the service: ${link}`);
    next = link?.slice(SERVICE_ROOT.length);
  }
  return { status: 200, rows, count, body: '' };
}

const show = (value: unknown): string => JSON.stringify(value) ?? 'undefined';

/** Throws a short description of the first difference. */
export function assertSameAnswer(countAsked: boolean, expected: ReferenceResult, actual: ServiceAnswer): void {
  if (expected.status === 400) {
    if (actual.status !== 400) throw new Error(`expected 400 (${expected.reason}), service answered ${actual.status}`);
    return;
  }
  if (actual.status !== 200) throw new Error(`expected 200, service answered ${actual.status}: ${actual.body.slice(0, 400)}`);
  if (countAsked && actual.count !== String(expected.count)) {
    throw new Error(`@odata.count: expected ${expected.count}, service said ${show(actual.count)}`);
  }
  const length = Math.max(expected.rows.length, actual.rows.length);
  for (let index = 0; index < length; index += 1) {
    const [want, got] = [show(expected.rows[index]), show(actual.rows[index])];
    if (want !== got) {
      throw new Error(
        `row ${index} of ${expected.rows.length} expected (service sent ${actual.rows.length}):\n` +
          `    reference: ${want}\n    service:   ${got}`,
      );
    }
  }
}
