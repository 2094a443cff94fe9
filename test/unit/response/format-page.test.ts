import { describe, expect, it } from 'vitest';
import { RowBuffer } from '../../../src/db/row-source.js';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { planRead } from '../../../src/plan/plan-read.js';
import type { ReadOptions } from '../../../src/plan/read-options.js';
import { formatPage, type CollectionShape } from '../../../src/response/format-page.js';
import type { ODataResponse, TextStream } from '../../../src/response/odata-response.js';
import { sampleModel } from '../../support/sample-catalog.js';
import { testReadOptions } from '../../support/read-options.js';

const options: ReadOptions = { metadata: 'minimal', ieee754Compatible: false, maxPageSizePreference: undefined, defaultPageSize: 2, maxPageSize: 1000, skipTokenSecret: 'test-secret-test-secret-test-secret', tracking: testReadOptions.tracking };
const urls = { serviceRoot: 'http://h/odata', resourcePath: 'Suppliers', rawQuery: '$count=true', skipTokenSecret: options.skipTokenSecret };
const format = { metadata: 'minimal', ieee754Compatible: false } as const;

function shapeOf(query: string): CollectionShape {
  const { shape } = planRead(parseRequest({ path: 'Suppliers', query }), sampleModel(), options);
  if (shape.kind !== 'collection') throw new Error('not a collection');
  return shape;
}

const facts = { count: '7', more: true, last: '["S2"]' };

async function drain(stream: TextStream): Promise<string> {
  let text = '';
  for (let piece = await stream.next(); piece !== null; piece = await stream.next()) text += piece;
  return text;
}

function isStream(body: ODataResponse['body']): body is TextStream {
  return typeof body === 'object' && body !== null && 'next' in body;
}

describe('formatPage', () => {
  it('sends a page whose rows have all arrived as parts: head, chunks, tail with the next link', () => {
    const rows = new RowBuffer({ pause: () => undefined, resume: () => undefined });
    rows.push({ value: '{"id":"S1"}', ...facts });
    rows.push({ value: '{"id":"S2"}', ...facts });
    rows.end(Promise.resolve());
    const response = formatPage(shapeOf('$count=true'), rows, format, urls);
    expect(response.status).toBe(200);
    expect(response.body).toHaveProperty('parts');
    const text = (response.body as { parts: string[] }).parts.join('');
    const page = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(page)).toEqual(['@odata.context', '@odata.count', 'value', '@odata.nextLink']);
    expect(page['value']).toEqual([{ id: 'S1' }, { id: 'S2' }]);
    expect(page['@odata.count']).toBe(7);
    expect(String(page['@odata.nextLink'])).toMatch(/^http:\/\/h\/odata\/Suppliers\?\$count=true&\$skiptoken=/);
  });

  it('streams the rest of a page whose rows are still arriving, the same JSON', async () => {
    const rows = new RowBuffer({ pause: () => undefined, resume: () => undefined });
    rows.push({ value: '{"id":"S1"},{"id":"S2"}', ...facts });
    const response = formatPage(shapeOf('$count=true'), rows, format, urls);
    const body = response.body;
    if (!isStream(body)) throw new Error('expected a stream');
    const reading = drain(body);
    rows.push({ value: '{"id":"S3"}', ...facts });
    rows.push({ value: '{"id":"S4"}', ...facts });
    rows.end(Promise.resolve());
    const page = JSON.parse(await reading) as Record<string, unknown>;
    expect(page['value']).toEqual([{ id: 'S1' }, { id: 'S2' }, { id: 'S3' }, { id: 'S4' }]);
    expect(Object.keys(page)).toEqual(['@odata.context', '@odata.count', 'value', '@odata.nextLink']);
  });

  it('takes whether more rows follow and the last sort values from the row that has them, streamed or not', async () => {
    const count = { count: '9' };
    const chunkRows = [
      { value: '{"id":"S1"},{"id":"S2"}', ...count, more: false, last: null },
      { value: '{"id":"S3"}', ...count, more: false, last: '["S3"]' },
      // the extra row that was read to know more follow: no chunk
      { value: null, ...count, more: true, last: null },
    ];
    const whole = new RowBuffer({ pause: () => undefined, resume: () => undefined });
    for (const row of chunkRows) whole.push(row);
    whole.end(Promise.resolve());
    const parts = formatPage(shapeOf('$count=true'), whole, format, urls).body as { parts: string[] };
    const page = JSON.parse(parts.parts.join('')) as Record<string, unknown>;
    expect(page['value']).toEqual([{ id: 'S1' }, { id: 'S2' }, { id: 'S3' }]);
    const link = new URL(String(page['@odata.nextLink']));
    expect(link.searchParams.get('$skiptoken')).toMatch(/^[\w-]+\.[\w-]+$/);

    const arriving = new RowBuffer({ pause: () => undefined, resume: () => undefined });
    arriving.push(chunkRows[0] as Record<string, unknown>);
    const body = formatPage(shapeOf('$count=true'), arriving, format, urls).body;
    if (!isStream(body)) throw new Error('expected a stream');
    const reading = drain(body);
    arriving.push(chunkRows[1] as Record<string, unknown>);
    arriving.push(chunkRows[2] as Record<string, unknown>);
    arriving.end(Promise.resolve());
    expect(JSON.parse(await reading)).toEqual(page);

    const noMore = new RowBuffer({ pause: () => undefined, resume: () => undefined });
    noMore.push(chunkRows[0] as Record<string, unknown>);
    noMore.end(Promise.resolve());
    expect(JSON.parse((formatPage(shapeOf('$count=true'), noMore, format, urls).body as { parts: string[] }).parts.join(''))).not.toHaveProperty('@odata.nextLink');
  });

  it('answers an empty page (one row without a chunk) with an empty array, streamed or not', async () => {
    const whole = new RowBuffer({ pause: () => undefined, resume: () => undefined });
    whole.push({ value: null, count: '0', more: false, last: null });
    whole.end(Promise.resolve());
    const parts = formatPage(shapeOf('$count=true'), whole, format, urls).body as { parts: string[] };
    expect(JSON.parse(parts.parts.join(''))).toEqual({ '@odata.context': 'http://h/odata/$metadata#Suppliers', '@odata.count': 0, value: [] });

    const arriving = new RowBuffer({ pause: () => undefined, resume: () => undefined });
    arriving.push({ value: null, count: '0', more: false, last: null });
    const body = formatPage(shapeOf('$count=true'), arriving, format, urls).body;
    if (!isStream(body)) throw new Error('expected a stream');
    const reading = drain(body);
    arriving.end(Promise.resolve());
    expect(JSON.parse(await reading)).toEqual({ '@odata.context': 'http://h/odata/$metadata#Suppliers', '@odata.count': 0, value: [] });
  });

  it('passes a failure midway on to the reader', async () => {
    const rows = new RowBuffer({ pause: () => undefined, resume: () => undefined });
    rows.push({ value: '{"id":"S1"}', ...facts });
    const body = formatPage(shapeOf(''), rows, format, urls).body;
    if (!isStream(body)) throw new Error('expected a stream');
    expect(await body.next()).toMatch(/"value":\[\{"id":"S1"\}$/);
    const failure = new Error('canceled');
    rows.end(Promise.resolve(), { error: failure });
    await expect(body.next()).rejects.toBe(failure);
  });
});
