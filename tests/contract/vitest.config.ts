import { defineProject } from 'vitest/config';
import { sourceAliases } from '../../vitest.shared';

export default defineProject({
  resolve: { alias: sourceAliases },
  test: {
    name: 'contract',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // The exit check spawns a child process (tsx start-up included).
    testTimeout: 20_000,
  },
});
