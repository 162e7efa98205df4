import { defineConfig } from 'tsup';

const shared = { sourcemap: true, target: 'es2022' } as const;

export default defineConfig([
  { ...shared, entry: ['src/index.ts'], format: ['esm', 'cjs'], dts: true },
  // The CLI is a program, not an API: one ESM file, no types.
  { ...shared, entry: ['src/cli.ts'], format: ['esm'], dts: false },
]);
