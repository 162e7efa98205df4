import { defineProject } from 'vitest/config';

/**
 * Unit tests of the pure modules and the browser end-to-end test. The app resolves
 * `@callstream/core` through its built `dist/`, like a user's install; the global setup
 * rebuilds the packages it needs when their build is stale.
 */
export default defineProject({
  test: {
    name: 'example-dashboard',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.browser.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
