import { defineConfig } from 'tsup';

const shared = {
  entry: ['src/index.ts', 'src/node.ts'],
  dts: true,
  sourcemap: true,
  target: 'es2022',
} as const;

export default defineConfig([
  // ESM keeps nanoid external so bundlers pick its browser build through its own `exports`.
  { ...shared, format: ['esm'] },
  // nanoid 5 is ESM-only, so the CommonJS build bundles it, in its browser variant
  // (`crypto.getRandomValues`), as @callstream/core does: a CommonJS `require` of this package
  // bundled for a browser must not pull in Node's `crypto`.
  {
    ...shared,
    format: ['cjs'],
    noExternal: ['nanoid'],
    esbuildOptions(options) {
      options.conditions = ['browser'];
    },
  },
]);
