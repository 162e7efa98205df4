import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

/**
 * A plain Vite app. Defaults for the connection come from `VITE_*` variables (see
 * src/env.d.ts); `scripts/serve.ts` sets them for a local emulator.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    // rxjs' ES2015 build is smaller than its default esm5 one (docs: toolchain sizes).
    conditions: [...defaultClientConditions, 'es2015'],
  },
  build: {
    target: 'es2022',
    sourcemap: true,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
