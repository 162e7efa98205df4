import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';

const appRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A production build of the dashboard in a temporary folder; `await using` deletes it. */
export interface BuiltApp extends AsyncDisposable {
  readonly outDir: string;
  /** Every JavaScript file of the build, joined (for content checks). */
  readonly code: string;
  /** Minified JavaScript bytes. */
  readonly bytes: number;
  /** The same, gzipped (level 9). */
  readonly gzipBytes: number;
  /** Every module that ended up in the bundle (absolute paths). */
  readonly moduleIds: readonly string[];
  remove(): Promise<void>;
}

/**
 * Runs `vite build` with the app's own vite.config.ts into a temp folder. No `VITE_*` defaults
 * are baked in: the test passes the connection settings in the page URL.
 */
export async function buildApp(): Promise<BuiltApp> {
  const outDir = await mkdtemp(join(tmpdir(), 'callstream-dashboard-'));
  const result = await build({
    configFile: join(appRoot, 'vite.config.ts'),
    root: appRoot,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunks = outputs
    .flatMap((output) => output.output)
    .filter((item): item is Rollup.OutputChunk => item.type === 'chunk');
  const assets = join(outDir, 'assets');
  const jsFiles = (await readdir(assets)).filter((name) => name.endsWith('.js'));
  const contents = await Promise.all(jsFiles.map((name) => readFile(join(assets, name))));
  const all = Buffer.concat(contents);
  const remove = () => rm(outDir, { recursive: true, force: true });
  return {
    outDir,
    code: all.toString('utf8'),
    bytes: all.byteLength,
    gzipBytes: gzipSync(all, { level: 9 }).byteLength,
    moduleIds: chunks.flatMap((chunk) => chunk.moduleIds),
    remove,
    [Symbol.asyncDispose]: remove,
  };
}
