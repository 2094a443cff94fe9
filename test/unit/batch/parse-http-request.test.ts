import { describe, expect, it } from 'vitest';
import { parseHttpRequest } from '../../../src/batch/parse-http-request.js';
import { rejectionOf } from '../../support/odata-rejection.js';

const message = (...lines: string[]): Buffer => Buffer.from(lines.join('\r\n'));

describe('parseHttpRequest', () => {
  it('reads request line, headers and body', () => {
    const request = parseHttpRequest(message('POST /odata/Categories HTTP/1.1', 'Content-Type: application/json; type=entry', 'Prefer: return=representation', '', '{"name":"x"}'), 'Part');
    expect(request).toEqual({
      method: 'POST',
      target: '/odata/Categories',
      headers: { 'content-type': 'application/json; type=entry', prefer: 'return=representation' },
      body: Buffer.from('{"name":"x"}'),
    });
  });

  it('takes a request line without the version, as OData examples write it', () => {
    const request = parseHttpRequest(message("GET /service/Customers('ALFKI')", 'Host: host', '', ''), 'Part');
    expect(request).toMatchObject({ method: 'GET', target: "/service/Customers('ALFKI')", headers: { host: 'host' }, body: undefined });
  });

  it('takes a target with unencoded spaces whole, and skips blank lines before the request line', () => {
    const request = parseHttpRequest(Buffer.from('\r\n\nGET Products?$filter=price gt 5 HTTP/1.1\n\n'), 'Part');
    expect(request).toMatchObject({ method: 'GET', target: 'Products?$filter=price gt 5', body: undefined });
  });

  it('honours Content-Length and leaves what follows', () => {
    expect(parseHttpRequest(message('PATCH Products(1) HTTP/1.1', 'Content-Length: 4', '', 'abcdEXTRA'), 'Part').body?.toString()).toBe('abcd');
    expect(parseHttpRequest(message('DELETE Products(1) HTTP/1.1', 'Content-Length: 0', '', ''), 'Part').body).toBeUndefined();
  });

  it('reads headers that end without a blank line as a request without body', () => {
    expect(parseHttpRequest(Buffer.from('GET Products HTTP/1.1\r\nAccept: application/json'), 'Part')).toMatchObject({ headers: { accept: 'application/json' }, body: undefined });
  });

  it.each([
    ['an empty part', '', 'holds no request line'],
    ['a line without target', 'GET', 'is not a request line'],
    ['a version without target', 'GET HTTP/1.1', 'is not a request line'],
    ['a method with a bad character', 'G(T Products HTTP/1.1', 'is not a request line'],
    ['a header without colon', 'GET Products HTTP/1.1\r\nAccept application/json\r\n', 'is not a header line'],
    ['a Content-Length past the end', 'POST Products HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc', 'larger than the 3 bytes'],
    ['a Content-Length that is no number', 'POST Products HTTP/1.1\r\nContent-Length: ten\r\n\r\nabc', 'is not a number of bytes'],
    ['chunked transfer encoding', 'POST Products HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n', 'Transfer-Encoding is not supported'],
  ])('400 for %s', (_name, text, expected) => {
    const error = rejectionOf(() => parseHttpRequest(Buffer.from(text), 'Batch part 2'));
    expect(error.status).toBe(400);
    expect(error.code).toBe('OF514');
    expect(error.message).toMatch(/^Batch part 2: /);
    expect(error.message).toContain(expected);
  });
});
