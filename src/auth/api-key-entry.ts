import { z } from 'zod';
import { isSimpleIdentifier } from '../model/edm-names.js';
import { parseAddressRule } from './api-key-address.js';

/** Postgres keeps the first 63 bytes of a name (NAMEDATALEN - 1): a longer role names no role. */
const MAX_ROLE_BYTES = 63;

/** Ids appear in logs and claims (`key:<id>`), so they keep to a plain alphabet. */
export const API_KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** "is required" for a missing field, `must be …` for a value of the wrong kind. */
function expecting(what: string): { error: (issue: { input?: unknown }) => string } {
  return { error: (issue) => (issue.input === undefined ? 'is required' : `must be ${what}`) };
}

const addressRule = z.string(expecting('a string')).transform((text, ctx) => {
  const rule = parseAddressRule(text);
  if (rule === null) {
    ctx.addIssue({ code: 'custom', message: 'must be an IPv4 or IPv6 address or CIDR range' });
    return z.NEVER;
  }
  return rule;
});

/**
 * One configured API key. Messages never repeat the value they reject: a misplaced key must not
 * end up in a log through its error.
 */
export const apiKeyEntrySchema = z.strictObject(
  {
    id: z.string(expecting('a string')).regex(API_KEY_ID, 'must be 1 to 64 letters, digits, ".", "_" or "-"'),
    /** SHA-256 of the key, as `sha256:<hex>` or bare hex; stored as the 32 digest bytes. */
    hash: z
      .string(expecting('a string'))
      .regex(/^(sha256:)?[0-9a-fA-F]{64}$/, 'must be "sha256:" followed by 64 hexadecimal digits')
      .transform((text) => Buffer.from(text.slice(-64), 'hex')),
    role: z
      .string(expecting('a string'))
      .min(1, 'must not be empty')
      .refine((role) => !role.includes('\0'), 'must not contain NUL')
      .refine((role) => Buffer.byteLength(role) <= MAX_ROLE_BYTES, `must be at most ${MAX_ROLE_BYTES} bytes long`),
    scope: z.enum(['read', 'read-write'], expecting('"read" or "read-write"')),
    /** Absent: every entity set. */
    entitySets: z
      .array(z.string(expecting('a string')).refine(isSimpleIdentifier, 'must be an entity set name'), expecting('an array'))
      .min(1, 'must name at least one entity set (leave it out for all of them)')
      .optional(),
    /** Absent: any address. */
    allowIps: z.array(addressRule, expecting('an array')).min(1, 'must hold at least one address or range (leave it out for any)').optional(),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object' : undefined) },
);

/** The API keys configuration: a JSON array of entries. */
export const apiKeyListSchema = z.array(apiKeyEntrySchema, { error: 'must be a JSON array of API key entries' });

export type ApiKeyEntry = z.output<typeof apiKeyEntrySchema>;
