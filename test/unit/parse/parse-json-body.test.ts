import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { ODataError } from '../../../src/errors/odata-error.js';
import { parseJsonBody, type JsonBodyValue } from '../../../src/parse/parse-json-body.js';
import { rejectionOf } from '../../support/odata-rejection.js';

const limits = { maxDepth: 64 };

function parse(text: string, maxDepth = limits.maxDepth): JsonBodyValue {
  return parseJsonBody(Buffer.from(text, 'utf8'), { maxDepth });
}

/** The value as JSON.parse would return it (numbers through Number). */
function toPlain(value: JsonBodyValue): unknown {
  if (value === null || typeof value !== 'object') return value;
  switch (value.kind) {
    case 'number':
      return Number(value.text);
    case 'array':
      return value.items.map(toPlain);
    case 'object':
      return Object.fromEntries([...value.members].map(([name, member]) => [name, toPlain(member)]));
  }
}

function expectInvalid(text: string | Buffer, maxDepth = limits.maxDepth): ODataError {
  const error = rejectionOf(() => parseJsonBody(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, { maxDepth }));
  expect(error.status).toBe(400);
  expect(error.code).toBe(ErrorCodes.invalidBody);
  return error;
}

describe('parseJsonBody: values', () => {
  it.each([
    'null',
    'true',
    'false',
    '""',
    '"plain"',
    '[]',
    '{}',
    '[null,true,false,"x",[],{}]',
    '{"a":{"b":[{"c":null}]},"d":[[[]]],"":"empty name"}',
    ' \t\r\n{ "spaced" : [ true , false ] } \t\r\n',
    '"\\"\\\\\\/\\b\\f\\n\\r\\t"',
    '"\\u0041\\u00e9\\u20AC\\ud83d\\ude00"',
    '"é€😀 raw"',
    '"a\\u0000b"',
    '"\u007f"',
  ])('reads %s as JSON.parse does', (text) => {
    expect(toPlain(parse(text))).toStrictEqual(JSON.parse(text));
  });

  it('keeps member order', () => {
    const value = parse('{"z":1,"a":2,"m":3,"10":4,"2":5}');
    expect(value).toMatchObject({ kind: 'object' });
    expect([...(value as { members: ReadonlyMap<string, unknown> }).members.keys()]).toEqual(['z', 'a', 'm', '10', '2']);
  });

  it.each(['12345678901234567890.123', '-0', '0', '1E+400', '1e-7', '-12.50', '9223372036854775807', '0.1000000000000000000001'])(
    'keeps the number %s as its text',
    (text) => {
      expect(parse(`[${text}]`)).toEqual({ kind: 'array', items: [{ kind: 'number', text }] });
    },
  );

  it('keeps a lone surrogate written as an escape', () => {
    expect(parse('"\\ud800x"')).toBe('\ud800x');
  });

  it('holds __proto__ as an ordinary member name', () => {
    const value = parse('{"__proto__":{"polluted":true}}');
    expect(toPlain(value)).toStrictEqual(JSON.parse('{"__proto__":{"polluted":true}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads any JSON value JSON.stringify writes', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        const text = JSON.stringify(value);
        expect(toPlain(parseJsonBody(Buffer.from(text, 'utf8'), limits))).toStrictEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseJsonBody: encoding', () => {
  it('drops a leading byte order mark', () => {
    expect(toPlain(parseJsonBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]), limits))).toEqual({ a: 1 });
  });

  it('refuses a byte order mark anywhere else', () => {
    expectInvalid(Buffer.concat([Buffer.from(' '), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]));
    expectInvalid(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from('{}')]));
  });

  it.each([
    ['a lone continuation byte', [0x22, 0x80, 0x22]],
    ['an invalid byte', [0x22, 0xff, 0x22]],
    ['an overlong encoding', [0x22, 0xc0, 0xaf, 0x22]],
    ['an encoded surrogate', [0x22, 0xed, 0xa0, 0x80, 0x22]],
    ['a truncated sequence', [0x22, 0xe2, 0x82]],
  ])('refuses %s', (_name, bytes) => {
    expectInvalid(Buffer.from(bytes));
  });
});

