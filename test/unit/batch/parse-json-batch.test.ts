import { describe, expect, it } from 'vitest';
import type { BatchGroup, BatchSingle } from '../../../src/batch/batch-request.js';
import { parseJsonBatch } from '../../../src/batch/parse-json-batch.js';
import { serviceRootOf } from '../../../src/batch/resolve-target.js';
import { rejectionOf } from '../../support/odata-rejection.js';

const root = serviceRootOf('http://host/service');
const limits = { maxOperations: 1000, maxJsonDepth: 32 };

const parse = (body: unknown, maxOperations = 1000) =>
  parseJsonBatch(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), root, { ...limits, maxOperations });

describe('parseJsonBatch', () => {
  it('reads the OData JSON Format example: a request, an atomicity group, a request depending on the group', () => {
    const batch = parse({
      requests: [
        { id: '0', method: 'get', url: "/service/Customers('ALFKI')" },
        { id: '1', atomicityGroup: 'group1', dependsOn: ['0'], method: 'patch', url: "/service/Customers('ALFKI')", headers: { Prefer: 'return=minimal' }, body: { name: 'x' } },
        { id: '2', atomicityGroup: 'group1', method: 'post', url: '/service/Customers', body: { name: 'y' } },
        { id: '3', dependsOn: ['group1'], method: 'get', url: '/service/Products' },
      ],
    });
    expect(batch.format).toBe('json');
    expect(batch.items.map((item) => item.kind)).toEqual(['single', 'group', 'single']);
    const group = batch.items[1] as BatchGroup;
    expect(group.id).toBe('group1');
    expect(group.operations.map((operation) => [operation.id, operation.method, operation.dependsOn])).toEqual([
      ['1', 'PATCH', ['0']],
      ['2', 'POST', []],
    ]);
    expect(group.operations[0]?.headers).toEqual({ prefer: 'return=minimal', 'content-type': 'application/json' });
    expect((batch.items[2] as BatchSingle).operation).toMatchObject({ url: { kind: 'resolved', path: 'Products', query: '' }, dependsOn: ['group1'] });
  });

  it('takes a JSON body exactly as written, numbers with every digit', () => {
    const text = '{"requests":[{"id":"1","method":"post","url":"Products","headers":{"content-type":"application/json"},"body":{"price":123456789012345678901234.5678 , "n":[1]}}]}';
    const operation = (parse(text).items[0] as BatchSingle).operation;
    expect(operation.body?.toString()).toBe('{"price":123456789012345678901234.5678 , "n":[1]}');
  });

  it('decodes text bodies as strings and other bodies as base64url', () => {
    const batch = parse({
      requests: [
        { id: 't', method: 'put', url: 'Products(1)/name/$value', headers: { 'content-type': 'text/plain' }, body: 'Grüße' },
        { id: 'b', method: 'put', url: 'AllTypes(1)/c_bytea/$value', headers: { 'content-type': 'application/octet-stream' }, body: 'AP8Q-_8' },
        { id: 'n', method: 'post', url: 'Products', headers: { 'content-type': 'application/json' }, body: null },
      ],
    });
    const [text, binary, none] = batch.items.map((item) => (item as BatchSingle).operation.body);
    expect(text?.toString('utf8')).toBe('Grüße');
    expect([...(binary ?? [])]).toEqual([0x00, 0xff, 0x10, 0xfb, 0xff]);
    expect(none).toBeUndefined();
  });

  it('resolves $<id> references to requests depended on, directly, through their group or in the same group', () => {
    const batch = parse({
      requests: [
        { id: 'c', atomicityGroup: 'g', method: 'post', url: 'Categories', body: { name: 'n' } },
        { id: 'p', atomicityGroup: 'g', method: 'post', url: 'Products', body: { 'category@odata.bind': '$c' } },
        { id: 'r', dependsOn: ['g'], method: 'get', url: '$p/category' },
        { id: 's', dependsOn: ['c'], method: 'delete', url: '$c' },
      ],
    });
    const group = batch.items[0] as BatchGroup;
    expect(group.operations[1]?.bodyReferences).toEqual(['c']);
    expect((batch.items[1] as BatchSingle).operation.url).toEqual({ kind: 'reference', id: 'p', rest: '/category' });
    expect((batch.items[2] as BatchSingle).operation.url).toEqual({ kind: 'reference', id: 'c', rest: '' });
  });

  it('refuses more requests than the limit', () => {
    const requests = Array.from({ length: 3 }, (_, index) => ({ id: String(index), method: 'get', url: 'Products' }));
    expect(parse({ requests }, 3).items).toHaveLength(3);
    const error = rejectionOf(() => parse({ requests }, 2));
    expect(error.status).toBe(400);
    expect(error.code).toBe('OF211');
  });

  const get = (id: string, extra: Record<string, unknown> = {}) => ({ id, method: 'get', url: 'Products', ...extra });

  it.each([
    ['a body that is not JSON', '{"requests":[', 'The JSON batch body is not valid JSON'],
    ['a body that is no object', '[]', 'not an object with a requests array'],
    ['no requests array', { value: [] }, 'has no requests array'],
    ['a duplicate member of the batch object', '{"requests":[],"requests":[]}', 'has the member "requests" twice'],
    ['a request that is no object', { requests: [1] }, 'Request 1 is not a JSON object'],
    ['a request without id', { requests: [{ method: 'get', url: 'Products' }] }, 'Request 1: id'],
    ['an id that is no request id', { requests: [get('a b')] }, 'Request 1: id must be a request identifier'],
    ['an unknown method', { requests: [{ id: '1', method: 'merge', url: 'Products' }] }, 'Request 1: method must be one of'],
    ['an empty url', { requests: [{ id: '1', method: 'get', url: '' }] }, 'Request 1: url must not be empty'],
    ['a header value that is no string', { requests: [get('1', { headers: { accept: 1 } })] }, 'Request 1: headers.accept must be a string'],
    ['a duplicate member of a request', '{"requests":[{"id":"1","id":"2","method":"get","url":"Products"}]}', 'Request 1 has the member "id" twice'],
    ['a header sent twice', '{"requests":[{"id":"1","method":"get","url":"Products","headers":{"Accept":"a","accept":"b"}}]}', 'has the member "accept" twice'],
    ['a duplicate id', { requests: [get('1'), get('1')] }, 'Request 2: the id 1 is used twice'],
    ['a group named like a request', { requests: [get('1'), get('2', { atomicityGroup: '1' })] }, 'The atomicity group 1 has the name of a request id'],
    ['a group named like a later request', { requests: [get('1', { atomicityGroup: '2' }), get('2')] }, 'The atomicity group 2 has the name of a request id'],
    ['a group that is not adjacent', { requests: [get('1', { atomicityGroup: 'g' }), get('2'), get('3', { atomicityGroup: 'g' })] }, 'Request 3: the requests of atomicity group g are not adjacent'],
    ['dependsOn an unknown request', { requests: [get('1', { dependsOn: ['x'] })] }, 'Request 1: dependsOn names "x", which is no earlier request'],
    ['dependsOn a later request', { requests: [get('1', { dependsOn: ['2'] }), get('2')] }, 'dependsOn names "2", which is no earlier request'],
    ['dependsOn its own group', { requests: [get('1', { atomicityGroup: 'g' }), get('2', { atomicityGroup: 'g', dependsOn: ['g'] })] }, 'dependsOn names its own atomicity group g'],
    ['a reference not in dependsOn', { requests: [{ id: '1', method: 'post', url: 'Categories', body: {} }, { id: '2', method: 'delete', url: '$1' }] }, '$1 refers to request 1, which must be listed in dependsOn'],
    ['a reference to an unknown request', { requests: [{ id: '1', method: 'delete', url: '$9' }] }, '$9 names no earlier request'],
    ['a body reference not depended on', { requests: [{ id: '1', method: 'post', url: 'Categories', body: {} }, { id: '2', method: 'post', url: 'Products', body: { 'category@odata.bind': '$1' } }] }, 'must be listed in dependsOn'],
    ['a body on a GET', { requests: [get('1', { body: { a: 1 } })] }, 'a GET request has no body'],
    ['a non-string body of a binary type', { requests: [{ id: '1', method: 'put', url: 'x', headers: { 'content-type': 'image/png' }, body: { a: 1 } }] }, 'must be a string'],
    ['a body that is not base64url', { requests: [{ id: '1', method: 'put', url: 'x', headers: { 'content-type': 'image/png' }, body: 'a+b/' }] }, 'is not base64url'],
    ['a nested $batch', { requests: [{ id: '1', method: 'post', url: '$batch', body: { requests: [] } }] }, 'cannot contain another $batch'],
    ['a URL outside the service root', { requests: [{ id: '1', method: 'get', url: 'http://other/service/Products' }] }, 'Request 1: The request URL'],
    ['an if condition', { requests: [get('1'), get('2', { dependsOn: ['1'], if: '$1/$succeeded' })] }, 'the if member (conditional dependencies) is not supported'],
  ])('400 for %s', (_name, body, message) => {
    const error = rejectionOf(() => parse(body));
    expect(error.status).toBe(400);
    expect(error.code).toBe('OF514');
    expect(error.message).toContain(message);
  });
});
