import type { ReadOptions } from '../../src/plan/read-options.js';

/** Read options as a plain request gets them: minimal metadata, pages of 100 (at most 1,000), a fixed skiptoken secret. */
export const testReadOptions: ReadOptions = {
  metadata: 'minimal',
  ieee754Compatible: false,
  maxPageSizePreference: undefined,
  defaultPageSize: 100,
  maxPageSize: 1000,
  skipTokenSecret: 'test-secret-test-secret-test-secret',
};
