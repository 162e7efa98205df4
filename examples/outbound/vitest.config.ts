import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'example-outbound', environment: 'node', include: ['test/**/*.test.ts'] },
});
