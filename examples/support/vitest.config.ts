import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'example-support', environment: 'node', include: ['test/**/*.test.ts'] },
});
