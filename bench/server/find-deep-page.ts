interface CollectionPage {
  readonly value?: readonly { readonly id?: unknown }[];
  readonly '@odata.nextLink'?: unknown;
}

export interface DeepPage {
  /** Path and query of page `page`, as the service's nextLinks lead there. */
  readonly path: string;
  /** The key of the last row of the page before it: where a keyset page would start. */
  readonly afterId: string;
}

async function fetchPage(origin: string, path: string, headers: Readonly<Record<string, string>>): Promise<CollectionPage> {
  const response = await fetch(`${origin}${path}`, { headers });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as CollectionPage;
}

/** Follows `@odata.nextLink` from `firstPath` to page `page` (1-based), as a client would. */
export async function findDeepPage(origin: string, firstPath: string, headers: Readonly<Record<string, string>>, page: number): Promise<DeepPage> {
  let path = firstPath;
  let afterId = '';
  for (let number = 1; number < page; number++) {
    const body = await fetchPage(origin, path, headers);
    const last = body.value?.at(-1)?.id;
    const next = body['@odata.nextLink'];
    if (typeof next !== 'string' || typeof last !== 'string') throw new Error(`Page ${number} of ${firstPath} has no nextLink or no rows`);
    const url = new URL(next);
    path = `${url.pathname}${url.search}`;
    afterId = last;
  }
  return { path, afterId };
}