describe('parseJsonBody: syntax errors', () => {
  it.each([
    ['an empty body', ''],
    ['only whitespace', ' \n '],
    ['trailing text', '{} x'],
    ['a second value', '1 2'],
    ['two objects', '{}{}'],
    ['an extra bracket', '[1]]'],
    ['an unclosed array', '[1,2'],
    ['an unclosed object', '{"a":1'],
    ['an unterminated string', '"abc'],
    ['a trailing comma in an array', '[1,]'],
    ['a trailing comma in an object', '{"a":1,}'],
    ['a missing colon', '{"a" 1}'],
    ['an unquoted name', '{a:1}'],
    ['a single-quoted string', "'a'"],
    ['a leading zero', '01'],
    ['a bare fraction', '.5'],
    ['a trailing point', '1.'],
    ['a plus sign', '+1'],
    ['an empty exponent', '1e'],
    ['a signed empty exponent', '1.5e+'],
    ['a lone minus', '-'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['hex', '0x10'],
    ['a capitalised literal', 'True'],
    ['a cut literal', 'nul'],
    ['a raw control character in a string', '"a\u0001b"'],
    ['a raw line feed in a string', '"a\nb"'],
    ['a raw tab in a string', '"a\tb"'],
    ['an unknown escape', '"\\x41"'],
    ['a short \\u escape', '"\\u12"'],
    ['an upper-case \\U escape', '"\\U0041"'],
    ['non-JSON whitespace', '\u00a0{}'],
    ['a vertical tab', '\u000b{}'],
    ['a comment', '{} // note'],
  ])('refuses %s', (_name, text) => {
    expectInvalid(text);
  });

  it('says where, in characters, without repeating the input', () => {
    const error = expectInvalid('{"😀":1,"b":2 x}');
    expect(error.message).toMatch(/\b13\b/);
    const long = expectInvalid(`["${'x'.repeat(100_000)}" ${'y'.repeat(100_000)}]`);
    expect(long.message.length).toBeLessThan(200);
  });
});

describe('parseJsonBody: duplicate members', () => {
  it('refuses a duplicate member and names it', () => {
    const error = expectInvalid('{"name":"a","price":1,"name":"b"}');
    expect(error.target).toBe('name');
  });

  it('compares names after unescaping', () => {
    expect(expectInvalid('{"a":1,"\\u0061":2}').target).toBe('a');
  });

  it('refuses duplicates in nested objects', () => {
    expect(expectInvalid('{"lines":[{"qty":1},{"qty":2,"qty":3}]}').target).toBe('qty');
  });

  it('allows the same name in different objects', () => {
    expect(toPlain(parse('{"a":{"a":1},"b":[{"a":2},{"a":3}]}'))).toEqual({ a: { a: 1 }, b: [{ a: 2 }, { a: 3 }] });
  });

  it('shortens a long duplicate name', () => {
    const name = 'n'.repeat(10_000);
    const error = expectInvalid(`{"${name}":1,"${name}":2}`);
    expect(error.target?.length).toBeLessThan(200);
    expect(error.message.length).toBeLessThan(400);
  });
});

describe('parseJsonBody: nesting', () => {
  const nested = (depth: number, open: string, close: string, inner = ''): string => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

  it('allows exactly maxDepth levels of arrays and objects', () => {
    expect(() => parse(nested(3, '[', ']'), 3)).not.toThrow();
    expect(() => parse('{"a":[{"b":1}]}', 3)).not.toThrow();
    expect(() => parse('[[[1],[2]],[[3]]]', 3)).not.toThrow();
  });

  it('refuses one level more', () => {
    expectInvalid(nested(4, '[', ']'), 3);
    expectInvalid('{"a":[{"b":[]}]}', 3);
    expectInvalid('[{}, [[{}]]]', 3);
  });

  it('refuses a 100,000-deep array quickly', () => {
    const started = performance.now();
    expectInvalid(nested(100_000, '[', ']'));
    expectInvalid(nested(100_000, '{"a":', '}', '1'));
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reads a 100,000-deep array when the limit allows it, without recursion', () => {
    let value = parse(nested(100_000, '[', ']', '7'), 100_000);
    let depth = 0;
    while (value !== null && typeof value === 'object' && value.kind === 'array') {
      value = value.items[0] ?? null;
      depth += 1;
    }
    expect(depth).toBe(100_000);
    expect(value).toEqual({ kind: 'number', text: '7' });
  });
});
