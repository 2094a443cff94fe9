import { describe, expect, it } from 'vitest';
import type { BatchGroup, BatchItem, BatchOperation, BatchSingle } from '../../../src/batch/batch-request.js';
import { parseMediaType } from '../../../src/batch/media-type.js';
import { parseMultipartBatch } from '../../../src/batch/parse-multipart-batch.js';
import { serviceRootOf } from '../../../src/batch/resolve-target.js';
import { rejectionOf } from '../../support/odata-rejection.js';

const dataverse = serviceRootOf('https://org.crm.dynamics.com/api/data/v9.2');
const odata = serviceRootOf('http://localhost:80/odata');
const limits = { maxOperations: 1000, maxJsonDepth: 32 };

function parse(body: string, boundary: string, root = odata, maxOperations = 1000) {
  return parseMultipartBatch(Buffer.from(body), parseMediaType(`multipart/mixed; boundary="${boundary}"`)!, root, { ...limits, maxOperations });
}

const single = (item: BatchItem | undefined): BatchOperation => (item as BatchSingle).operation;
const group = (item: BatchItem | undefined): BatchGroup => item as BatchGroup;

/** Dataverse "Execute batch operations using the Web API": a batch without change sets (LF line ends, as the page shows). */
const dataverseBatch = `--batch_80dd1615-2a10-428a-bb6f-0e559792721f
Content-Type: application/http
Content-Transfer-Encoding: binary

POST /api/data/v9.2/tasks HTTP/1.1
Content-Type: application/json; type=entry

{
  "subject": "Task 1 in batch",
  "regardingobjectid_account_task@odata.bind": "accounts(00000000-0000-0000-0000-000000000001)"
}
--batch_80dd1615-2a10-428a-bb6f-0e559792721f
Content-Type: application/http
Content-Transfer-Encoding: binary

GET /api/data/v9.2/accounts(00000000-0000-0000-0000-000000000001)/Account_Tasks?$select=subject HTTP/1.1


--batch_80dd1615-2a10-428a-bb6f-0e559792721f--
`;

/** The same page: a change set of creates referring to each other in URLs and bodies. */
const dataverseChangeSet = `--batch_AAA123
Content-Type: multipart/mixed; boundary=changeset_dd81ccab-11ce-4d57-b91d-12c4e25c3cab

--changeset_dd81ccab-11ce-4d57-b91d-12c4e25c3cab
Content-Type:application/http
Content-Transfer-Encoding:binary
Content-ID:1

POST https://org.crm.dynamics.com/api/data/v9.2/accounts HTTP/1.1
Content-Type: application/json

{ "name":"Account Name"}

--changeset_dd81ccab-11ce-4d57-b91d-12c4e25c3cab
Content-Type:application/http
Content-Transfer-Encoding:binary
Content-ID:2

POST https://org.crm.dynamics.com/api/data/v9.2/contacts HTTP/1.1
Content-Type:application/json

{ "firstname":"Contact first name", "parentcustomerid_account@odata.bind":"$1"}

--changeset_dd81ccab-11ce-4d57-b91d-12c4e25c3cab
Content-Type:application/http
Content-Transfer-Encoding:binary
Content-ID:3

PUT $1/primarycontactid/$ref HTTP/1.1
Content-Type:application/json

{"@odata.id":"$2"}

--changeset_dd81ccab-11ce-4d57-b91d-12c4e25c3cab--
--batch_AAA123--
`;

