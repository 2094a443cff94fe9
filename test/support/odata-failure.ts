import { expect } from 'vitest';
import { ODataError } from '../../src/errors/odata-error.js';

/** The ODataError a promise rejects with (the test fails if it resolves or rejects with anything else). */
export async function odataFailure(promise: Promise<unknown>): Promise<ODataError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ODataError);
  return error as ODataError;
}
