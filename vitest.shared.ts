import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Tests import sibling packages from source, so a change in one package is seen by the others'
 * tests without a rebuild (exact matches only, so `@callstream/core/engine` gets its own entry). `@callstream/ws` is deliberately absent: its whole point is the
 * `exports` conditions of its built package, so it always resolves like a user's install.
 */
export const sourceAliases = [
  { find: /^@callstream\/transport$/, replacement: here('./packages/transport/src/index.ts') },
  { find: /^@callstream\/core$/, replacement: here('./packages/core/src/index.ts') },
  { find: /^@callstream\/core\/engine$/, replacement: here('./packages/core/src/engine.ts') },
  { find: /^@callstream\/emulator$/, replacement: here('./packages/emulator/src/index.ts') },
  { find: /^@callstream\/telnyx$/, replacement: here('./packages/telnyx/src/index.ts') },
];
