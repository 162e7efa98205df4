import type { LaunchOptions } from 'playwright';
import { chromiumArgs, chromiumPath, hasChromium } from '../../../../scripts/chromium';

export { chromiumPath, hasChromium };

/** Same flags as the `browser` project in the root vitest.workspace.ts. */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: chromiumPath,
  headless: true,
  args: [...chromiumArgs],
};
