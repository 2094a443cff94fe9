import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { planRead } from '../../../src/plan/plan-read.js';
import { compileRead } from '../../../src/sql/compile-read.js';
import { quoteIdent } from '../../../src/sql/sql-fragments.js';
import { sampleModel } from '../../support/sample-catalog.js';
import { compileFilterText } from './compile-helpers.js';
import { testReadOptions } from '../../support/read-options.js';

const HOSTILE = [
  "x'; drop table products; --",
  'x" or 1=1 --',
  '$9 union select 1',
  "\\'; select pg_sleep(10); --",
  '%_\\ like',
  'Robert\u0000',
];

/** The SQL text a request compiles to holds no string constant but the service's own (an ETag's `W/"…"`), so nothing can close one. */
function expectNoRequestText(text: string, value: string): void {
  expect(text).not.toContain(value);
  expect(text).not.toMatch(/drop|pg_sleep|or 1=1|union|\blike\b.*\blike\b/i);
  expect(text.replace(/'(Infinity|-Infinity|INF|-INF|UTC|\{\}|\[\]|W\/"|")'/g, '')).not.toContain("'");
}

describe('no request text reaches SQL except as a bind parameter', () => {
  it.each(HOSTILE)('string literal %j', (value) => {
    const literal = `'${value.replace(/'/g, "''")}'`;
    for (const filter of [`name eq ${literal}`, `contains(name,${literal})`, `name in (${literal}, 'b')`, `tolower(name) eq ${literal}`]) {
      const compiled = compileFilterText(filter);
      expectNoRequestText(compiled.text, value);
      const escaped = value.replace(/[\\%_]/g, (char) => `\\${char}`);
      expect(compiled.values.flat()).toEqual(expect.arrayContaining([expect.stringContaining(filter.startsWith('contains') ? escaped : value)]));
    }
  });

  it.each(HOSTILE)('key predicate %j', (value) => {
    const path = `Suppliers('${encodeURIComponent(value.replace(/'/g, "''"))}')`;
    const statement = compileRead(
      planRead(parseRequest({ path, query: '' }), sampleModel(), {
        metadata: 'minimal', ieee754Compatible: false, maxPageSizePreference: undefined, defaultPageSize: 10, maxPageSize: 10, skipTokenSecret: 'test-secret-test-secret-test-secret', tracking: testReadOptions.tracking, }).query,
    );
    expectNoRequestText(statement.text, value);
    expect(statement.values).toEqual([value]);
  });

  it('quotes identifiers, doubling inner quotes', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteIdent('Unit Price')).toBe('"Unit Price"');
    expect(() => quoteIdent('a\u0000b')).toThrow();
  });

  it('treats numbers and dates as parameters too', () => {
    const compiled = compileFilterText('price gt 1 and release_date lt 2024-01-01 and quantity in (1,2)');
    expect(compiled.text).not.toMatch(/(?<!\$)\b1\b|2024/);
    expect(compiled.values).toEqual(['1', '2024-01-01', ['1', '2']]);
  });
});
