import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/build-test-app.js';
import { testBackends } from '../support/test-database.js';

describe.each(testBackends)('values of every mapped type on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(backend);
  });
  afterAll(async () => t?.close());

  it('writes each type in its OData JSON form', async () => {
    const response = await t.get('AllTypes(1)');
    expect(response.statusCode).toBe(200);
    // Parse with the text at hand: Int64 and Decimal digits must survive exactly.
    expect(response.body).toContain('"c_bigint":9007199254740993');
    expect(response.body).toContain('"c_numeric":12345678901234.123456');
    expect(response.body).toContain('"c_numeric_free":0.1000000000000000000001');
    expect(response.json()).toMatchObject({
      id: 1,
      c_smallint: 7,
      c_real: 1.5,
      c_double: 2.25,
      c_bool: true,
      c_text: 'plain',
      c_varchar: 'ten chars!',
      c_char: 'abc',
      c_date: '2024-02-29',
      c_timestamptz: '2024-03-01T10:34:56.789+00:00',
      c_timestamp: '2024-03-01T08:00:00+00:00',
      c_time: '13:14:15',
      c_interval: 'P1DT2H',
      c_bytea: 'AP8Q',
      c_uuid: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
      c_json: '{"a": 1}',
      c_inet: '192.168.0.1',
      c_int_array: [1, 2, 3],
      c_mood: 'happy',
      c_generated: 2,
    });
  });

  it('spells non-finite doubles INF, -INF and NaN', async () => {
    expect((await t.get('AllTypes(2)?$select=c_real,c_double')).json()).toMatchObject({ c_real: 'INF', c_double: '-INF' });
    expect((await t.get('AllTypes(3)?$select=c_double')).json()).toMatchObject({ c_double: 'NaN' });
  });

  it('writes Int64 and Decimal as strings with IEEE754Compatible=true', async () => {
    const response = await t.get('AllTypes(1)?$select=c_bigint,c_numeric,c_smallint', { accept: 'application/json;IEEE754Compatible=true' });
    expect(response.headers['content-type']).toBe('application/json;odata.metadata=minimal;IEEE754Compatible=true');
    expect(response.json()).toMatchObject({ c_bigint: '9007199254740993', c_numeric: '12345678901234.123456', c_smallint: 7 });
  });

  it('filters on every type with typed parameters', async () => {
    const ids = async (filter: string): Promise<unknown[]> => {
      const response = await t.get(`AllTypes?$select=id&$filter=${encodeURIComponent(filter)}`);
      expect(response.statusCode, `${filter}: ${response.body}`).toBe(200);
      return response.json<{ value: { id: number }[] }>().value.map((row) => row.id);
    };
    expect(await ids('c_bigint eq 9007199254740993')).toEqual([1]);
    expect(await ids('c_numeric eq 12345678901234.123456')).toEqual([1]);
    expect(await ids('c_date eq 2024-02-29')).toEqual([1]);
    expect(await ids('c_timestamptz eq 2024-03-01T12:34:56.789+02:00')).toEqual([1]);
    expect(await ids('c_timestamptz lt 2000-01-01T00:00:00Z')).toEqual([3]);
    expect(await ids('c_timestamp eq 2024-03-01T08:00:00Z')).toEqual([1]);
    expect(await ids('c_time gt 12:00:00')).toEqual([1]);
    expect(await ids('c_interval eq duration\'P1DT2H\'')).toEqual([1]);
    expect(await ids('c_uuid eq f47ac10b-58cc-4372-a567-0e02b2c3d479')).toEqual([1]);
    expect(await ids("c_mood eq 'sad'")).toEqual([2]);
    expect(await ids("c_mood eq ODataFacade.Mood'happy'")).toEqual([1]);
    expect(await ids('c_bool eq false')).toEqual([2]);
    expect(await ids('c_bool ne true')).toEqual([2, 3]);
    expect(await ids("c_bytea eq binary'AP8Q'")).toEqual([1]);
    expect(await ids("c_json eq '{\"a\": 1}'")).toEqual([1]);
    expect(await ids('c_smallint in (7, -1)')).toEqual([1, 3]);
  });
});
