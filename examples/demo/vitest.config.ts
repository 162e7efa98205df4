import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-demo',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // Whole-program tests spawn the example (tsx startup included); generous under a loaded CI.
    testTimeout: 30_000,
  },
});
