import { expect } from 'vitest';
import { ODataError } from '../../../src/errors/odata-error.js';

/** Runs `parse` and returns the `ODataError` it throws (fails the test if it throws nothing else). */
export function parseFailure(parse: () => unknown): ODataError {
  try {
    parse();
  } catch (error) {
    if (error instanceof ODataError) return error;
    throw error;
  }
  return expect.unreachable('expected an ODataError');
}

/** Asserts status 400, the code, and (when given) the target and the position named in the message. */
export function expectRejected(parse: () => unknown, code: string, pos?: number, target?: string): void {
  const error = parseFailure(parse);
  expect(error.status).toBe(400);
  expect(error.code).toBe(code);
  if (pos !== undefined) expect(error.message).toContain(`at position ${pos}:`);
  if (target !== undefined) expect(error.target).toBe(target);
}
