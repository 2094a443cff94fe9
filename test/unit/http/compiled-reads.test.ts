import { describe, expect, it } from 'vitest';
import { compiledReadKey, CompiledReads, type CompiledRead } from '../../../src/http/compiled-reads.js';
import type { HttpInput } from '../../../src/http/http-input.js';

function read(text: string): CompiledRead {
  return {
    plan: { query: { kind: 'count', from: { schema: 'public', name: 't', alias: 't0' }, where: null }, shape: { kind: 'count' } },
    format: { metadata: 'minimal', ieee754Compatible: false },
    statement: { text, values: [] },
  } as unknown as CompiledRead;
}

function input(path: string, query: string, headers: Record<string, string> = {}): HttpInput {
  return { method: 'GET', path, query, headers };
}

describe('CompiledReads', () => {
  it('keeps the most recently used reads up to its capacity', () => {
    const cache = new CompiledReads(2);
    cache.set('a', read('A'));
    cache.set('b', read('B'));
    expect(cache.get('a')?.statement.text).toBe('A');
    cache.set('c', read('C'));
    // b was the least recently used
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.statement.text).toBe('A');
    expect(cache.get('c')?.statement.text).toBe('C');
    expect(cache.size).toBe(2);
  });

  it('replaces a key it has, without growing', () => {
    const cache = new CompiledReads(2);
    cache.set('a', read('A'));
    cache.set('a', read('A2'));
    expect(cache.size).toBe(1);
    expect(cache.get('a')?.statement.text).toBe('A2');
  });

  it('keeps nothing at capacity 0 and no key longer than 2,048 characters', () => {
    const none = new CompiledReads(0);
    none.set('a', read('A'));
    expect(none.get('a')).toBeUndefined();
    const cache = new CompiledReads(10);
    cache.set('k'.repeat(2049), read('long'));
    cache.set('k'.repeat(2048), read('fits'));
    expect(cache.size).toBe(1);
    expect(cache.get('k'.repeat(2048))?.statement.text).toBe('fits');
  });
});

describe('compiledReadKey', () => {
  it('tells apart what the parse, plan and sql stages read: path, query, Accept and Prefer', () => {
    const keys = [
      compiledReadKey(input('Products', '$top=1')),
      compiledReadKey(input('Products', '$top=2')),
      compiledReadKey(input('Categories', '$top=1')),
      compiledReadKey(input('Products', '$top=1', { accept: 'application/json;odata.metadata=full' })),
      compiledReadKey(input('Products', '$top=1', { prefer: 'odata.maxpagesize=10' })),
      // the separator cannot be forged through the query
      compiledReadKey(input('Products', '$top=1\nodata.maxpagesize=10')),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('ignores headers that no stage reads before the database', () => {
    expect(compiledReadKey(input('Products', '$top=1', { 'x-request-id': 'a', 'user-agent': 'b' }))).toBe(compiledReadKey(input('Products', '$top=1')));
  });
});
