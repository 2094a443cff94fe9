/**
 * The floor's hand-written SQL, one statement per scenario: Postgres builds the whole body and the
 * floor server sends its text as is. Same rows, same order (the key breaks ties, as the service
 * does) and the same entity data as the service's answer: the members of each entity and its ETag
 * (`@odata.etag`, the row's `xmin`, which every entity of a table carries); no other `@odata.*`
 * annotation, no transaction, no session settings.
 */
export interface FloorQuery {
  readonly text: string;
  /** Query-string parameters of the floor URL bound to `$1`, `$2`… in this order. */
  readonly params: readonly string[];
}

const PRODUCTS = 'public.products';

/** The ETag member of an entity of the table under `alias`, as the service writes it. */
function etag(alias: string): string {
  return `'W/"' || ${alias}.xmin::text || '"' as "@odata.etag"`;
}
const FILTER = 'p.price > 100 and p.discontinued = false';

/** `{"value":[…]}` over the rows of `rows`. */
function collection(rows: string): string {
  return `select json_build_object('value', coalesce(json_agg(r), '[]'))::text as body from (${rows}) as r`;
}

export const floorQueries: Readonly<Record<string, FloorQuery>> = {
  top50: {
    text: collection(`select ${etag('p')}, p.sku, p.name, p.price from ${PRODUCTS} as p where ${FILTER} order by p.price desc, p.id limit 50`),
    params: [],
  },
  'by-key': { text: `select row_to_json(r)::text as body from (select ${etag('p')}, p.* from ${PRODUCTS} as p where p.id = $1::uuid) as r`, params: ['id'] },
  'page-5000x5': {
    text: collection(`select ${etag('p')}, p.id, p.sku, p.name, p.price, p.quantity from ${PRODUCTS} as p order by p.id limit 5000`),
    params: [],
  },
  'page-1000-all': { text: collection(`select ${etag('p')}, p.* from ${PRODUCTS} as p order by p.id limit 1000`), params: [] },
  'top50-count': {
    text:
      `select json_build_object('@odata.count', (select count(*) from ${PRODUCTS} as p where ${FILTER}), ` +
      `'value', coalesce(json_agg(r), '[]'))::text as body ` +
      `from (select ${etag('p')}, p.sku, p.name, p.price from ${PRODUCTS} as p where ${FILTER} order by p.price desc, p.id limit 50) as r`,
    params: [],
  },
  'page-1': { text: collection(`select ${etag('p')}, p.* from ${PRODUCTS} as p order by p.id limit 100`), params: [] },
  'page-500-offset': { text: collection(`select ${etag('p')}, p.* from ${PRODUCTS} as p order by p.id limit 100 offset 49900`), params: [] },
  'page-500-keyset': {
    text: collection(`select ${etag('p')}, p.* from ${PRODUCTS} as p where p.id > $1::uuid order by p.id limit 100`),
    params: ['after'],
  },
  expand: {
    text: collection(
      `select ${etag('c')}, c.id, c.name, c.description, ` +
        `(select coalesce(json_agg(json_build_object('@odata.etag', 'W/"' || p.xmin::text || '"', 'sku', p.sku, 'price', p.price) order by p.id), '[]') ` +
        `from ${PRODUCTS} as p where p.category_id = c.id) as products ` +
        `from public.categories as c order by c.id limit 20`,
    ),
    params: [],
  },
};
