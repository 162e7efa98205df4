import { defineProject } from 'vitest/config';

/**
 * Checks what users install rather than the sources: every package is built (if stale),
 * packed with pnpm, linted with publint and attw, and imported from a throw-away project.
 */
export default defineProject({
  test: {
    name: 'packaging',
    environment: 'node',
    include: ['**/*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 300_000,
  },
});
