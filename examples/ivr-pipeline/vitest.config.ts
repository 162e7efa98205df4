import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'example-ivr-pipeline', environment: 'node', include: ['test/**/*.test.ts'] },
});
