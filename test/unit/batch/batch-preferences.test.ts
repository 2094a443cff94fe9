import { describe, expect, it } from 'vitest';
import { continueOnErrorOf } from '../../../src/batch/batch-preferences.js';

describe('continueOnErrorOf', () => {
  it.each([
    [undefined, undefined],
    ['return=minimal', undefined],
    ['odata.continue-on-error', { value: true, applied: 'odata.continue-on-error' }],
    ['Odata.Continue-On-Error', { value: true, applied: 'odata.continue-on-error' }],
    ['odata.continue-on-error=true', { value: true, applied: 'odata.continue-on-error' }],
    ['odata.continue-on-error=false', { value: false, applied: 'odata.continue-on-error=false' }],
    ['continue-on-error', { value: true, applied: 'continue-on-error' }],
    ['continue-on-error="FALSE"', { value: false, applied: 'continue-on-error=false' }],
    ['return=minimal, odata.continue-on-error; x=1', { value: true, applied: 'odata.continue-on-error' }],
    ['odata.continue-on-error=false, continue-on-error', { value: true, applied: 'continue-on-error' }],
    ['odata.continue-on-error=maybe', undefined],
    ['odata.callback; url="http://x/a,b", odata.continue-on-error', { value: true, applied: 'odata.continue-on-error' }],
  ])('%s', (prefer, expected) => {
    expect(continueOnErrorOf(prefer)).toEqual(expected);
  });
});
