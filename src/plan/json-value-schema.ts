import { z } from 'zod';
import { isJsonNumber, type JsonNumber } from '../parse/parse-json-body.js';

/**
 * The zod parts every write-value schema starts from: the JSON kinds a value may arrive as (see
 * `parse/parse-json-body.ts`), with messages that say what was expected and never repeat the value.
 * Messages are predicates of the property: `'price' must be a decimal number`.
 */

/** The message for a value of the wrong JSON kind, or for `null` where the property allows none. */
export function expecting(expected: string): { readonly error: (issue: { readonly input?: unknown }) => string } {
  return { error: (issue) => (issue.input === null ? 'must not be null' : `must be ${expected}`) };
}

/** A JSON string. */
export function jsonString(expected: string): z.ZodType<string> {
  return z.string(expecting(expected));
}

/** The text of a JSON number, or also of a JSON string when `strings` (IEEE754Compatible clients send Int64 and Decimal so). */
export function jsonNumberText(expected: string, strings: boolean): z.ZodType<string> {
  return z
    .custom<JsonNumber | string>((input) => isJsonNumber(input) || (strings && typeof input === 'string'), expecting(expected))
    .transform((input) => (typeof input === 'string' ? input : input.text));
}

/** Records a problem from inside a transform; the transform returns what this returns. */
export function reject(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
}
