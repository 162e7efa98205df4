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
  // nanoid 5 is ESM-only: bundle it into the CommonJS build so `require()` works everywhere.
  { ...shared, format: ['cjs'], noExternal: ['nanoid'] },
]);
