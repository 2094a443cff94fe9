import { describe, expect, it } from 'vitest';
import { entityEtagOf, formatRead } from '../../../src/response/format-read.js';

const shape = { kind: 'entity', context: 'Suppliers/$entity' } as const;
const urls = { serviceRoot: 'http://h/odata', resourcePath: "Suppliers('S1')", rawQuery: '', skipTokenSecret: 'test-secret-test-secret-test-secret' };
const format = { metadata: 'minimal', ieee754Compatible: false } as const;

describe('formatRead of a single entity', () => {
  it('sends the ETag column of the row as the ETag header, the JSON as it came', () => {
    const rows = [{ value: '{"@odata.etag":"W/\\"741\\"","id":"S1"}', etag: 'W/"741"' }];
    const response = formatRead(shape, rows, format, urls);
    expect(response.status).toBe(200);
    expect(response.headers).toEqual({ 'content-type': 'application/json;odata.metadata=minimal', etag: 'W/"741"' });
    expect(response.body).toBe('{"@odata.context":"http://h/odata/$metadata#Suppliers/$entity","@odata.etag":"W/\\"741\\"","id":"S1"}');
    expect(entityEtagOf(rows)).toBe('W/"741"');
  });

  it('sends no ETag header for an entity of a set without ETag, nor for a missing related entity', () => {
    const rows = [{ value: '{"id":"S1"}', etag: null }];
    expect(formatRead(shape, rows, format, urls).headers).not.toHaveProperty('etag');
    expect(entityEtagOf(rows)).toBeUndefined();
    expect(formatRead(shape, [{ value: null, etag: null, parent: true }], format, urls)).toEqual({ status: 204, headers: {}, body: null });
    expect(entityEtagOf([])).toBeUndefined();
  });
});
