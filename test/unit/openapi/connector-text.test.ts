import { describe, expect, it } from 'vitest';
import { humanWords, sentence, summaryOf, titleOf, withArticle } from '../../../src/openapi/connector-text.js';

describe('connector text', () => {
  it.each([
    ['category_id', 'category id'],
    ['unitPrice', 'unit price'],
    ['AuditLog', 'audit log'],
    ['HTTPCode', 'http code'],
    ['Key_Column', 'key column'],
    ['c_int_array', 'c int array'],
    ['Bücher2024', 'bücher2024'],
  ])('reads %s as the words "%s"', (name, words) => {
    expect(humanWords(name)).toBe(words);
  });

  it('titles a name in sentence case, and keeps a name without letters or digits as it is', () => {
    expect(titleOf('category_id')).toBe('Category id');
    expect(titleOf('_')).toBe('_');
  });

  it('cuts a summary at a whole word within 80 characters and drops closing punctuation', () => {
    const long = `get ${'very '.repeat(30)}long name.`;
    const summary = summaryOf(long);
    expect(summary.length).toBeLessThanOrEqual(80);
    expect(summary).toMatch(/^Get (very )+very$/);
    expect(summaryOf('List products.')).toBe('List products');
    expect(summaryOf(`x${'y'.repeat(100)}`)).toHaveLength(80);
  });

  it('ends a description with a period unless it ends a sentence already', () => {
    expect(sentence('reads a row')).toBe('Reads a row.');
    expect(sentence('Reads a row?')).toBe('Reads a row?');
  });

  it('puts the article a word needs', () => {
    expect(withArticle('product')).toBe('a product');
    expect(withArticle('audit log')).toBe('an audit log');
  });
});
