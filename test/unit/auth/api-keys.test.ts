import { createHash, timingSafeEqual } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiKeyConfigError,
  generateApiKey,
  loadApiKeys,
  parseApiKeys,
  parseApiKeysJson,
} from '../../../src/auth/api-keys.js';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { rejectionOf } from '../../support/odata-rejection.js';

// The real comparison, observed: which hashes the store compares a presented key with.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

function hexHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

const READER_KEY = 'ofk_reader-key-one';
const READER_NEXT_KEY = 'ofk_reader-key-two';
const WRITER_KEY = 'ofk_writer-key';
const OFFICE_KEY = 'ofk_office-key';

const entries = [
  { id: 'reader-1', hash: `sha256:${hexHash(READER_KEY)}`, role: 'catalog_reader', scope: 'read' },
  { id: 'reader-2', hash: hexHash(READER_NEXT_KEY).toUpperCase(), role: 'catalog_reader', scope: 'read' },
  { id: 'writer', hash: hexHash(WRITER_KEY), role: 'catalog_writer', scope: 'read-write', entitySets: ['Products', 'Categories'] },
  { id: 'office', hash: `sha256:${hexHash(OFFICE_KEY)}`, role: 'office', scope: 'read', allowIps: ['10.1.0.0/16', '192.0.2.7', '2001:db8::/32'] },
];

describe('ApiKeyStore.authenticate', () => {
  const store = parseApiKeys(entries, 'keys.json');

  it('turns a configured key into its role, claims and principal', () => {
    expect(store.authenticate(READER_KEY, '203.0.113.9')).toEqual({
      role: 'catalog_reader',
      claims: { sub: 'key:reader-1', role: 'catalog_reader', scope: 'read' },
      principal: 'key:reader-1',
      scope: 'read',
      entitySets: null,
    });
  });

  it('limits a key to its entity sets and keeps its scope', () => {
    const context = store.authenticate(WRITER_KEY, '203.0.113.9');
    expect(context?.scope).toBe('read-write');
    expect(context?.claims).toEqual({ sub: 'key:writer', role: 'catalog_writer', scope: 'read-write' });
    expect([...(context?.entitySets ?? [])].sort()).toEqual(['Categories', 'Products']);
  });

  it.each([
    ['an unknown key', 'ofk_unknown'],
    ['a key one character off', `${READER_KEY.slice(0, -1)}X`],
    ['a configured key with extra text', `${READER_KEY} `],
    ['the hash instead of the key', `sha256:${hexHash(READER_KEY)}`],
    ['an empty key', ''],
  ])('answers null for %s', (_name, presented) => {
    expect(store.authenticate(presented, '10.1.2.3')).toBeNull();
  });

  it('accepts both keys of a role while it rotates, each under its own id', () => {
    expect(store.authenticate(READER_KEY, '203.0.113.9')?.principal).toBe('key:reader-1');
    expect(store.authenticate(READER_NEXT_KEY, '203.0.113.9')?.principal).toBe('key:reader-2');
    expect(store.authenticate(READER_NEXT_KEY, '203.0.113.9')?.role).toBe('catalog_reader');
    const rotated = parseApiKeys(entries.slice(1), 'keys.json');
    expect(rotated.authenticate(READER_KEY, '203.0.113.9')).toBeNull();
    expect(rotated.authenticate(READER_NEXT_KEY, '203.0.113.9')?.principal).toBe('key:reader-2');
  });

  it.each([
    ['an address in an IPv4 range', '10.1.200.3'],
    ['the single IPv4 address', '192.0.2.7'],
    ['an IPv4-mapped IPv6 address in the range', '::ffff:10.1.0.1'],
    ['the single address, IPv4-mapped', '::ffff:192.0.2.7'],
    ['an address in an IPv6 range', '2001:db8:1::42'],
    ['an IPv6 address written in capitals', '2001:DB8::1'],
  ])('lets an allow-listed key in from %s', (_name, clientIp) => {
    expect(store.authenticate(OFFICE_KEY, clientIp)?.principal).toBe('key:office');
  });

  it.each([
    ['an address outside the IPv4 range', '10.2.0.1'],
    ['the neighbour of the single address', '192.0.2.8'],
    ['an IPv4-mapped address outside the range', '::ffff:10.2.0.1'],
    ['an address outside the IPv6 range', '2001:db9::1'],
    ['the IPv6 loopback', '::1'],
    ['a client address that is not an IP address', 'unknown'],
    ['no client address', ''],
  ])('refuses an allow-listed key with 403 from %s', (_name, clientIp) => {
    const error = rejectionOf(() => store.authenticate(OFFICE_KEY, clientIp));
    expect(error.status).toBe(403);
    expect(error.code).toBe(ErrorCodes.forbidden);
  });

  it('answers an unknown key with null, not 403, from an address no key allows', () => {
    expect(store.authenticate('ofk_unknown', '10.2.0.1')).toBeNull();
  });

  it('accepts a key without an allow-list from any address', () => {
    for (const clientIp of ['10.2.0.1', '::1', '::ffff:8.8.8.8', 'unknown']) {
      expect(store.authenticate(READER_KEY, clientIp)?.principal).toBe('key:reader-1');
    }
  });

  it('returns a context whose claims cannot be changed for later requests', () => {
    const context = store.authenticate(READER_KEY, '10.1.2.3');
    expect(Object.isFrozen(context)).toBe(true);
    expect(Object.isFrozen(context?.claims)).toBe(true);
  });
});

