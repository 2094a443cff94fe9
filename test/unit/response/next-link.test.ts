import { describe, expect, it } from 'vitest';
import { ODataError } from '../../../src/errors/odata-error.js';
import { decodeSkipToken, sequenceFingerprint } from '../../../src/plan/skiptoken.js';
import { formatNextLink } from '../../../src/response/next-link.js';

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
    expect(decodeSkipToken(token, fp, SECRET)).toBe('["Lamp", "3fa85f64-5717-4562-b3fc-2c963f66afa6"]');
    expect(() => decodeSkipToken(token, 'other-query', SECRET)).toThrow(ODataError);
    expect(() => decodeSkipToken(token, fp, 'another-secret-of-32-characters-long')).toThrow(ODataError);
    const [body = '', mac = ''] = token.split('.');
    const forged = Buffer.from(Buffer.from(body, 'base64url').toString().replace('Lamp', 'Lamq')).toString('base64url');
    expect(() => decodeSkipToken(`${forged}.${mac}`, fp, SECRET)).toThrow(ODataError);
    expect(() => decodeSkipToken('garbage', fp, SECRET)).toThrow(ODataError);
  });
});
