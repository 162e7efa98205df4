import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'example-connect', environment: 'node', include: ['test/**/*.test.ts'] },
});