describe('ApiKeyStore compares with every entry', () => {
  const store = parseApiKeys(entries, 'keys.json');
  const comparisons = vi.mocked(timingSafeEqual);
  const configured = [READER_KEY, READER_NEXT_KEY, WRITER_KEY, OFFICE_KEY].map(hexHash);

  beforeEach(() => {
    comparisons.mockClear();
  });

  it.each([
    ['the first entry', READER_KEY],
    ['a middle entry', WRITER_KEY],
    ['the last entry', OFFICE_KEY],
    ['no entry', 'ofk_unknown'],
  ])('compares a key matching %s with all hashes, in constant time', (_name, presented) => {
    store.authenticate(presented, '10.1.2.3');
    const digest = createHash('sha256').update(presented).digest();
    expect(comparisons).toHaveBeenCalledTimes(entries.length);
    expect(comparisons.mock.calls.map(([left]) => Buffer.from(left as Uint8Array).equals(digest))).toEqual(
      entries.map(() => true),
    );
    expect(comparisons.mock.calls.map(([, right]) => Buffer.from(right as Uint8Array).toString('hex'))).toEqual(configured);
  });
});

describe('generateApiKey', () => {
  it('makes a prefixed key of 32 random bytes and its SHA-256 hash', () => {
    const { key, hash } = generateApiKey();
    expect(key).toMatch(/^ofk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(4), 'base64url')).toHaveLength(32);
    expect(hash).toBe(`sha256:${hexHash(key)}`);
  });

  it('never makes the same key twice', () => {
    const keys = new Set(Array.from({ length: 50 }, () => generateApiKey().key));
    expect(keys.size).toBe(50);
  });

  it('makes a key that authenticates once its hash is configured', () => {
    const { key, hash } = generateApiKey();
    const store = parseApiKeys([{ id: 'new', hash, role: 'catalog_reader', scope: 'read' }], 'keys.json');
    expect(store.authenticate(key, '127.0.0.1')?.principal).toBe('key:new');
    expect(store.authenticate(generateApiKey().key, '127.0.0.1')).toBeNull();
  });
});

describe('loadApiKeys and parseApiKeysJson', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'api-keys-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads a keys file', async () => {
    const path = join(folder, 'keys.json');
    await writeFile(path, JSON.stringify(entries, null, 2));
    const store = await loadApiKeys(path);
    expect(store.authenticate(WRITER_KEY, '10.1.2.3')?.principal).toBe('key:writer');
  });

  it('names a file it cannot read', async () => {
    const path = join(folder, 'missing.json');
    await expect(loadApiKeys(path)).rejects.toThrow(new ApiKeyConfigError(`Cannot read API keys file ${path}: ENOENT`));
  });

  it('names a file that is not JSON without repeating its text', async () => {
    const path = join(folder, 'broken.json');
    await writeFile(path, `[{"id":"a","hash":"${hexHash(READER_KEY)}",}]`);
    const error = await loadApiKeys(path).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiKeyConfigError);
    expect((error as Error).message).toBe(`API keys in ${path} are not valid JSON`);
  });

  it('names an invalid entry of a file with the file', async () => {
    const path = join(folder, 'invalid.json');
    await writeFile(path, JSON.stringify([{ ...entries[0], scope: 'all' }]));
    await expect(loadApiKeys(path)).rejects.toThrow(`Invalid API keys in ${path}: entry 0 (id "reader-1"), field "scope"`);
  });

  it('parses JSON text such as an environment variable', () => {
    const store = parseApiKeysJson(JSON.stringify(entries), 'AUTH_API_KEYS');
    expect(store.authenticate(READER_KEY, '10.1.2.3')?.principal).toBe('key:reader-1');
    expect(() => parseApiKeysJson('[', 'AUTH_API_KEYS')).toThrow(ApiKeyConfigError);
    expect(() => parseApiKeysJson('[', 'AUTH_API_KEYS')).toThrow(/AUTH_API_KEYS/);
  });
});

