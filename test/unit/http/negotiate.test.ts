import { describe, expect, it } from 'vitest';
import { negotiateJson, negotiateMetadata, preferredMaxPageSize, prefersTrackChanges, accepts401 } from '../../../src/http/negotiate.js';
import { ODataError } from '../../../src/errors/odata-error.js';

describe('negotiateJson', () => {
  it.each([
    [undefined, undefined, { metadata: 'minimal', ieee754Compatible: false }],
    [undefined, '*/*', { metadata: 'minimal', ieee754Compatible: false }],
    [undefined, 'application/json;odata.metadata=full', { metadata: 'full', ieee754Compatible: false }],
    [undefined, 'application/json;metadata=none', { metadata: 'none', ieee754Compatible: false }],
    [undefined, 'application/json;IEEE754Compatible=true', { metadata: 'minimal', ieee754Compatible: true }],
    [undefined, 'text/html, application/json;q=0.5', { metadata: 'minimal', ieee754Compatible: false }],
    ['json', 'application/xml', { metadata: 'minimal', ieee754Compatible: false }],
    ['application/json;odata.metadata=none', undefined, { metadata: 'none', ieee754Compatible: false }],
  ] as const)('$format %s, Accept %s', (format, accept, expected) => {
    expect(negotiateJson(format, accept)).toEqual(expected);
  });

  it.each([
    ['xml', undefined],
    ['atom', undefined],
    [undefined, 'application/xml'],
    [undefined, 'application/json;q=0'],
    [undefined, 'application/json;odata.metadata=everything'],
  ])('406 for $format %s, Accept %s', (format, accept) => {
    try {
      negotiateJson(format, accept);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ODataError);
      expect((error as ODataError).status).toBe(406);
    }
  });
});

describe('negotiateMetadata', () => {
  it.each([
    [undefined, undefined, 'xml'],
    ['json', undefined, 'json'],
    ['xml', 'application/json', 'xml'],
    ['application/json', undefined, 'json'],
    [undefined, 'application/json', 'json'],
    [undefined, 'application/json, application/xml', 'json'],
    [undefined, 'text/html,*/*;q=0.8', 'xml'],
  ])('$format %s, Accept %s → %s', (format, accept, expected) => {
    expect(negotiateMetadata(format, accept)).toBe(expected);
  });

  it('refuses formats it cannot produce', () => {
    expect(() => negotiateMetadata('atom', undefined)).toThrow(ODataError);
    expect(() => negotiateMetadata(undefined, 'text/csv')).toThrow(ODataError);
  });
});

describe('preferredMaxPageSize', () => {
  it.each([
    [undefined, undefined],
    ['odata.maxpagesize=50', 50],
    ['return=minimal, odata.maxpagesize=20', 20],
    ['maxpagesize=10', 10],
    ['odata.maxpagesize="30"', 30],
    ['odata.maxpagesize=0', undefined],
    ['odata.maxpagesize=abc', undefined],
    ['odata.include-annotations="*"', undefined],
  ])('%s → %s', (header, expected) => {
    expect(preferredMaxPageSize(header)).toBe(expected);
  });
});

describe('prefersTrackChanges', () => {
  it.each([
    [undefined, false],
    ['odata.track-changes', true],
    ['return=minimal, odata.track-changes', true],
    ['track-changes', true],
    ['ODATA.TRACK-CHANGES', true],
    ['odata.track-changes-not', false],
    ['odata.maxpagesize=10', false],
  ])('%s → %s', (header, expected) => {
    expect(prefersTrackChanges(header)).toBe(expected);
  });
});

describe('accepts401', () => {
  it.each([
    [undefined, false],
    ['4.0', false],
    ['4.01', true],
    ['4.1', true],
    ['5.0', true],
    [' 4.01 ', true],
    ['four', false],
  ])('OData-MaxVersion %s → %s', (header, expected) => {
    expect(accepts401(header)).toBe(expected);
  });
});
