import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/node.ts', 'src/browser.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  external: ['isomorphic-ws', 'ws'],
});
