import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Tests import sibling packages from source, so a change in one package is seen by the others'
 * tests without a rebuild. `@callstream/ws` is deliberately absent: its whole point is the
 * `exports` conditions of its built package, so it always resolves like a user's install.
 */
export const sourceAliases = {
  '@callstream/transport': here('./packages/transport/src/index.ts'),
  '@callstream/core': here('./packages/core/src/index.ts'),
  '@callstream/emulator': here('./packages/emulator/src/index.ts'),
};
