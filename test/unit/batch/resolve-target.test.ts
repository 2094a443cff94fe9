import { describe, expect, it } from 'vitest';
import { isBatchPath, resolveTarget, serviceRootOf } from '../../../src/batch/resolve-target.js';
import { rejectionOf } from '../../support/odata-rejection.js';

const root = serviceRootOf('http://localhost:80/odata');

describe('resolveTarget', () => {
  it.each([
    ['Products', 'Products', ''],
    ["Products('a%20b')?$select=name&$top=2", "Products('a%20b')", '$select=name&$top=2'],
    ['/odata/Products(1)/category', 'Products(1)/category', ''],
    ['/odata', '', ''],
    ['/odata/?$format=json', '', '$format=json'],
    ['http://localhost:80/odata/Categories?$filter=name eq \'x\'', 'Categories', "$filter=name eq 'x'"],
    ['http://LOCALHOST/odata/Categories', 'Categories', ''],
    ['Products#fragment', 'Products', ''],
    ['$metadata', '$metadata', ''],
  ])('%s', (target, path, query) => {
    expect(resolveTarget(target, root)).toEqual({ path, query });
  });

  it('resolves against a service at the root path', () => {
    expect(resolveTarget('/Products?x=1', serviceRootOf('https://api.example.com'))).toEqual({ path: 'Products', query: 'x=1' });
  });

  it.each([
    ['/other/Products'],
    ['/odatax/Products'],
    ['http://elsewhere/odata/Products'],
    ['https://localhost/odata/Products'],
    ['http://localhost:8080/odata/Products'],
    ['http://[bad/odata'],
  ])('400 for %s, outside the service root', (target) => {
    const error = rejectionOf(() => resolveTarget(target, root));
    expect(error.status).toBe(400);
    expect(error.code).toBe('OF514');
  });
});

describe('isBatchPath', () => {
  it.each([
    ['$batch', true],
    ['%24batch', true],
    ['$batch/x', true],
    ['Products', false],
    ['$metadata', false],
    ['%E0', false],
  ])('%s', (path, expected) => {
    expect(isBatchPath(path)).toBe(expected);
  });
});
