import { existsSync } from 'node:fs';

/** Debian's Chromium; override with CHROMIUM_PATH. Playwright downloads no browser here. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether a Chromium executable is there; browser tests are skipped with a reason when not. */
export const hasChromium = existsSync(chromiumPath);

/**
 * Flags every headless Chromium run here needs: no sandbox as root, and no background
 * networking (this machine's closed network refuses it, many connections at a time).
 */
export const chromiumArgs: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
