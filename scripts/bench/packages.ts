import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as CoreModule from '../../packages/core/src/index';
import type * as TransportModule from '../../packages/transport/src/index';

/** The built packages under test: what users install, not the sources. */
export interface Packages {
  readonly core: typeof CoreModule;
  readonly transport: typeof TransportModule;
}

function distEntry(name: string): string {
  const url = new URL(`../../packages/${name}/dist/index.js`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) {
    throw new Error(
      `packages/${name}/dist is missing: run \`pnpm build\` first (\`pnpm bench\` does).`,
    );
  }
  return url.href;
}

/** Imports the ESM builds of @callstream/core and @callstream/transport. */
export async function loadPackages(): Promise<Packages> {
  const [core, transport] = await Promise.all([
    import(distEntry('core')) as Promise<typeof CoreModule>,
    import(distEntry('transport')) as Promise<typeof TransportModule>,
  ]);
  return { core, transport };
}
