import { defineProject } from 'vitest/config';
import { sourceAliases } from '../../vitest.shared';

export default defineProject({
  resolve: { alias: sourceAliases },
  test: {
    name: 'transport',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.browser.test.ts'],
    // @callstream/ws resolves to its built dist/ (export conditions); refresh it when stale.
    globalSetup: ['../../scripts/ws-build.global-setup.ts'],
  },
});
