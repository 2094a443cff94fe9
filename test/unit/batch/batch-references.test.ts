import { describe, expect, it } from 'vitest';
import { bodyReferencesOf, referencedId, replaceBodyReferences, urlReferenceOf } from '../../../src/batch/batch-references.js';

describe('referencedId', () => {
  it.each([
    ['$1', '1'],
    ['$new-category.2', 'new-category.2'],
    ['$metadata', undefined],
    ['$batch', undefined],
    ['$root', undefined],
    ['$', undefined],
    ['1', undefined],
    ['$a/b', undefined],
    ['$a b', undefined],
  ])('%s', (text, id) => {
    expect(referencedId(text)).toBe(id);
  });
});

describe('urlReferenceOf', () => {
  it.each([
    ['$1', { id: '1', rest: '' }],
    ['$1/category/$ref', { id: '1', rest: '/category/$ref' }],
    ['$c?$select=name', { id: 'c', rest: '?$select=name' }],
    ['$metadata#Products', undefined],
    ['Products', undefined],
    ['/odata/$1', undefined],
  ])('%s', (target, expected) => {
    expect(urlReferenceOf(target)).toEqual(expected);
  });
});

describe('body references', () => {
  const body = Buffer.from(
    '{"name":"Mug","price":12345678901234567.99,"category@odata.bind":"$1",' +
      '"tags@odata.bind":["$2","Categories(7)","$metadata"],"note":"$1",' +
      '"lines":[{"product@odata.bind":"$3"}],"@odata.id":"$4","other":{"@odata.id":"plain"}}',
  );

  it('finds $<id> values of @odata.bind and @odata.id members, nested entities included', () => {
    expect(bodyReferencesOf(body, 32)).toEqual(['1', '2', '3', '4']);
  });

  it('replaces them with the URLs and leaves every other character as sent', () => {
    const urls: Record<string, string> = { '1': 'Categories(10)', '2': 'Tags(\'a"b\')', '3': 'Products(3)', '4': 'Products(4)' };
    const replaced = replaceBodyReferences(body, 32, (id) => urls[id] as string).toString();
    expect(replaced).toContain('"price":12345678901234567.99,');
    expect(JSON.parse(replaced)).toEqual({
      name: 'Mug',
      price: expect.any(Number),
      'category@odata.bind': 'Categories(10)',
      'tags@odata.bind': ['Tags(\'a"b\')', 'Categories(7)', '$metadata'],
      note: '$1',
      lines: [{ 'product@odata.bind': 'Products(3)' }],
      '@odata.id': 'Products(4)',
      other: { '@odata.id': 'plain' },
    });
  });

  it('leaves a body that is not JSON alone (its own request reports it)', () => {
    const broken = Buffer.from('{"category@odata.bind":"$1",');
    expect(bodyReferencesOf(broken, 32)).toEqual([]);
    expect(replaceBodyReferences(broken, 32, () => 'x')).toBe(broken);
  });
});
