import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The pnpm version the repository pins (root `packageManager`). */
export const PNPM_VERSION = '10.34.9';

/**
 * How to invoke pnpm: the `pnpm` on PATH when there is one (always the case inside
 * `pnpm test`), else the pinned version through npx, so a bare `npx vitest run` also works on
 * a machine without a global pnpm.
 */
export function pnpmCommand(): { command: string; args: string[] } {
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && existsSync(join(dir, 'pnpm')));
  return onPath
    ? { command: 'pnpm', args: [] }
    : { command: 'npx', args: ['-y', `pnpm@${PNPM_VERSION}`] };
}
