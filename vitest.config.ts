import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'coverage/**', '.data/**', 'scratch/**'],
    // One PostgreSQL cluster and one prepared PGlite dump per run; each test file opens its own copy.
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    // beforeAll/afterAll start and stop databases and apps
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
