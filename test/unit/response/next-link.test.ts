import { describe, expect, it } from 'vitest';
import { ODataError } from '../../../src/errors/odata-error.js';
import { decodeDeltaToken, deltaFingerprint } from '../../../src/plan/delta-token.js';
import { decodeSkipToken, sequenceFingerprint } from '../../../src/plan/skiptoken.js';
import { formatDeltaLink, formatNextLink } from '../../../src/response/next-link.js';

const SECRET = 'a-secret-of-at-least-32-characters!!';

describe('formatNextLink', () => {
  it.each([
    ['', { skip: 100, top: undefined }, 'http://h/odata/Products?$skip=100'],
    ['$filter=a%20eq%201&$skip=5&$top=500', { skip: 105, top: 400 }, 'http://h/odata/Products?$filter=a%20eq%201&$skip=105&$top=400'],
    ['SKIP=5&top=9&%24Top=9&$select=x', { skip: 10, top: 4 }, 'http://h/odata/Products?$select=x&$skip=10&$top=4'],
    ['@p=1&custom=2', { skip: 3, top: undefined }, 'http://h/odata/Products?@p=1&custom=2&$skip=3'],
  ])('offset: %s', (query, next, expected) => {
    const page = { kind: 'offset' as const, ...next };
    expect(formatNextLink('http://h/odata', 'Products', query, { page, lastSortValues: null, secret: SECRET })).toBe(expected);
  });

  it('keyset: replaces $skip, $top and an old $skiptoken by a signed token after the last row', () => {
    const link = formatNextLink('http://h/odata', 'Products', '$orderby=name&$skip=5&$skiptoken=old&$top=50', {
      page: { kind: 'keyset', sequence: { entitySet: 'Products', options: { orderby: [] } }, top: 40 },
      lastSortValues: '["Lamp", "3fa85f64-5717-4562-b3fc-2c963f66afa6"]',
      secret: SECRET,
    });
    const url = new URL(link);
    expect([...url.searchParams.keys()]).toEqual(['$orderby', '$skiptoken', '$top']);
    expect(url.searchParams.get('$top')).toBe('40');
    const token = url.searchParams.get('$skiptoken') ?? '';
    const fp = sequenceFingerprint('Products', { orderby: [] });
    expect(decodeSkipToken(token, fp, SECRET)).toEqual({ after: '["Lamp", "3fa85f64-5717-4562-b3fc-2c963f66afa6"]', tracking: null });
    expect(() => decodeSkipToken(token, 'other-query', SECRET)).toThrow(ODataError);
    expect(() => decodeSkipToken(token, fp, 'another-secret-of-32-characters-long')).toThrow(ODataError);
    const [body = '', mac = ''] = token.split('.');
    const forged = Buffer.from(Buffer.from(body, 'base64url').toString().replace('Lamp', 'Lamq')).toString('base64url');
    expect(() => decodeSkipToken(`${forged}.${mac}`, fp, SECRET)).toThrow(ODataError);
    expect(() => decodeSkipToken('garbage', fp, SECRET)).toThrow(ODataError);
  });
});

describe('links of reads that track changes', () => {
  const sequence = { entitySet: 'Products', options: {} };

  it('the next link of a tracked read carries the snapshot of its first page on', () => {
    const start = { s: '750:754:751,753', t: 1_795_000_000_000 };
    const link = formatNextLink('http://h/odata', 'Products', '$select=sku', { page: { kind: 'keyset', sequence, top: undefined }, lastSortValues: '["x"]', secret: SECRET, tracking: start });
    const token = new URL(link).searchParams.get('$skiptoken') ?? '';
    expect(decodeSkipToken(token, sequenceFingerprint('Products', {}), SECRET)).toEqual({ after: '["x"]', tracking: start });
  });

  it('a delta link keeps the selection as sent, leaves out paging, order and count, and signs its window', () => {
    const window = { since: '750:754:751', issuedAt: 1_795_000_000_000, until: null, after: null };
    const query = '$select=sku&$filter=price%20gt%201&$orderby=sku&$count=true&$skiptoken=abc&$top=5&api-key=k&$format=json';
    const link = formatDeltaLink('http://h/odata', 'Products', query, sequence, window, SECRET);
    const url = new URL(link);
    expect(url.pathname).toBe('/odata/Products');
    expect([...url.searchParams.keys()]).toEqual(['$select', '$filter', 'api-key', '$format', '$deltatoken']);
    const token = url.searchParams.get('$deltatoken') ?? '';
    expect(decodeDeltaToken(token, deltaFingerprint('Products', {}), SECRET)).toEqual(window);
    expect(() => decodeDeltaToken(token, deltaFingerprint('Suppliers', {}), SECRET)).toThrow(ODataError);
  });

  it('the next link of a delta page replaces its token by one that goes on with the window', () => {
    const window = { since: '750:754:', issuedAt: 1, until: '760:760:', after: '752:4711' };
    const link = formatDeltaLink('http://h/odata', 'Products', '$select=sku&$deltatoken=old', sequence, window, SECRET);
    const url = new URL(link);
    expect(url.searchParams.getAll('$deltatoken')).toHaveLength(1);
    expect(decodeDeltaToken(url.searchParams.get('$deltatoken') ?? '', deltaFingerprint('Products', {}), SECRET)).toEqual(window);
  });
});
