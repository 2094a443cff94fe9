import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './build-test-app.js';

/** One entry of a delta or tracked page: an entity, or a removed entity in the 4.01 or the 4.0 form. */
export type DeltaEntry = Record<string, unknown>;

/** What following a link to its end gives: every page's entries, the responses, and the delta link of the last page. */
export interface Followed {
  readonly entries: readonly DeltaEntry[];
  readonly pages: readonly LightMyRequestResponse[];
  readonly deltaLink: string;
}

/** The path and query of an absolute link the service wrote, to inject. */
export function pathOf(link: string): string {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}

/**
 * GETs `path` and every `@odata.nextLink` after it with the same headers, until a page ends with
 * `@odata.deltaLink`. Fails on any page that is not a 200.
 */
export async function followToDeltaLink(t: TestApp, path: string, headers: Record<string, string> = {}): Promise<Followed> {
  const entries: DeltaEntry[] = [];
  const pages: LightMyRequestResponse[] = [];
  let url = path;
  for (;;) {
    const response = await t.app.inject({ method: 'GET', url, headers });
    pages.push(response);
    if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
    const body = response.json<{ value: DeltaEntry[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string }>();
    entries.push(...body.value);
    if (body['@odata.nextLink'] !== undefined) {
      url = pathOf(body['@odata.nextLink']);
      continue;
    }
    if (body['@odata.deltaLink'] === undefined) throw new Error(`GET ${url}: the last page has no delta link`);
    return { entries, pages, deltaLink: pathOf(body['@odata.deltaLink']) };
  }
}

/** The key in an entity id, `Products(<uuid>)` → `<uuid>`. */
export function keyOfId(id: unknown): string {
  const match = /^[A-Za-z]+\((.+)\)$/.exec(String(id));
  if (match === null) throw new Error(`Not an entity id: ${String(id)}`);
  return match[1] as string;
}

/**
 * How an entry reads in either form: the entity's key, and whether it was removed (and why). An
 * entity of a delta names itself by its id; one of the first read by its `id` property.
 */
export function readEntry(entry: DeltaEntry): { readonly key: string; readonly removed: string | null } {
  if ('@removed' in entry) return { key: keyOfId(entry['@id']), removed: String((entry['@removed'] as { reason: string }).reason) };
  if (typeof entry['@odata.context'] === 'string' && entry['@odata.context'].endsWith('/$deletedEntity')) {
    return { key: keyOfId(entry['id']), removed: String(entry['reason']) };
  }
  const id = entry['@id'] ?? entry['@odata.id'];
  return { key: id === undefined ? String(entry['id']) : keyOfId(id), removed: null };
}

/**
 * A client that keeps a copy of an entity set using delta links only: it reads the set once with
 * `Prefer: odata.track-changes`, then applies each delta (an entity replaces its copy, a removed
 * entity deletes it).
 */
export class MirrorClient {
  readonly rows = new Map<string, Record<string, unknown>>();
  private deltaLink = '';

  constructor(
    private readonly t: TestApp,
    private readonly headers: Record<string, string>,
  ) {}

  private apply(entries: readonly DeltaEntry[]): void {
    for (const entry of entries) {
      const { key, removed } = readEntry(entry);
      if (removed !== null) {
        this.rows.delete(key);
        continue;
      }
      const values = Object.fromEntries(Object.entries(entry).filter(([name]) => !name.startsWith('@') && name !== 'id'));
      this.rows.set(key, values);
    }
  }

  async start(path: string): Promise<void> {
    const prefer = ['odata.track-changes', ...(this.headers['prefer'] === undefined ? [] : [this.headers['prefer']])].join(',');
    const followed = await followToDeltaLink(this.t, path, { ...this.headers, prefer });
    this.apply(followed.entries);
    this.deltaLink = followed.deltaLink;
  }

  /** Applies the changes since the last delta link; answers how many entries it read. */
  async sync(): Promise<number> {
    const followed = await followToDeltaLink(this.t, this.deltaLink, this.headers);
    this.apply(followed.entries);
    this.deltaLink = followed.deltaLink;
    return followed.entries.length;
  }
}
