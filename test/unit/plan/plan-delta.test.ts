import { describe, expect, it } from 'vitest';
import type { EdmModel } from '../../../src/model/edm-model.js';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { deltaFingerprint, encodeDeltaToken, type DeltaWindow } from '../../../src/plan/delta-token.js';
import { planRead } from '../../../src/plan/plan-read.js';
import type { ReadOptions } from '../../../src/plan/read-options.js';
import { compileRead } from '../../../src/sql/compile-read.js';
import { sampleModel } from '../../support/sample-catalog.js';
import { testReadOptions } from '../../support/read-options.js';
import { expectEveryParameterUsed } from '../sql/compile-helpers.js';
import { rejectionOf } from '../../support/odata-rejection.js';

/** The sample model tracks Products; here Categories too, to filter over its navigation. */
const tracked = sampleModel();
const model: EdmModel = {
  ...tracked,
  entitySets: tracked.entitySets.map((set) => (set.name === 'Categories' ? { ...set, changeTracking: { keyColumns: ['id'] } } : set)),
};
const NOW = testReadOptions.tracking.now;
const DAY_MS = 86_400_000;
const trackingOptions = (extra: Partial<ReadOptions['tracking']> = {}): ReadOptions => ({ ...testReadOptions, tracking: { ...testReadOptions.tracking, ...extra } });

/** A delta request for `query` on `path`, its token signed for the same set and selection. */
function deltaRequest(path: string, query: string, window: Partial<DeltaWindow> = {}): ReturnType<typeof parseRequest> {
  const set = path.split('/')[0] as string;
  const options = parseRequest({ path, query }).options;
  const token = encodeDeltaToken(
    deltaFingerprint(set, options),
    { since: '100:105:101', issuedAt: NOW - 1000, until: null, after: null, ...window },
    testReadOptions.skipTokenSecret,
  );
  return parseRequest({ path, query: `${query}${query === '' ? '' : '&'}$deltatoken=${token}` });
}

describe('a read that tracks changes', () => {
  const plan = (query: string, set = 'Products') => planRead(parseRequest({ path: set, query }), model, trackingOptions({ requested: true }));

  it('asks the statement for its snapshot, and ends with a delta link bound to the selection', () => {
    const read = plan('$select=name&$filter=price gt 5');
    expect(read.query).toMatchObject({ kind: 'collection', snapshot: true });
    expect(read.shape).toMatchObject({ kind: 'collection', tracking: { start: null, selection: { entitySet: 'Products' } } });
    expect(compileRead(read.query).text).toContain('pg_current_snapshot()::text as snapshot');
  });

  it('is not applied to a set without tracking, nor without the preference', () => {
    const untracked = planRead(parseRequest({ path: 'Suppliers', query: '' }), model, trackingOptions({ requested: true }));
    expect(untracked.shape).toMatchObject({ tracking: null });
    expect(untracked.query).toMatchObject({ snapshot: false });
    expect(planRead(parseRequest({ path: 'Products', query: '' }), model, testReadOptions).shape).toMatchObject({ tracking: null });
    expect(compileRead(planRead(parseRequest({ path: 'Products', query: '' }), model, testReadOptions).query).text).not.toContain('pg_current_snapshot');
  });

  it.each([
    ["category/name eq 'x'", /navigation/],
    ['products/any(p: p/price gt 1)', /navigation/],
    ['products/$count gt 1', /navigation/],
    ['year(now()) gt 2000', /now\(\)/],
  ])('rejects $filter=%s', (filter, message) => {
    const set = filter.startsWith('products') ? 'Categories' : 'Products';
    expect(rejectionOf(() => plan(`$filter=${filter}`, set))).toMatchObject({ status: 400, target: '$filter', message: expect.stringMatching(message) });
  });

  it('accepts filters on the entity\'s own values, array lambdas and $search included', () => {
    for (const query of ["$filter=tags/any(t: startswith(t, 'a')) and price mul 2 gt 10", '$search=lamp', "$filter=not (name eq 'a') and sku in ('a','b')"]) {
      expect(plan(query).shape, query).toMatchObject({ tracking: { start: null } });
    }
  });
});