describe('parseMultipartBatch', () => {
  it('reads the Dataverse batch without change sets', () => {
    const batch = parse(dataverseBatch, 'batch_80dd1615-2a10-428a-bb6f-0e559792721f', dataverse);
    expect(batch.format).toBe('multipart');
    expect(batch.items.map((item) => item.kind)).toEqual(['single', 'single']);
    const post = single(batch.items[0]);
    expect(post).toMatchObject({ id: undefined, method: 'POST', url: { kind: 'resolved', path: 'tasks', query: '' }, bodyReferences: [], dependsOn: [] });
    expect(post.headers['content-type']).toBe('application/json; type=entry');
    expect(JSON.parse(post.body?.toString() ?? '')).toEqual({
      subject: 'Task 1 in batch',
      'regardingobjectid_account_task@odata.bind': 'accounts(00000000-0000-0000-0000-000000000001)',
    });
    expect(single(batch.items[1])).toMatchObject({
      method: 'GET',
      url: { kind: 'resolved', path: 'accounts(00000000-0000-0000-0000-000000000001)/Account_Tasks', query: '$select=subject' },
      body: undefined,
    });
  });

  it('reads the Dataverse change set with Content-IDs and $<id> references in URL and body', () => {
    const batch = parse(dataverseChangeSet, 'batch_AAA123', dataverse);
    const changeSet = group(batch.items[0]);
    expect(changeSet.kind).toBe('group');
    expect(changeSet.operations.map((operation) => [operation.id, operation.method, operation.bodyReferences])).toEqual([
      ['1', 'POST', []],
      ['2', 'POST', ['1']],
      ['3', 'PUT', ['2']],
    ]);
    expect(changeSet.operations[0]?.url).toEqual({ kind: 'resolved', path: 'accounts', query: '' });
    expect(changeSet.operations[2]?.url).toEqual({ kind: 'reference', id: '1', rest: '/primarycontactid/$ref' });
  });

  it('reads the OData 4.01 example with CRLF line ends, a preamble, an epilogue and a request line without version', () => {
    const body = [
      'preamble',
      '--batch_36522ad7',
      'Content-Type: application/http',
      '',
      "GET /odata/Customers('ALFKI')",
      'Host: host',
      '',
      '',
      '--batch_36522ad7',
      'Content-Type: multipart/mixed; boundary=changeset_77162fcd',
      '',
      '--changeset_77162fcd',
      'Content-Type: application/http',
      'Content-ID: 1',
      '',
      'POST /odata/Customers HTTP/1.1',
      'Content-Type: application/json',
      '',
      '{"name":"new"}',
      '--changeset_77162fcd',
      'Content-Type: application/http',
      'Content-ID: 2',
      '',
      "PATCH Customers('ALFKI') HTTP/1.1",
      'Content-Type: application/json',
      'Prefer: return=minimal',
      '',
      '{"name":"changed"}',
      '--changeset_77162fcd--',
      '--batch_36522ad7',
      'Content-Type: application/http',
      '',
      'GET http://localhost/odata/Products HTTP/1.1',
      '',
      '',
      '--batch_36522ad7--',
      'epilogue',
    ].join('\r\n');
    const batch = parse(body, 'batch_36522ad7');
    expect(batch.items.map((item) => item.kind)).toEqual(['single', 'group', 'single']);
    expect(single(batch.items[0]).url).toEqual({ kind: 'resolved', path: "Customers('ALFKI')", query: '' });
    expect(group(batch.items[1]).operations.map((operation) => [operation.id, operation.method, operation.body?.toString()])).toEqual([
      ['1', 'POST', '{"name":"new"}'],
      ['2', 'PATCH', '{"name":"changed"}'],
    ]);
    expect(group(batch.items[1]).operations[1]?.headers).toEqual({ 'content-type': 'application/json', prefer: 'return=minimal' });
    expect(single(batch.items[2]).url).toEqual({ kind: 'resolved', path: 'Products', query: '' });
  });

  it('takes a Content-ID written among the request headers, as early clients do', () => {
    const body = ['--b', 'Content-Type: application/http', '', 'GET Products HTTP/1.1', 'Content-ID: g1', '', '', '--b--'].join('\n');
    expect(single(parse(body, 'b').items[0]).id).toBe('g1');
  });

  it('counts change set members one by one against the operation limit', () => {
    const member = (id: number) => ['--cs', 'Content-Type: application/http', `Content-ID: ${id}`, '', 'DELETE Products(1) HTTP/1.1', '', ''].join('\n');
    const body = ['--b', 'Content-Type: multipart/mixed; boundary=cs', '', member(1), member(2), member(3), '--cs--', '--b--'].join('\n');
    expect(group(parse(body, 'b', odata, 3).items[0]).operations).toHaveLength(3);
    const error = rejectionOf(() => parse(body, 'b', odata, 2));
    expect(error.status).toBe(400);
    expect(error.code).toBe('OF211');
  });

  const part = (...lines: string[]): string => ['--b', 'Content-Type: application/http', ...lines].join('\n');
  const changeSet = (...members: string[]): string =>
    ['--b', 'Content-Type: multipart/mixed; boundary=cs', '', ...members.map((member) => `--cs\nContent-Type: application/http\n${member}`), '--cs--'].join('\n');

  it.each([
    ['a part that is not application/http', '--b\nContent-Type: text/plain\n\nhello\n--b--', 'Batch part 1: Content-Type text/plain'],
    ['a part without Content-Type', '--b\n\nGET Products HTTP/1.1\n\n--b--', 'Batch part 1: no Content-Type'],
    ['a base64 part', `${part('Content-Transfer-Encoding: base64', '', 'R0VUIFByb2R1Y3Rz')}\n--b--`, 'Content-Transfer-Encoding base64 is not supported'],
    ['a part without request line', `${part('', '')}\n--b--`, 'Batch part 1: the part holds no request line'],
    ['a malformed request line', `${part('', 'GET')}\n--b--`, 'is not a request line'],
    ['a URL outside the service root', `${part('', 'GET /elsewhere/Products HTTP/1.1', '')}\n--b--`, 'Batch part 1: The request URL "/elsewhere/Products" is not under the service root'],
    ['a nested $batch', `${part('', 'POST $batch HTTP/1.1', 'Content-Type: multipart/mixed; boundary=x', '', '--x--')}\n--b--`, 'cannot contain another $batch'],
    ['a percent-encoded nested $batch', `${part('', 'POST /odata/%24batch HTTP/1.1', '')}\n--b--`, 'cannot contain another $batch'],
    ['a GET in a change set', `${changeSet('Content-ID: 1\n\nGET Products HTTP/1.1\n')}\n--b--`, 'Batch part 1, change set part 1: GET is not allowed in a change set'],
    ['a nested change set', '--b\nContent-Type: multipart/mixed; boundary=cs\n\n--cs\nContent-Type: multipart/mixed; boundary=inner\n\n--inner--\n--cs--\n--b--', 'change sets cannot be nested'],
    ['a change set without boundary', '--b\nContent-Type: multipart/mixed\n\n--cs--\n--b--', 'no boundary parameter'],
    ['an unterminated change set', '--b\nContent-Type: multipart/mixed; boundary=cs\n\n--cs\nContent-Type: application/http\n\nDELETE Products(1)\n--b--', 'the close delimiter --cs-- is missing'],
    ['a duplicate Content-ID', `${changeSet('Content-ID: 1\n\nDELETE Products(1) HTTP/1.1\n', 'Content-ID: 1\n\nDELETE Products(2) HTTP/1.1\n')}\n--b--`, 'Content-ID 1 is used twice'],
    ['a duplicate Content-ID across change sets', `${changeSet('Content-ID: 1\n\nDELETE Products(1) HTTP/1.1\n')}\n${changeSet('Content-ID: 1\n\nDELETE Products(2) HTTP/1.1\n')}\n--b--`, 'Content-ID 1 is used twice'],
    ['a Content-ID that is no request id', `${changeSet('Content-ID: <1>\n\nDELETE Products(1) HTTP/1.1\n')}\n--b--`, 'is not a request identifier'],
    ['a reference to an unknown id', `${changeSet('Content-ID: 1\n\nPATCH $9 HTTP/1.1\nContent-Type: application/json\n\n{}')}\n--b--`, '$9 does not name an earlier request of the same change set'],
    ['a reference to a later id', `${changeSet('Content-ID: 1\n\nDELETE $2 HTTP/1.1\n', 'Content-ID: 2\n\nPOST Categories HTTP/1.1\nContent-Type: application/json\n\n{}')}\n--b--`, '$2 does not name an earlier request'],
    ['a body reference to a later id', `${changeSet('Content-ID: 2\n\nPOST Products HTTP/1.1\nContent-Type: application/json\n\n{"category@odata.bind":"$1"}', 'Content-ID: 1\n\nPOST Categories HTTP/1.1\nContent-Type: application/json\n\n{}')}\n--b--`, '$1 does not name an earlier request'],
    ['a reference outside a change set', `${part('Content-ID: 2', '', 'DELETE $1 HTTP/1.1', '')}\n--b--`, 'only a request inside a change set may do'],
    ['a reference to another change set', `${changeSet('Content-ID: 1\n\nPOST Categories HTTP/1.1\nContent-Type: application/json\n\n{}')}\n${changeSet('Content-ID: 2\n\nDELETE $1 HTTP/1.1\n')}\n--b--`, '$1 does not name an earlier request of the same change set'],
    ['a batch without close delimiter', `${part('', 'GET Products HTTP/1.1', '')}`, 'the close delimiter --b-- is missing'],
  ])('400 for %s', (_name, body, message) => {
    const error = rejectionOf(() => parse(body, 'b'));
    expect(error.status).toBe(400);
    expect(error.code).toBe('OF514');
    expect(error.message).toContain(message);
  });
});
