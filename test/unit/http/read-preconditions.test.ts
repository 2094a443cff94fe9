import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { applyReadPreconditions } from '../../../src/http/read-preconditions.js';
import type { ODataResponse } from '../../../src/response/odata-response.js';

const entity: ODataResponse = { status: 200, headers: { 'content-type': 'application/json', etag: 'W/"741"' }, body: '{}' };
const withoutEtag: ODataResponse = { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
const noEntity: ODataResponse = { status: 204, headers: {}, body: null };
const notModified = { status: 304, headers: { etag: 'W/"741"' }, body: null };

describe('applyReadPreconditions', () => {
  it('passes the answer through without conditions, and with If-None-Match: null (no condition)', () => {
    expect(applyReadPreconditions(entity, {})).toBe(entity);
    expect(applyReadPreconditions(entity, { 'if-none-match': 'null' })).toBe(entity);
  });

  it.each([
    ['the current tag', 'W/"741"'],
    ['the current tag, strong', '"741"'],
    ['a list holding the current tag', 'W/"1", W/"741"'],
    ['*', '*'],
  ])('answers 304 with the ETag and no body for If-None-Match with %s', (_topic, header) => {
    expect(applyReadPreconditions(entity, { 'if-none-match': header })).toEqual(notModified);
  });

  it('answers in full for If-None-Match with a stale tag, or * where there is no entity', () => {
    expect(applyReadPreconditions(entity, { 'if-none-match': 'W/"740"' })).toBe(entity);
    expect(applyReadPreconditions(noEntity, { 'if-none-match': '*' })).toBe(noEntity);
    expect(applyReadPreconditions(withoutEtag, { 'if-none-match': 'W/"741"' })).toBe(withoutEtag);
    expect(applyReadPreconditions(withoutEtag, { 'if-none-match': '*' })).toEqual({ status: 304, headers: {}, body: null });
  });

  it('answers an If-Match that holds in full and one that fails with 412', () => {
    expect(applyReadPreconditions(entity, { 'if-match': 'W/"741"' })).toBe(entity);
    expect(applyReadPreconditions(entity, { 'if-match': '*' })).toBe(entity);
    expect(applyReadPreconditions(withoutEtag, { 'if-match': '*' })).toBe(withoutEtag);
    for (const [response, header] of [[entity, 'W/"740"'], [withoutEtag, 'W/"741"'], [noEntity, '*']] as const) {
      expect(() => applyReadPreconditions(response, { 'if-match': header })).toThrow(
        expect.objectContaining({ status: 412, code: ErrorCodes.preconditionFailed }),
      );
    }
  });

  it('checks If-Match before If-None-Match', () => {
    expect(() => applyReadPreconditions(entity, { 'if-match': 'W/"1"', 'if-none-match': 'W/"741"' })).toThrow(
      expect.objectContaining({ status: 412 }),
    );
    expect(applyReadPreconditions(entity, { 'if-match': 'W/"741"', 'if-none-match': 'W/"741"' })).toEqual(notModified);
  });

  it('rejects a malformed header with 400', () => {
    expect(() => applyReadPreconditions(entity, { 'if-none-match': 'W/741' })).toThrow(
      expect.objectContaining({ status: 400, code: ErrorCodes.invalidPrecondition }),
    );
  });
});
