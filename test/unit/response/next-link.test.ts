import { describe, expect, it } from 'vitest';
import { formatNextLink } from '../../../src/response/next-link.js';

describe('formatNextLink', () => {
  it.each([
    ['', { skip: 100, top: undefined }, 'http://h/odata/Products?$skip=100'],
    ['$filter=a%20eq%201&$skip=5&$top=500', { skip: 105, top: 400 }, 'http://h/odata/Products?$filter=a%20eq%201&$skip=105&$top=400'],
    ['SKIP=5&top=9&%24Top=9&$select=x', { skip: 10, top: 4 }, 'http://h/odata/Products?$select=x&$skip=10&$top=4'],
    ['@p=1&custom=2', { skip: 3, top: undefined }, 'http://h/odata/Products?@p=1&custom=2&$skip=3'],
  ])('%s', (query, next, expected) => {
    expect(formatNextLink('http://h/odata', 'Products', query, next)).toBe(expected);
  });
});
