import { defineProject } from 'vitest/config';
import { sourceAliases } from '../../vitest.shared';

export default defineProject({
  resolve: { alias: sourceAliases },
  test: {
    name: 'example-voice-bot',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // Whole-program tests spawn the example (tsx startup included); generous under a loaded CI.
    testTimeout: 20_000,
  },
});
