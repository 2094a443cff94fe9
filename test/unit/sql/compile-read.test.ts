import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { planRead } from '../../../src/plan/plan-read.js';
import type { CollectionQuery } from '../../../src/plan/query-plan.js';
import type { ReadOptions } from '../../../src/plan/read-options.js';
import { compileRead, compileRowEstimate } from '../../../src/sql/compile-read.js';
import { buildModel } from '../../../src/model/build-model.js';
import type { CatalogRelation } from '../../../src/model/catalog.js';
import { emptyModelConfig, parseModelConfig } from '../../../src/model/model-config.js';
import { sampleCatalog, sampleModel } from '../../support/sample-catalog.js';
import { normalize } from './compile-helpers.js';
import { testReadOptions } from '../../support/read-options.js';

const model = sampleModel();
/** The `@odata.etag` member of a row of `alias`: its `xmin` as a weak ETag. */
const etagOf = (alias: string) => `'W/"' || "${alias}".xmin::text || '"'`;
const ETAG = `${etagOf('t0')} as "@odata.etag"`;
const options: ReadOptions = { metadata: 'minimal', ieee754Compatible: false, maxPageSizePreference: undefined, defaultPageSize: 100, maxPageSize: 1000, skipTokenSecret: 'test-secret-test-secret-test-secret', tracking: testReadOptions.tracking };

const productId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

function compile(path: string, query = '', overrides: Partial<ReadOptions> = {}) {
  return compileRead(planRead(parseRequest({ path, query }), model, { ...options, ...overrides }).query);
}

