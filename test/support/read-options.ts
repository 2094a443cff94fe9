import type { ReadOptions } from '../../src/plan/read-options.js';

/** Read options as a plain request gets them: minimal metadata, pages of 100 (at most 1,000), a fixed skiptoken secret, no change tracking asked for. */
export const testReadOptions: ReadOptions = {
  metadata: 'minimal',
  ieee754Compatible: false,
  maxPageSizePreference: undefined,
  defaultPageSize: 100,
  maxPageSize: 1000,
  skipTokenSecret: 'test-secret-test-secret-test-secret',
  tracking: { requested: false, retentionMs: 7 * 86_400_000, now: Date.parse('2026-01-01T00:00:00Z'), v401: false },
};