describe('a delta request', () => {
  const plan = (request: ReturnType<typeof parseRequest>, options = trackingOptions()) => planRead(request, model, options);

  it('compiles to one statement that reads the window through changes_between, every value a parameter', () => {
    const read = plan(deltaRequest('Products', '$select=name&$filter=price gt 5'));
    expect(read.shape).toMatchObject({ kind: 'delta', context: 'Products(name)/$delta', version: '4.0' });
    const statement = compileRead(read.query);
    expect(statement.planEachTime).toBe(true);
    expect(statement.values.slice(0, 3)).toEqual(['100:105:101', 'public', 'products']);
    expect(statement.text).toMatch(/from "odata_facade"\."changes_between"\(\$2, \$3, \$1::pg_snapshot, pg_current_snapshot\(\), null::xid8, null::int8, \$\d+::int8 \+ 1\) as l/);
    expect(statement.text).toMatch(/\(l\.key ->> \$\d+\)::"pg_catalog"\."uuid" as "id"/);
    expect(statement.text).toContain(`"t0"."id" = "k"."id"`);
    expect(statement.text).toContain(`(e.j is not null or l.first_op <> 'I') as keep`);
    expect(statement.text).toContain('filter (where n <= $');
    expect(statement.text).toContain('pg_visible_in_snapshot(w.since, $1::pg_snapshot)');
    expect(statement.text).toContain('w.pruned_through >= pg_snapshot_xmin($1::pg_snapshot)');
    expect(statement.text).not.toContain('100:105');
    expect(statement.values).toContain('id');
    expectEveryParameterUsed(statement.text, statement.values.length);
  });

  it('names a removed entity in the form of the version the client takes', () => {
    const old = compileRead(plan(deltaRequest('Products', '')).query);
    expect(old.text).toContain(`'deleted' else 'changed' end as reason`);
    expect(old.values).toContain('#Products/$deletedEntity');
    const read = plan(deltaRequest('Products', ''), trackingOptions({ v401: true }));
    expect(read.shape).toMatchObject({ version: '4.01' });
    const current = compileRead(read.query);
    expect(current.text).toContain(`as reason) as r) as "@removed"`);
    expect(current.text).toContain('as "@id"');
    expect(current.values).not.toContain('#Products/$deletedEntity');
  });

  it('goes on after the last change of the previous page within the window it closed', () => {
    const statement = compileRead(plan(deltaRequest('Products', '', { until: '110:110:', after: '7:42' })).query);
    expect(statement.values.slice(0, 4)).toEqual(['100:105:101', 'public', 'products', '110:110:']);
    const call = /"changes_between"\(\$2, \$3, \$1::pg_snapshot, \$4::pg_snapshot, \$(\d+)::xid8, \$(\d+)::int8, \$(\d+)::int8 \+ 1\)/.exec(statement.text);
    expect(call).not.toBeNull();
    const [, txid = '', seq = '', limit = ''] = call ?? [];
    expect([statement.values[Number(txid) - 1], statement.values[Number(seq) - 1], statement.values[Number(limit) - 1]]).toEqual(['7', '42', '100']);
    expectEveryParameterUsed(statement.text, statement.values.length);
  });

  it('counts the window for /$count', () => {
    const read = plan(deltaRequest('Products/$count', ''));
    expect(read.shape).toEqual({ kind: 'deltaCount' });
    const statement = compileRead(read.query);
    expect(statement.text).toMatch(/^select \(select count\(\*\) from \(select .* as a where a\.keep\)::text as count/);
    expect(statement.text).toContain('null::xid8, null::int8, null::int8)');
    expectEveryParameterUsed(statement.text, statement.values.length);
  });

  it('is 410 Gone past the retention, and for a set no longer tracked', () => {
    expect(rejectionOf(() => plan(deltaRequest('Products', ''), trackingOptions({ now: NOW + 8 * DAY_MS })))).toMatchObject({ status: 410, code: 'OF516' });
    expect(plan(deltaRequest('Products', ''), trackingOptions({ now: NOW + 6 * DAY_MS })).shape.kind).toBe('delta');
    const untracked = { ...model, entitySets: model.entitySets.map((set) => ({ ...set, changeTracking: null })) };
    expect(rejectionOf(() => planRead(deltaRequest('Products', ''), untracked, trackingOptions()))).toMatchObject({ status: 410 });
  });

  it('rejects (400) paging, ordering and expanding options, and a token on anything but an entity set', () => {
    for (const query of ['$orderby=name', '$top=1', '$skip=1', '$expand=category', '$skiptoken=x']) {
      expect(rejectionOf(() => plan(deltaRequest('Products', query))), query).toMatchObject({ status: 400, target: `$${query.slice(1, query.indexOf('='))}` });
    }
    expect(rejectionOf(() => plan(deltaRequest('Categories(1)/products', '')))).toMatchObject({ status: 400, target: '$deltatoken' });
  });
});