describe('compileRead', () => {
  it('builds a collection page, the next-page probe, the count and the last sort values in one statement', () => {
    const statement = compile('Products', '$select=name,price&$filter=price gt 10&$orderby=price desc&$top=1000&$count=true', { defaultPageSize: 500 });
    expect(normalize(statement.text)).toBe(
      'select x.value, m.count, x.more, x.last from (select ' +
        '(select count(*) from "public"."products" as "t0" where "t0"."price" > $1::numeric)::text as count) as m ' +
        "left join (select string_agg(j, ',' order by n) filter (where n <= $4::int8) as value, bool_or(n > $4::int8) as more, " +
        'min(k) filter (where n = $4::int8) as last from (select row_to_json(p)::text as j, json_build_array(q."@k0", q."@k1")::text as k, ' +
        `row_number() over () as n from (select ${ETAG}, "t0"."name" as "name", "t0"."price" as "price", "t0"."price" as "@k0", "t0"."id" as "@k1" ` +
        'from "public"."products" as "t0" where "t0"."price" > $1::numeric order by "t0"."price" desc, "t0"."id" asc limit $2::int8 offset $3::int8) as q ' +
        'cross join lateral (select q."@odata.etag" as "@odata.etag", q."name" as "name", q."price" as "price") as p) as r group by (n - 1) / 100 order by (n - 1) / 100) as x on true',
    );
    expect(statement.values).toEqual(['10', '501', '0', '500']);
  });

  it('answers a page that cannot have a next page from its ordered rows directly, no probe', () => {
    const statement = compile('Products', '$select=name,price&$filter=price gt 10&$orderby=price desc&$top=300&$count=true', { defaultPageSize: 500 });
    expect(normalize(statement.text)).toBe(
      'select x.value, m.count, x.more, x.last from (select ' +
        '(select count(*) from "public"."products" as "t0" where "t0"."price" > $1::numeric)::text as count) as m ' +
        "left join (select string_agg(j, ',' order by n) as value, false as more, null::text as last from " +
        `(select row_to_json(p)::text as j, row_number() over () as n from (select ${ETAG}, "t0"."name" as "name", "t0"."price" as "price" ` +
        'from "public"."products" as "t0" where "t0"."price" > $1::numeric order by "t0"."price" desc, "t0"."id" asc limit $2::int8 offset $3::int8) as p) as r ' +
        'group by (n - 1) / 100 order by (n - 1) / 100) as x on true',
    );
    expect(statement.values).toEqual(['10', '300', '0']);
  });

  it('answers a page of at most one chunk with a single aggregate, with or without the probe', () => {
    const alone = compile('Products', '$select=name,price&$filter=price gt 10&$orderby=price desc&$top=3&$count=true');
    expect(normalize(alone.text)).toBe(
      "select string_agg(row_to_json(p)::text, ',') as value, " +
        '(select count(*) from "public"."products" as "t0" where "t0"."price" > $1::numeric)::text as count, false as more, null::text as last ' +
        `from (select ${ETAG}, "t0"."name" as "name", "t0"."price" as "price" from "public"."products" as "t0" where "t0"."price" > $1::numeric ` +
        'order by "t0"."price" desc, "t0"."id" asc limit $2::int8 offset $3::int8) as p',
    );
    expect(alone.values).toEqual(['10', '3', '0']);
    const probed = compile('Products', '$select=name&$top=300');
    expect(normalize(probed.text)).toBe(
      "select string_agg(j, ',') filter (where n <= $3::int8) as value, null::text as count, count(*) > $3::int8 as more, " +
        'min(k) filter (where n = $3::int8) as last from (select row_to_json(p)::text as j, json_build_array(q."@k0")::text as k, ' +
        `row_number() over () as n from (select ${ETAG}, "t0"."name" as "name", "t0"."id" as "@k0" from "public"."products" as "t0" ` +
        'order by "t0"."id" asc limit $1::int8 offset $2::int8) as q cross join lateral (select q."@odata.etag" as "@odata.etag", q."name" as "name") as p) as r',
    );
    expect(probed.values).toEqual(['101', '0', '100']);
  });

  it('sends rows with an expanded collection one per chunk, in their order', () => {
    const statement = compile('Categories', '$select=name&$expand=products($select=name)&$top=3');
    // one row, one chunk: the single aggregate
    expect(compile('Categories', '$select=name&$expand=products($select=name)&$top=1').text).not.toContain('left join');
    expect(normalize(statement.text)).toMatch(
      /^select x\.value, m\.count, x\.more, x\.last from \(select null::text as count\) as m left join \(select row_to_json\(p\)::text as value, false as more, null::text as last from \(select .* order by "t0"\."id" asc limit \$1::int8 offset \$2::int8\) as p\) as x on true$/,
    );
    // with the probe: the extra row says more rows follow, without a chunk
    expect(normalize(compile('Categories', '$select=name&$expand=products($select=name)').text)).toMatch(
      /left join \(select case when n <= \$3::int8 then j end as value, n > \$3::int8 as more, case when n = \$3::int8 then k end as last from /,
    );
    expect(compile('Categories', '$select=name&$expand=products($select=name)&$top=300', { defaultPageSize: 500 }).text).not.toContain('string_agg');
    // a single-valued expansion keeps rows small: chunks of 100
    expect(compile('Products', '$select=name&$expand=category($select=name)&$top=300', { defaultPageSize: 500 }).text).toContain('group by (n - 1) / 100');
  });

  it('starts a keyset page after the token values: a row comparison where no sort value can be null', () => {
    const statement = compileRead({
      ...(planRead(parseRequest({ path: 'Products', query: '$orderby=name' }), model, options).query as CollectionQuery),
      after: '["Lamp", "3fa85f64-5717-4562-b3fc-2c963f66afa6"]',
    });
    expect(normalize(statement.text)).toContain(
      `from "public"."products" as "t0" where ("t0"."name", "t0"."id") > (($1::json ->> 0)::text, ($1::json ->> 1)::uuid) order by`,
    );
    expect(statement.values[0]).toBe('["Lamp", "3fa85f64-5717-4562-b3fc-2c963f66afa6"]');
  });

  it('expands the keyset condition for nullable sort values and mixed directions', () => {
    const statement = compileRead({
      ...(planRead(parseRequest({ path: 'Products', query: '$orderby=cost desc' }), model, options).query as CollectionQuery),
      after: '[null, "3fa85f64-5717-4562-b3fc-2c963f66afa6"]',
    });
    expect(normalize(statement.text)).toContain(
      'where (((coalesce("t0"."cost" < ($1::json ->> 0)::numeric, false) or (($1::json ->> 0)::numeric is not null and "t0"."cost" is null))) or ' +
        '("t0"."cost" is not distinct from ($1::json ->> 0)::numeric and "t0"."id" > ($1::json ->> 1)::uuid)) order by',
    );
  });

  it('reads one row more than the page when more pages may follow', () => {
    expect(compile('Products', '$select=id').values).toEqual(['101', '0', '100']);
    // a set without a key pages by offset: no sort values to return
    expect(compile('Readings').text).toContain('null::text as k,');
  });

  it('builds an entity by key with row_to_json, its ETag in a column beside the JSON', () => {
    const statement = compile("Suppliers('S1')", '$select=name');
    expect(normalize(statement.text)).toBe(
      `select row_to_json(p)::text as value, ${etagOf('t0')} as etag from "public"."suppliers" as "t0" ` +
        `cross join lateral (select ${ETAG}, "t0"."name" as "name") as p where "t0"."id" = $1::text`,
    );
    expect(statement.values).toEqual(['S1']);
    // without control information the JSON has no @odata.etag, the ETag column stays
    expect(normalize(compile("Suppliers('S1')", '$select=name', { metadata: 'none' }).text)).toBe(
      `select row_to_json(p)::text as value, ${etagOf('t0')} as etag from "public"."suppliers" as "t0" ` +
        `cross join lateral (select "t0"."name" as "name") as p where "t0"."id" = $1::text`,
    );
  });

  it('reads an entity over single-valued navigation with its ETag and whether its source exists', () => {
    const statement = compile(`Products(${productId})/category`, '$select=name');
    expect(normalize(statement.text)).toBe(
      `select e.value, e.etag, r.parent from (select exists (select 1 from "public"."products" as "t0" where "t0"."id" = $2::uuid) as parent) as r ` +
        `left join (select row_to_json(p)::text as value, ${etagOf('t0')} as etag from "public"."categories" as "t0" ` +
        `cross join lateral (select ${ETAG}, "t0"."name" as "name") as p where exists (select 1 from "public"."products" as "p0" ` +
        `where "p0"."category_id" = "t0"."id" and "p0"."id" = $1::uuid) limit 1) as e on true`,
    );
    expect(statement.values).toEqual([productId, productId]);
  });

  it('puts @odata.etag in expanded entities, single and collection, from their own rows', () => {
    const single = normalize(compile(`Products(${productId})`, '$select=name&$expand=category($select=name)').text);
    expect(single).toContain(`(select row_to_json(e) from (select ${etagOf('x1')} as "@odata.etag", "x1"."name" as "name" from "public"."categories" as "x1"`);
    const many = normalize(compile('Categories', '$select=name&$expand=products($select=name)&$top=1').text);
    expect(many).toContain(`(select coalesce(json_agg(e), '[]'::json) from (select ${etagOf('x1')} as "@odata.etag", "x1"."name" as "name" from "public"."products" as "x1"`);
    expect(many).toContain(`from (select ${ETAG}, "t0"."name" as "name", (select coalesce(json_agg(e)`);
  });

  it('puts @odata.etag first in minimal metadata and after @odata.id in full metadata, never with metadata none', () => {
    expect(normalize(compile('Suppliers', '$select=name&$top=1').text)).toContain(`from (select ${ETAG}, "t0"."name" as "name" from`);
    const members = [...compile('Suppliers', '$select=name&$top=1', { metadata: 'full' }).text.matchAll(/ as "([^"]+)"/g)].map((match) => match[1]);
    expect(members.filter((name) => name !== 't0')).toEqual(['@odata.type', '@odata.id', '@odata.etag', '@odata.editLink', 'name', 'products@odata.navigationLink']);
    expect(compile('Suppliers', '$select=name&$top=1', { metadata: 'none' }).text).not.toContain('xmin');
  });

  it('takes the ETag of a set with a version column from an MD5 of its text, and a view without one has none', () => {
    const versioned = sampleModel(parseModelConfig({ entitySets: { suppliers: { etagColumn: 'rating' } } }, 'test'));
    const statement = compileRead(planRead(parseRequest({ path: "Suppliers('S1')", query: '$select=name' }), versioned, options).query);
    expect(normalize(statement.text)).toBe(
      `select row_to_json(p)::text as value, 'W/"' || md5("t0"."rating"::text) || '"' as etag from "public"."suppliers" as "t0" ` +
        `cross join lateral (select 'W/"' || md5("t0"."rating"::text) || '"' as "@odata.etag", "t0"."name" as "name") as p where "t0"."id" = $1::text`,
    );
    const withView = buildModel(
      { ...sampleCatalog, relations: [...sampleCatalog.relations, { ...(sampleCatalog.relations[1] as CatalogRelation), name: 'supplier_view', kind: 'view', constraints: [] }] },
      { namespace: 'Demo', config: emptyModelConfig },
    ).model;
    const view = compileRead(planRead(parseRequest({ path: 'SupplierView', query: '$top=1' }), withView, options).query);
    expect(view.text).not.toContain('@odata.etag');
    const viewEntity = compileRead(planRead(parseRequest({ path: "SupplierView('S1')", query: '' }), withView, options).query);
    expect(normalize(viewEntity.text)).toMatch(/^select row_to_json\(p\)::text as value, null::text as etag from "public"\."supplier_view" as "t0" cross join lateral \(select "t0"\."id" as "id",/);
  });

  it('encodes Doubles, Int64 under IEEE754Compatible and properties', () => {
    expect(normalize(compile('Products', '$select=weight_kg').text)).toContain(
      `case when "t0"."weight_kg" = 'Infinity'::float8 then to_json('INF'::text) when "t0"."weight_kg" = '-Infinity'::float8 then to_json('-INF'::text) else to_json("t0"."weight_kg") end as "weight_kg"`,
    );
    expect(normalize(compile('Products', '$select=stock', { ieee754Compatible: true }).text)).toContain('"t0"."stock"::text as "stock"');
    expect(normalize(compile("Suppliers('S1')/name").text)).toBe(
      'select to_json("t0"."name")::text as value from "public"."suppliers" as "t0" where "t0"."id" = $1::text',
    );
    expect(normalize(compile("Suppliers('S1')/name/$value").text)).toBe(
      `select to_json("t0"."name") #>> '{}' as value from "public"."suppliers" as "t0" where "t0"."id" = $1::text`,
    );
  });

  it('counts with /$count', () => {
    const statement = compile('Products/$count', '$filter=quantity eq 0');
    expect(normalize(statement.text)).toBe('select count(*)::text as count from "public"."products" as "t0" where "t0"."quantity" = $1::int4');
    expect(statement.values).toEqual(['0']);
  });

  it("asks the planner for the rows a collection's filter selects, without reading them", () => {
    const query = planRead(parseRequest({ path: 'Products', query: '$filter=quantity eq 0&$count=true&$top=5' }), model, options).query as CollectionQuery;
    const statement = compileRowEstimate(query);
    expect(normalize(statement.text)).toBe('explain (format json) select 1 from "public"."products" as "t0" where "t0"."quantity" = $1::int4');
    expect(statement.values).toEqual(['0']);
  });
});
