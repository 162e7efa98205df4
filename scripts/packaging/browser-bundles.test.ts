/// <reference path="./provided-context.d.ts" />
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, inject, it } from 'vitest';
import { forbidNodeBuiltins } from '../lib/forbid-node-builtins';
import { listBrowserPackages } from '../lib/workspace';

/** The packages that must run in a browser, by folder. */
const browserPackages = listBrowserPackages().map((pkg) => pkg.dir);

/** A failed build is reported once, by packages.test.ts; checks of its output are skipped. */
const buildFailed = (dir: string) => inject('packagingBuildFailures')[dir] !== undefined;

/**
 * Budget for the browser bundle of everything `@callstream/core` exports (rxjs, transport and
 * nanoid included). Measured at 66.6 KB min / 21.4 KB gzip when set: the budget catches growth,
 * it is not a target.
 */
// The engine split (one engine under every backend) added about 7 KB min; issue 12 brings the
// bundle of an app importing createClient down to 16 KB gzip and replaces these numbers.
// Raised from 76 / 25 KB for issue 11: checking every option and argument of every command up
// front (with messages that say what is wrong), strict reply shapes and late accepts cost ~8 KB
// min / 2.7 KB gzip (measured 75.2 → 83.2 KB min, 24.6 → 27.3 KB gzip).
const CORE_BUDGET_BYTES = 84 * 1024;
const CORE_GZIP_BUDGET_BYTES = 28 * 1024;

/** How the app reaches the package: an ES `import`, or a CommonJS `require()` (the `require` export). */
type ModuleSyntax = 'import' | 'require';

const entryFor: Record<ModuleSyntax, (name: string) => string> = {
  import: (name) => `export * from '${name}';\n`,
  require: (name) => `module.exports = require('${name}');\n`,
};

/**
 * Bundles the whole package as a browser app would (from the packed install), with rxjs'
 * ES2015 build selected by the `es2015` condition, as toolchain.md recommends.
 */
async function browserBundle(name: string, syntax: ModuleSyntax = 'import') {
  const packed = inject('packagingWorkspace');
  if (!packed.ok) throw new Error(`packing the workspace failed:\n${packed.error}`);
  const result = await build({
    stdin: { contents: entryFor[syntax](name), resolveDir: packed.consumerDir, loader: 'js' },
    bundle: true,
    write: false,
    platform: 'browser',
    conditions: ['es2015'],
    format: 'esm',
    minify: true,
    metafile: true,
    logLevel: 'silent',
    plugins: [forbidNodeBuiltins],
  });
  const output = Object.values(result.metafile.outputs)[0];
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return {
    text: new TextDecoder().decode(code),
    bytes: code.byteLength,
    gzipBytes: gzipSync(code).byteLength,
    exports: output?.exports ?? [],
    inputs: Object.keys(result.metafile.inputs),
  };
}

describe.each(browserPackages)('@callstream/%s in a browser bundle', (dir) => {
  it.skipIf(buildFailed(dir))('bundles with node builtins forbidden and without ws', async () => {
    const bundle = await browserBundle(`@callstream/${dir}`);
    expect(
      bundle.inputs.filter((input) => /node_modules\/(ws|isomorphic-ws)\//.test(input)),
    ).toEqual([]);
    expect(bundle.text).not.toMatch(/require\(|node:/);
  });

  // The CommonJS files are what `require()` in a browser app (webpack, esbuild, Vite's CJS
  // interop) bundles: they must be as browser-safe as the ESM ones (nanoid's Node variant
  // inlined into core's CJS build used to pull in `crypto`).
  it.skipIf(buildFailed(dir))(
    'bundles through require() (the CommonJS build) with node builtins forbidden and without ws',
    async () => {
      const bundle = await browserBundle(`@callstream/${dir}`, 'require');
      expect(bundle.inputs.some((input) => input.endsWith('.cjs'))).toBe(true);
      expect(
        bundle.inputs.filter((input) => /node_modules\/(ws|isomorphic-ws)\//.test(input)),
      ).toEqual([]);
      expect(bundle.text).not.toMatch(/node:|require\(["']crypto["']\)/);
    },
  );
});

describe('@callstream/core browser size budget', () => {
  it.skipIf(buildFailed('core'))(
    `stays under ${CORE_BUDGET_BYTES / 1024} KB min`,
    async (context) => {
      const bundle = await browserBundle('@callstream/core');
      if (bundle.exports.length === 0) {
        console.log('[packaging] core budget skipped: @callstream/core exports nothing yet');
        context.skip();
      }
      console.log(
        `[packaging] @callstream/core browser bundle: ${(bundle.bytes / 1024).toFixed(1)} KB min, ` +
          `${(bundle.gzipBytes / 1024).toFixed(1)} KB gzip (${bundle.exports.length} exports)`,
      );
      const rxjs = bundle.inputs.filter((input) => input.includes('node_modules/rxjs/'));
      expect(rxjs.filter((input) => input.includes('/dist/esm5/'))).toEqual([]);
      expect(bundle.bytes).toBeLessThanOrEqual(CORE_BUDGET_BYTES);
      expect(bundle.gzipBytes).toBeLessThanOrEqual(CORE_GZIP_BUDGET_BYTES);
    },
  );
});
