import { describe, expect, it } from 'vitest';
import type { BatchGroup, BatchOperation } from '../../../src/batch/batch-request.js';
import { formatJsonBatch } from '../../../src/batch/format-json-batch.js';
import { formatMultipartBatch } from '../../../src/batch/format-multipart-batch.js';
import type { ItemResult, SubResponse } from '../../../src/batch/run-batch.js';
import { changeSetPart, httpPart, readBatchResponse } from './multipart-response.js';

const op = (id: string | undefined): BatchOperation => ({
  id,
  method: 'POST',
  url: { kind: 'resolved', path: 'X', query: '' },
  headers: {},
  body: undefined,
  bodyReferences: [],
  dependsOn: [],
});
const respond = (status: number, headers: Record<string, string> = {}, body: string | Buffer = ''): SubResponse => ({
  status,
  headers,
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
});

const json = { 'content-type': 'application/json;odata.metadata=minimal' };
const created = respond(201, { ...json, location: 'http://h/odata/Categories(1)', 'odata-entityid': 'http://h/odata/Categories(1)', etag: 'W/"1"' }, '{"id":1}');
const deleted = respond(204);
const error = respond(409, json, '{"error":{"code":"OF405","message":"conflict","details":[]}}');
const changeSet = (id: string | undefined, ...ids: string[]): BatchGroup => ({ kind: 'group', id, operations: ids.map(op) });

const results: ItemResult[] = [
  { item: { kind: 'single', operation: op(undefined) }, succeeded: true, responses: [respond(200, { 'content-type': 'text/plain' }, '12')] },
  { item: changeSet(undefined, '1', '2'), succeeded: true, responses: [created, deleted] },
  { item: changeSet(undefined, '3', '4'), succeeded: false, responses: [respond(424), error], failure: { response: error, operation: op('4') } },
  { item: { kind: 'single', operation: op('5') }, succeeded: true, responses: [respond(200, { 'content-type': 'application/octet-stream' }, Buffer.from([0, 0xff, 0x0d, 0x0a]))] },
];

describe('formatMultipartBatch', () => {
  let ids = 0;
  const newId = () => `id${(ids += 1)}`;
  const formatted = formatMultipartBatch(results, newId);

  it('writes Dataverse-style parts: application/http, binary, Content-ID, status line with reason, headers, body', () => {
    expect(formatted.contentType).toBe('multipart/mixed; boundary=batchresponse_id1');
    const text = formatted.body.toString('latin1');
    expect(text.startsWith('--batchresponse_id1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nHTTP/1.1 200 OK\r\n')).toBe(true);
    expect(text).toContain(
      '--changesetresponse_id2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\n' +
        'HTTP/1.1 201 Created\r\nContent-Type: application/json;odata.metadata=minimal\r\nLocation: http://h/odata/Categories(1)\r\n' +
        'OData-EntityId: http://h/odata/Categories(1)\r\nETag: W/"1"\r\nOData-Version: 4.0\r\n\r\n{"id":1}\r\n',
    );
    expect(text).toContain('HTTP/1.1 204 No Content\r\nOData-Version: 4.0\r\n\r\n\r\n--changesetresponse_id2--\r\n--batchresponse_id1\r\n');
    expect(text.endsWith('--batchresponse_id1--\r\n')).toBe(true);
  });

  it('is read back by an independent multipart parser, part for part', () => {
    const parts = readBatchResponse(formatted.contentType, formatted.body);
    expect(parts.map((part) => part.kind)).toEqual(['http', 'changeSet', 'http', 'http']);
    expect(httpPart(parts[0])).toMatchObject({ status: 200, reason: 'OK', body: '12', headers: { 'content-type': 'text/plain', 'odata-version': '4.0' } });
    const members = changeSetPart(parts[1]).parts;
    expect(members.map((member) => [member.mime['content-id'], member.status, member.body])).toEqual([
      ['1', 201, '{"id":1}'],
      ['2', 204, ''],
    ]);
    expect(members[0]?.headers['location']).toBe('http://h/odata/Categories(1)');
    // The failed change set answers with one part: the error of the operation that failed.
    expect(httpPart(parts[2])).toMatchObject({ status: 409, reason: 'Conflict', mime: { 'content-id': '4' }, body: error.body.toString() });
    expect(httpPart(parts[3])).toMatchObject({ status: 200, mime: { 'content-id': '5' } });
    expect([...httpPart(parts[3]).bodyBytes]).toEqual([0, 0xff, 0x0d, 0x0a]);
  });

  it('writes a batch without items as an empty multipart body', () => {
    expect(formatMultipartBatch([], () => 'e').body.toString()).toBe('--batchresponse_e--\r\n');
  });
});

describe('formatJsonBatch', () => {
  it('answers every operation with id, atomicityGroup, status, headers and body by media type', () => {
    const jsonResults: ItemResult[] = [
      { item: { kind: 'single', operation: op('t') }, succeeded: true, responses: [respond(200, { 'content-type': 'text/plain' }, 'Grüße')] },
      { item: changeSet('g', 'a', 'b'), succeeded: true, responses: [respond(201, { ...json, location: 'L' }, '{"price":12345678901234567890.5}'), deleted] },
      { item: { kind: 'single', operation: op('bin') }, succeeded: true, responses: [respond(200, { 'content-type': 'application/octet-stream' }, Buffer.from([0, 0xff, 0xfb]))] },
    ];
    const text = formatJsonBatch(jsonResults).parts.join('');
    expect(text).toContain('"body":{"price":12345678901234567890.5}');
    expect(JSON.parse(text)).toEqual({
      responses: [
        { id: 't', status: 200, headers: { 'content-type': 'text/plain' }, body: 'Grüße' },
        { id: 'a', atomicityGroup: 'g', status: 201, headers: { ...json, location: 'L' }, body: { price: expect.any(Number) } },
        { id: 'b', atomicityGroup: 'g', status: 204 },
        { id: 'bin', status: 200, headers: { 'content-type': 'application/octet-stream' }, body: 'AP_7' },
      ],
    });
  });

  it('answers every member of a failed group', () => {
    const failed: ItemResult = { item: changeSet('g', 'a', 'b'), succeeded: false, responses: [respond(424, json, '{}'), error], failure: { response: error, operation: op('b') } };
    const parsed = JSON.parse(formatJsonBatch([failed]).parts.join('')) as { responses: { id: string; status: number }[] };
    expect(parsed.responses.map((response) => [response.id, response.status])).toEqual([
      ['a', 424],
      ['b', 409],
    ]);
  });
});
