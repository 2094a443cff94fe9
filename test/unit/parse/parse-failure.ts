import { expect } from 'vitest';
import { rejectionOf } from '../../support/odata-rejection.js';

/** Asserts status 400, the code, and (when given) the target and the position named in the message. */
export function expectRejected(parse: () => unknown, code: string, pos?: number, target?: string): void {
  const error = rejectionOf(parse);
  expect(error.status).toBe(400);
  expect(error.code).toBe(code);
  if (pos !== undefined) expect(error.message).toContain(`at position ${pos}:`);
  if (target !== undefined) expect(error.target).toBe(target);
}