describe('parseApiKeys', () => {
  const valid = { id: 'a', hash: `sha256:${hexHash('ofk_a')}`, role: 'catalog_reader', scope: 'read' };
  const other = { id: 'b', hash: hexHash('ofk_b'), role: 'catalog_reader', scope: 'read' };

  function failure(value: unknown): string {
    try {
      parseApiKeys(value, 'keys.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ApiKeyConfigError);
      return (error as Error).message;
    }
    throw new Error('expected an ApiKeyConfigError');
  }

  it('accepts an empty list, which no key matches', () => {
    expect(parseApiKeys([], 'keys.json').authenticate('ofk_a', '127.0.0.1')).toBeNull();
  });

  it.each([
    ['sha256: and lower-case hex', `sha256:${hexHash('ofk_a')}`],
    ['bare hex', hexHash('ofk_a')],
    ['upper-case hex', `sha256:${hexHash('ofk_a').toUpperCase()}`],
  ])('accepts a hash written as %s', (_name, hash) => {
    expect(parseApiKeys([{ ...valid, hash }], 'keys.json').authenticate('ofk_a', '127.0.0.1')?.principal).toBe('key:a');
  });

  it.each([
    ['an object', {}, 'keys.json: must be a JSON array'],
    ['a string', 'ofk_a', 'keys.json: must be a JSON array'],
    ['an entry that is not an object', [valid, 'b'], 'entry 1: must be an object'],
    ['an unknown field', [{ ...valid, roles: ['x'] }], 'entry 0 (id "a"), field "roles": '],
    ['a missing id', [{ ...valid, id: undefined }], 'entry 0, field "id": is required'],
    ['an empty id', [{ ...valid, id: '' }], 'entry 0, field "id": '],
    ['an id with a space', [{ ...valid, id: 'a b' }], 'entry 0, field "id": '],
    ['an id of 65 characters', [{ ...valid, id: 'k'.repeat(65) }], 'entry 0, field "id": '],
    ['a numeric id', [{ ...valid, id: 7 }], 'entry 0, field "id": must be a string'],
    ['a missing hash', [{ ...valid, hash: undefined }], 'entry 0 (id "a"), field "hash": is required'],
    ['a short hash', [{ ...valid, hash: `sha256:${hexHash('ofk_a').slice(1)}` }], 'entry 0 (id "a"), field "hash": '],
    ['a hash of another algorithm', [{ ...valid, hash: `sha512:${hexHash('ofk_a')}` }], 'entry 0 (id "a"), field "hash": '],
    ['the key in place of its hash', [{ ...valid, hash: 'ofk_0WgOIMhALns5AoKJw2leGigDe2GCXLvvtSlYU_aBV9w' }], 'field "hash": '],
    ['a missing role', [{ ...valid, role: undefined }], 'entry 0 (id "a"), field "role": is required'],
    ['an empty role', [{ ...valid, role: '' }], 'entry 0 (id "a"), field "role": '],
    ['a role with NUL', [{ ...valid, role: 'reader\0' }], 'entry 0 (id "a"), field "role": '],
    ['a role longer than 63 bytes', [{ ...valid, role: 'é'.repeat(32) }], 'entry 0 (id "a"), field "role": '],
    ['a missing scope', [{ ...valid, scope: undefined }], 'entry 0 (id "a"), field "scope": is required'],
    ['an unknown scope', [{ ...valid, scope: 'write' }], 'entry 0 (id "a"), field "scope": '],
    ['entity sets that are not a list', [{ ...valid, entitySets: 'Products' }], 'field "entitySets": must be an array'],
    ['an empty list of entity sets', [{ ...valid, entitySets: [] }], 'entry 0 (id "a"), field "entitySets": '],
    ['an entity set name with a space', [{ ...valid, entitySets: ['Products', 'Order Items'] }], 'field "entitySets[1]": '],
    ['an entity set name starting with a digit', [{ ...valid, entitySets: ['1Products'] }], 'field "entitySets[0]": '],
    ['an empty allow-list', [{ ...valid, allowIps: [] }], 'entry 0 (id "a"), field "allowIps": '],
    ['a host name in the allow-list', [{ ...valid, allowIps: ['localhost'] }], 'field "allowIps[0]": '],
    ['an IPv4 prefix over 32', [{ ...valid, allowIps: ['10.0.0.0/8', '10.0.0.0/33'] }], 'field "allowIps[1]": '],
    ['an IPv6 prefix over 128', [{ ...valid, allowIps: ['2001:db8::/129'] }], 'field "allowIps[0]": '],
    ['an empty prefix', [{ ...valid, allowIps: ['10.0.0.0/'] }], 'field "allowIps[0]": '],
    ['two prefixes', [{ ...valid, allowIps: ['10.0.0.0/8/16'] }], 'field "allowIps[0]": '],
    ['a prefix that is not a number', [{ ...valid, allowIps: ['10.0.0.0/eight'] }], 'field "allowIps[0]": '],
    ['an IPv4 address with an extra part', [{ ...valid, allowIps: ['10.0.0.0.1'] }], 'field "allowIps[0]": '],
    ['an id used twice', [valid, other, { ...other, hash: hexHash('ofk_c') }], 'entry 2 (id "b"), field "id": '],
    ['one key under two ids', [valid, { ...other, hash: hexHash('ofk_a') }], 'entry 1 (id "b"), field "hash": '],
  ])('rejects %s, naming the entry and the field', (_name, value, expected) => {
    const message = failure(value);
    expect(message.startsWith('Invalid API keys in keys.json: ')).toBe(true);
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
    expect(message).not.toMatch(/[0-9a-f]{63}/i);
    expect(message).not.toContain('ofk_');
  });

  it('names a later entry by its position and id', () => {
    expect(failure([valid, { ...other, scope: 'all' }])).toBe(
      'Invalid API keys in keys.json: entry 1 (id "b"), field "scope": must be "read" or "read-write"',
    );
  });
});
