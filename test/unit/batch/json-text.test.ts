import { describe, expect, it } from 'vitest';
import { parseJsonText, plainValueOf, type JsonNode } from '../../../src/batch/json-text.js';
import { rejectionOf } from '../../support/odata-rejection.js';

describe('parseJsonText', () => {
  it.each([
    ['{"a":[1,-2.5e3,true,false,null,"x\\u0041"],"b":{}}'],
    [' [ ] '],
    ['"text"'],
    ['0'],
    ['{"nested":{"deeper":[{"x":"\\"quoted\\""}]}}'],
  ])('reads %s as JSON.parse does', (text) => {
    expect(plainValueOf(parseJsonText(text, 10, 'Body'), text)).toEqual(JSON.parse(text));
  });

  it('keeps where each value is written, so numbers can be taken with every digit', () => {
    const text = '{"price": 12345678901234567890.123456789, "name":"x"}';
    const node = parseJsonText(text, 10, 'Body') as JsonNode & { kind: 'object' };
    const price = node.members[0]?.value as JsonNode;
    expect(text.slice(price.start, price.end)).toBe('12345678901234567890.123456789');
    expect(node.members.map((member) => member.name)).toEqual(['price', 'name']);
    expect([node.start, node.end]).toEqual([0, text.length]);
  });

  it.each([
    ['', 'the text ends where a value should be'],
    ['{"a":1,}', 'expected a member name'],
    ['[1 2]', 'expected ","'],
    ['{"a" 1}', 'expected ":"'],
    ['"open', 'a string is not closed'],
    ['"bad \\x escape"', 'invalid escape'],
    ['01', 'unexpected text after the JSON value'],
    ['{} {}', 'unexpected text after the JSON value'],
    ['tru', 'unexpected "t"'],
    ['NaN', 'unexpected "N"'],
  ])('400 for %s', (text, message) => {
    const error = rejectionOf(() => parseJsonText(text, 10, 'The body'));
    expect(error.status).toBe(400);
    expect(error.code).toBe('OF514');
    expect(error.message).toContain('The body is not valid JSON');
    expect(error.message).toContain(message);
  });

  it('refuses nesting deeper than the limit before reading it', () => {
    expect(() => parseJsonText('[[[1]]]', 3, 'Body')).not.toThrow();
    const error = rejectionOf(() => parseJsonText('[[[[1]]]]', 3, 'Body'));
    expect(error.code).toBe('OF211');
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(rejectionOf(() => parseJsonText(deep, 32, 'Body')).code).toBe('OF211');
  });
});
