import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { decodeDeltaToken, deltaFingerprint, deltaLinkExpired, encodeDeltaToken } from '../../../src/plan/delta-token.js';
import { signToken } from '../../../src/plan/signed-token.js';
import { rejectionOf } from '../../support/odata-rejection.js';

const SECRET = 'a-secret-of-at-least-32-characters!!';
const optionsOf = (query: string) => parseRequest({ path: 'Products', query }).options;

describe('delta tokens', () => {
  const window = { since: '1000:1005:1001,1003', issuedAt: 1_795_000_000_000, until: null, after: null };
  const fingerprint = deltaFingerprint('Products', optionsOf('$select=sku&$filter=price gt 1'));

  it('round-trip a window, with and without its end and position', () => {
    expect(decodeDeltaToken(encodeDeltaToken(fingerprint, window, SECRET), fingerprint, SECRET)).toEqual(window);
    const paged = { ...window, until: '1010:1010:', after: '1004:123456789012' };
    expect(decodeDeltaToken(encodeDeltaToken(fingerprint, paged, SECRET), fingerprint, SECRET)).toEqual(paged);
  });

  it('are bound to the entity set and the selection, not to paging or format', () => {
    expect(deltaFingerprint('Products', optionsOf('$select=sku&$filter=price gt 1&$format=json&$count=true'))).toBe(fingerprint);
    for (const [set, query] of [
      ['Suppliers', '$select=sku&$filter=price gt 1'],
      ['Products', '$select=sku,name&$filter=price gt 1'],
      ['Products', '$select=sku&$filter=price gt 2'],
      ['Products', '$select=sku&$filter=price gt 1&$search=lamp'],
    ] as const) {
      expect(deltaFingerprint(set, optionsOf(query))).not.toBe(fingerprint);
    }
  });

  it('reject (400, $deltatoken) a token of another selection, another secret, altered, or with a malformed window', () => {
    const token = encodeDeltaToken(fingerprint, window, SECRET);
    const [body = '', mac = ''] = token.split('.');
    const altered = Buffer.from(Buffer.from(body, 'base64url').toString().replace('1003', '1004')).toString('base64url');
    const attempts = [
      () => decodeDeltaToken(token, deltaFingerprint('Suppliers', {}), SECRET),
      () => decodeDeltaToken(token, fingerprint, 'another-secret-of-at-least-32-chars'),
      () => decodeDeltaToken(`${altered}.${mac}`, fingerprint, SECRET),
      () => decodeDeltaToken(`${token}.x`, fingerprint, SECRET),
      () => decodeDeltaToken('', fingerprint, SECRET),
      () => decodeDeltaToken(signToken({ f: fingerprint, s: "1:2:'; drop table x", t: 1 }, SECRET), fingerprint, SECRET),
      () => decodeDeltaToken(signToken({ f: fingerprint, s: '1:2:', t: 'now' }, SECRET), fingerprint, SECRET),
      () => decodeDeltaToken(signToken({ f: fingerprint, s: '1:2:', t: 1, a: '1 or 1=1' }, SECRET), fingerprint, SECRET),
      () => decodeDeltaToken(signToken({ f: fingerprint, s: '1:2:', t: 1, a: '42' }, SECRET), fingerprint, SECRET),
      () => decodeDeltaToken(signToken([fingerprint], SECRET), fingerprint, SECRET),
    ];
    for (const attempt of attempts) expect(rejectionOf(attempt)).toMatchObject({ status: 400, code: 'OF105', target: '$deltatoken' });
  });

  it('expire with a 410 that tells the client to start over', () => {
    expect(deltaLinkExpired('The delta link is too old')).toMatchObject({
      status: 410,
      code: 'OF516',
      target: '$deltatoken',
      message: expect.stringContaining('Prefer: odata.track-changes'),
    });
  });
});
