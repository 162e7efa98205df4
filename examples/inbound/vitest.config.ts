import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'example-inbound', environment: 'node', include: ['test/**/*.test.ts'] },
});
