import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';
import { addressAllowList } from './api-key-address.js';
import { API_KEY_ID, apiKeyListSchema, type ApiKeyEntry } from './api-key-entry.js';
import type { AuthContext } from './auth-context.js';

/** Makes a generated key recognisable in a secret scanner or a misplaced paste. */
const KEY_PREFIX = 'ofk_';
const KEY_BYTES = 32;

/** Thrown for an invalid API keys configuration; its message is one line and never holds a hash. */
export class ApiKeyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiKeyConfigError';
  }
}

interface StoredKey {
  readonly hash: Buffer;
  /** Null: any client address. */
  readonly allows: ((clientIp: string) => boolean) | null;
  readonly context: AuthContext;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function storedKey(entry: ApiKeyEntry): StoredKey {
  const principal = `key:${entry.id}`;
  return {
    hash: entry.hash,
    allows: entry.allowIps === undefined ? null : addressAllowList(entry.allowIps),
    context: Object.freeze({
      role: entry.role,
      claims: Object.freeze({ sub: principal, role: entry.role, scope: entry.scope }),
      principal,
      scope: entry.scope,
      entitySets: entry.entitySets === undefined ? null : new Set(entry.entitySets),
    }),
  };
}

/**
 * The configured API keys (DESIGN.md decision 6). Only SHA-256 hashes are held; several keys may
 * share a role, so a key can be replaced without downtime.
 */
export class ApiKeyStore {
  readonly #keys: readonly StoredKey[];

  constructor(entries: readonly ApiKeyEntry[]) {
    this.#keys = entries.map(storedKey);
  }

  /**
   * The caller a presented key stands for; null when it matches no entry. Every entry's hash is
   * compared in constant time, with no early exit, so the time taken says nothing about which
   * entry matched. Throws a 403 `ODataError` when the key is valid but `clientIp` is not in its
   * allow-list.
   */
  authenticate(presented: string, clientIp: string): AuthContext | null {
    const digest = sha256(presented);
    let match: StoredKey | null = null;
    for (const key of this.#keys) {
      if (timingSafeEqual(digest, key.hash)) match = key;
    }
    if (match === null) return null;
    if (match.allows !== null && !match.allows(clientIp)) {
      throw new ODataError(403, ErrorCodes.forbidden, 'This API key may not be used from this address');
    }
    return match.context;
  }

  /** The Postgres roles the keys run as. */
  get roles(): readonly string[] {
    return [...new Set(this.#keys.map((key) => key.context.role).filter((role): role is string => role !== null))];
  }
}

/** `entry 2 (id "reader")`; the id only when it is a valid one, so the message repeats nothing odd. */
function describeEntry(value: unknown, index: number): string {
  const entry: unknown = Array.isArray(value) ? value[index] : undefined;
  const id: unknown = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)['id'] : undefined;
  return typeof id === 'string' && API_KEY_ID.test(id) ? `entry ${index} (id "${id}")` : `entry ${index}`;
}

function describeIssue(value: unknown, issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return 'invalid';
  const [index, field, ...rest] = issue.path;
  if (typeof index !== 'number') return issue.message;
  if (issue.code === 'unrecognized_keys') {
    return `${describeEntry(value, index)}, field "${issue.keys[0] ?? ''}": is not a known field`;
  }
  if (field === undefined) return `${describeEntry(value, index)}: ${issue.message}`;
  const item = rest.map((part) => `[${String(part)}]`).join('');
  return `${describeEntry(value, index)}, field "${String(field)}${item}": ${issue.message}`;
}

/** Two entries with one id or one key would make `key:<id>` or the matching entry ambiguous. */
function findDuplicate(value: unknown, entries: readonly ApiKeyEntry[]): string | null {
  const ids = new Map<string, number>();
  const hashes = new Map<string, number>();
  for (const [index, entry] of entries.entries()) {
    const sameId = ids.get(entry.id);
    if (sameId !== undefined) return `${describeEntry(value, index)}, field "id": is already used by entry ${sameId}`;
    const hex = entry.hash.toString('hex');
    const sameKey = hashes.get(hex);
    if (sameKey !== undefined) {
      return `${describeEntry(value, index)}, field "hash": is the same key as ${describeEntry(value, sameKey)}`;
    }
    ids.set(entry.id, index);
    hashes.set(hex, index);
  }
  return null;
}

/** Validates the API keys configuration (a JSON array of entries); `source` names it in errors. */
export function parseApiKeys(value: unknown, source: string): ApiKeyStore {
  const parsed = apiKeyListSchema.safeParse(value);
  if (!parsed.success) {
    throw new ApiKeyConfigError(`Invalid API keys in ${source}: ${describeIssue(value, parsed.error.issues[0])}`);
  }
  const duplicate = findDuplicate(value, parsed.data);
  if (duplicate !== null) throw new ApiKeyConfigError(`Invalid API keys in ${source}: ${duplicate}`);
  return new ApiKeyStore(parsed.data);
}

/** `parseApiKeys` for JSON text, such as an environment variable's value. */
export function parseApiKeysJson(text: string, source: string): ApiKeyStore {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiKeyConfigError(`API keys in ${source} are not valid JSON`);
  }
  return parseApiKeys(value, source);
}

/** Reads an API keys file (a JSON array of entries). */
export async function loadApiKeys(path: string): Promise<ApiKeyStore> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ApiKeyConfigError(`Cannot read API keys file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return parseApiKeysJson(text, path);
}

/** The hash to configure for `key`: `sha256:<hex>`. */
function hashApiKey(key: string): string {
  return `sha256:${sha256(key).toString('hex')}`;
}

/** A new key (`ofk_` and 32 random bytes, base64url) and its hash; the key itself is never stored. */
export function generateApiKey(): { key: string; hash: string } {
  const key = `${KEY_PREFIX}${randomBytes(KEY_BYTES).toString('base64url')}`;
  return { key, hash: hashApiKey(key) };
}
