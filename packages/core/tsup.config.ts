import { defineConfig } from 'tsup';

const shared = {
  entry: ['src/index.ts', 'src/engine.ts'],
  dts: true,
  sourcemap: true,
  target: 'es2022',
} as const;

export default defineConfig([
  // ESM keeps nanoid external so bundlers pick its browser build through its own `exports`.
  { ...shared, format: ['esm'] },
  // nanoid 5 is ESM-only, so the CommonJS build bundles it. It takes nanoid's browser variant
  // (`crypto.getRandomValues`, global in browsers and in Node >= 19): the Node variant would
  // `require('crypto')` and break a CommonJS `require('@callstream/core')` bundled for a browser.
  {
    ...shared,
    format: ['cjs'],
    noExternal: ['nanoid'],
    esbuildOptions(options) {
      options.conditions = ['browser'];
    },
  },
]);
