import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as CoreModule from '../../packages/core/src/index';
import type * as TransportModule from '../../packages/transport/src/index';

/** The built packages under test: what users install, not the sources. */
export interface Packages {
  readonly core: typeof CoreModule;
  readonly transport: typeof TransportModule;
}

/**
 * Imports the ESM build of `packages/<dir>` (`dist/index.js`); fails with a hint when it was not
 * built. Backend sections load their package with it.
 */
export async function loadBuilt<T>(dir: string): Promise<T> {
  const url = new URL(`../../packages/${dir}/dist/index.js`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) {
    throw new Error(
      `packages/${dir}/dist is missing: run \`pnpm build\` first (\`pnpm bench\` does).`,
    );
  }
  return (await import(url.href)) as T;
}

/** Imports the ESM builds of @callstream/core and @callstream/transport. */
export async function loadPackages(): Promise<Packages> {
  const [core, transport] = await Promise.all([
    loadBuilt<typeof CoreModule>('core'),
    loadBuilt<typeof TransportModule>('transport'),
  ]);
  return { core, transport };
}
