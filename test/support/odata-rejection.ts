import { expect } from 'vitest';
import { ODataError } from '../../src/errors/odata-error.js';

/** The ODataError `run` throws; fails the test when it throws something else or nothing. */
export function rejectionOf(run: () => unknown): ODataError {
  try {
    run();
  } catch (error) {
    if (error instanceof ODataError) return error;
    throw error;
  }
  return expect.unreachable('expected an ODataError');
}
