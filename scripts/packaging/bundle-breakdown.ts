/**
 * What each source file contributes to the browser bundle of an app importing `createClient`
 * (the app `browser-bundles.test.ts` budgets): minified bytes, and the gzip bytes the bundle
 * would lose without that file's code. Run after `pnpm build`:
 *
 *   npx tsx scripts/packaging/bundle-breakdown.ts [core|active-call] [--files] [--src]
 *
 * The bundle is built from the workspace's `dist` files exactly as the budget test builds it
 * (esbuild, browser platform, rxjs' `es2015` build, minified); esbuild follows the packages'
 * source maps, so each byte of the output is charged to the TypeScript file it came from.
 * `--src` bundles the packages' TypeScript sources instead (no build needed, within a few
 * hundred bytes of the built result): for iterating on a change.
 */

import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { forbidNodeBuiltins } from '../lib/forbid-node-builtins';

const apps = {
  core: "import { createClient } from '@callstream/core';\nglobalThis.client = createClient;\n",
  'active-call':
    "import { createActiveCallClient } from '@callstream/active-call';\n" +
    'globalThis.client = createActiveCallClient;\n',
} as const;

const packagesDir = fileURLToPath(new URL('../../packages/', import.meta.url));

/** Resolves the workspace packages to their TypeScript entries (what `--src` bundles). */
const fromSources: Plugin = {
  name: 'workspace-sources',
  setup(build) {
    build.onResolve({ filter: /^@callstream\/[a-z-]+(\/[a-z]+)?$/ }, (args) => {
      const [, dir = '', subpath] = /^@callstream\/([a-z-]+)(?:\/([a-z]+))?$/.exec(args.path) ?? [];
      const entry = subpath ?? (dir === 'ws' ? 'browser' : 'index');
      return { path: `${packagesDir}${dir}/src/${entry}.ts` };
    });
  },
};

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes one line of a source map's VLQ `mappings` into [column, source index] pairs. */
function decodeLine(line: string, state: { source: number }): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let column = 0;
  for (const segment of line.split(',')) {
    if (segment === '') continue;
    const fields: number[] = [];
    let value = 0;
    let shift = 0;
    for (const char of segment) {
      const digit = BASE64.indexOf(char);
      value += (digit & 31) << shift;
      if (digit & 32) {
        shift += 5;
        continue;
      }
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
    column += fields[0] ?? 0;
    if (fields.length > 1) {
      state.source += fields[1] ?? 0;
      out.push([column, state.source]);
    } else out.push([column, -1]);
  }
  return out;
}

/** A readable group for a source path: the package and file, or rxjs/tslib as a whole. */
function label(source: string, files: boolean): string {
  const rx = /node_modules\/rxjs\/(?:src|dist\/esm)\/internal\/(.*)\.[jt]s$/.exec(source);
  if (rx) return files ? `rxjs/${rx[1]}` : 'rxjs';
  if (source.includes('node_modules/tslib/')) return 'tslib';
  const pkg = /packages\/([^/]+)\/src\/(.*)\.ts$/.exec(source);
  if (pkg) return `${pkg[1]}/${pkg[2]}`;
  return source.replace(/.*node_modules\//, '');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const app = (args.find((arg) => !arg.startsWith('--')) ?? 'core') as keyof typeof apps;
  const files = args.includes('--files');
  const sources = args.includes('--src');
  const result = await build({
    stdin: { contents: apps[app], resolveDir: `${packagesDir}${app}`, loader: 'js' },
    bundle: true,
    write: false,
    outfile: 'bundle.js',
    platform: 'browser',
    conditions: ['es2015'],
    format: 'esm',
    minify: true,
    sourcemap: 'external',
    logLevel: 'silent',
    plugins: sources ? [fromSources, forbidNodeBuiltins] : [forbidNodeBuiltins],
  });
  const code = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '';
  const mapText = result.outputFiles.find((file) => file.path.endsWith('.map'))?.text ?? '{}';
  const map = JSON.parse(mapText) as { sources: string[]; mappings: string };

  // Charge every output byte to the source of the mapping segment it falls in.
  const owner = new Map<string, number[]>();
  const lines = code.split('\n');
  const state = { source: 0 };
  let offset = 0;
  map.mappings.split(';').forEach((mappingLine, lineIndex) => {
    const text = lines[lineIndex] ?? '';
    const segments = decodeLine(mappingLine, state);
    segments.forEach(([column, source], index) => {
      const end = segments[index + 1]?.[0] ?? text.length;
      const name = source < 0 ? '(glue)' : label(map.sources[source] ?? '?', files);
      const ranges = owner.get(name) ?? [];
      ranges.push(offset + column, offset + end);
      owner.set(name, ranges);
    });
    offset += text.length + 1;
  });

  const total = Buffer.from(code);
  const gzipTotal = gzipSync(total).byteLength;
  const rows = [...owner].map(([name, ranges]) => {
    let bytes = 0;
    const kept: string[] = [];
    let from = 0;
    for (let i = 0; i < ranges.length; i += 2) {
      const start = ranges[i] ?? 0;
      const end = ranges[i + 1] ?? 0;
      bytes += end - start;
      kept.push(code.slice(from, start));
      from = end;
    }
    kept.push(code.slice(from));
    const without = gzipSync(Buffer.from(kept.join(''))).byteLength;
    return { name, bytes, gzip: gzipTotal - without };
  });
  rows.sort((a, b) => b.bytes - a.bytes);
  const kb = (n: number) => (n / 1024).toFixed(1).padStart(6);
  console.log(`app: ${app}  total ${kb(total.byteLength)} KB min, ${kb(gzipTotal)} KB gzip`);
  console.log('  KB min  KB gzip (saved without it)  file');
  for (const row of rows) console.log(`${kb(row.bytes)}  ${kb(row.gzip)}  ${row.name}`);
}

process.stdout.on('error', () => {}); // piped into head: stop quietly
await main();
