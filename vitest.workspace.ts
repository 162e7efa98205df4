import { defineWorkspace } from 'vitest/config';
import { chromiumArgs, chromiumPath, hasChromium } from './scripts/chromium';
import { sourceAliases } from './vitest.shared';

if (!hasChromium) {
  console.log(
    `[callstream] browser project skipped: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
}

const browserProject = {
  resolve: { alias: sourceAliases },
  test: {
    name: 'browser',
    include: [
      'packages/*/test/**/*.browser.test.ts',
      'examples/*/test/**/*.browser.test.ts',
      'scripts/test/**/*.browser.test.ts',
    ],
    // The ws build first: browser tests resolve @callstream/ws through its built exports map.
    globalSetup: ['./scripts/ws-build.global-setup.ts', './scripts/browser-global-setup.ts'],
    browser: {
      enabled: true,
      provider: 'playwright',
      headless: true,
      screenshotFailures: false,
      instances: [
        {
          browser: 'chromium' as const,
          launch: {
            executablePath: chromiumPath,
            args: [...chromiumArgs],
          },
        },
      ],
    },
  },
};

export default defineWorkspace([
  'packages/*/vitest.config.ts',
  'scripts/packaging/vitest.config.ts',
  'examples/*/vitest.config.ts',
  'tests/*/vitest.config.ts',
  ...(hasChromium ? [browserProject] : []),
]);
