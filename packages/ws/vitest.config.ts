import { defineProject } from 'vitest/config';
import { sourceAliases } from '../../vitest.shared';

export default defineProject({
  resolve: { alias: sourceAliases },
  test: {
    name: 'ws',
    environment: 'node',
    // Each resolution test starts Node child processes; a loaded 2-core machine needs time.
    testTimeout: 30_000,
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.browser.test.ts'],
    // The tests run the BUILT package through its exports map; refresh dist/ when stale.
    globalSetup: ['../../scripts/ws-build.global-setup.ts'],
  },
});
