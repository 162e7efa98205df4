import { existsSync } from 'node:fs';
import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';
import type { SampleProgram } from './doc-samples';
import { forbidNodeBuiltins } from './forbid-node-builtins';
import { repoRoot } from './workspace';

/** Packages a sample may import beyond what the packed callstream packages bring. */
export const SAMPLE_EXTRAS: readonly string[] = [
  'vitest',
  'vite',
  'pino',
  'ws',
  'telnyx',
  'express',
  'fastify',
  '@types/express',
  '@types/node',
  '@types/ws',
];

/** Links {@link SAMPLE_EXTRAS} from the repository's install into a consumer's node_modules. */
export async function linkSampleExtras(consumerDir: string): Promise<void> {
  for (const name of SAMPLE_EXTRAS) {
    const link = join(consumerDir, 'node_modules', ...name.split('/'));
    if (existsSync(link)) continue;
    await mkdir(dirname(link), { recursive: true });
    await symlink(await realpath(join(repoRoot, 'node_modules', ...name.split('/'))), link, 'dir');
  }
}

/** A program written to disk: its source file and, once compiled, what `node` runs. */
export interface WrittenProgram {
  readonly program: SampleProgram;
  /** The file the reader would have: `.mts`, `.cts`, `.test.mts`, `.ts` (browser), `.mjs`, `.cjs`. */
  readonly source: string;
  /** What runs: the compiled `.mjs`/`.cjs` for Node, the source for the browser. */
  readonly runnable: string;
}

function baseName(program: SampleProgram): string {
  return program.id.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function extensions(program: SampleProgram): { source: string; runnable: string } {
  if (program.mode === 'browser') return { source: '.ts', runnable: '.ts' };
  if (!program.typescript) {
    const ext = program.mode === 'cjs' ? '.cjs' : '.mjs';
    return { source: ext, runnable: ext };
  }
  if (program.mode === 'cjs') return { source: '.cts', runnable: '.cjs' };
  if (program.mode === 'vitest') return { source: '.test.mts', runnable: '.test.mjs' };
  return { source: '.mts', runnable: '.mjs' };
}

/** Writes every program as a file of `dir` (Node ones under `src/`, browser ones under `browser/`). */
export async function writePrograms(
  dir: string,
  programs: readonly SampleProgram[],
): Promise<WrittenProgram[]> {
  const written: WrittenProgram[] = [];
  for (const program of programs) {
    const ext = extensions(program);
    const folder = program.mode === 'browser' ? 'browser' : 'src';
    const source = join(dir, folder, `${baseName(program)}${ext.source}`);
    // TypeScript emits into out/; JavaScript runs as written, from the same folder.
    const runnable =
      program.mode === 'browser' ? source : join(dir, 'out', `${baseName(program)}${ext.runnable}`);
    await mkdir(dirname(source), { recursive: true });
    await writeFile(source, program.source);
    if (!program.typescript && program.mode !== 'browser') {
      await mkdir(dirname(runnable), { recursive: true });
      await writeFile(runnable, program.source);
    }
    written.push({ program, source, runnable });
  }
  return written;
}

/** The strictness every sample is held to: what this repository itself compiles with. */
const strictness: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  target: ts.ScriptTarget.ES2022,
  skipLibCheck: true,
};

function describeDiagnostic(diagnostic: ts.Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file) return text;
  const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  return `line ${line + 1} of the program: ${text}`;
}

/**
 * Type-checks and compiles the TypeScript programs: Node ones with NodeNext (ESM `.mts`,
 * CommonJS `.cts`) and `@types/node`, emitting into `out/`; browser ones with the DOM library,
 * Vite's client types and no `@types/node`. Returns the diagnostics per source file.
 */
export function compilePrograms(
  dir: string,
  written: readonly WrittenProgram[],
): Map<string, string[]> {
  const diagnostics = new Map<string, string[]>();
  const collect = (program: ts.Program, all: readonly ts.Diagnostic[]) => {
    for (const file of program.getRootFileNames()) diagnostics.set(file, []);
    for (const diagnostic of all) {
      const file = diagnostic.file?.fileName ?? '';
      const list = diagnostics.get(file) ?? [];
      list.push(describeDiagnostic(diagnostic));
      // A problem outside the samples (a .d.ts) is charged to every sample of the program.
      if (!diagnostics.has(file)) {
        for (const root of program.getRootFileNames())
          diagnostics.get(root)?.push(list.at(-1) ?? '');
      } else {
        diagnostics.set(file, list);
      }
    }
  };

  const nodeRoots = written
    .filter((entry) => entry.program.typescript && entry.program.mode !== 'browser')
    .map((entry) => entry.source);
  if (nodeRoots.length > 0) {
    const program = ts.createProgram(nodeRoots, {
      ...strictness,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
      rootDir: join(dir, 'src'),
      outDir: join(dir, 'out'),
    });
    const emitted = program.emit();
    collect(program, [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics]);
  }

  const browserRoots = written
    .filter((entry) => entry.program.mode === 'browser')
    .map((entry) => entry.source);
  if (browserRoots.length > 0) {
    const program = ts.createProgram(browserRoots, {
      ...strictness,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: ['vite/client'],
      noEmit: true,
    });
    collect(program, ts.getPreEmitDiagnostics(program));
  }
  return diagnostics;
}

/** What a browser sample needs from its page: where the Call Manager is, and a token backend. */
export interface BrowserSettings {
  readonly cmUrl: string;
  readonly token: string;
  readonly appId: string;
}

/** A page serving one bundled browser sample; `await using` stops the server. */
export interface SamplePage extends AsyncDisposable {
  readonly url: string;
}

/**
 * Bundles a browser sample as Vite would (browser conditions, Node builtins forbidden,
 * `import.meta.env.VITE_*` replaced) and serves it on 127.0.0.1 with `/api/cm-token`, the
 * "backend" the production recipe fetches its token from.
 */
export async function serveBrowserSample(
  entry: string,
  settings: BrowserSettings,
): Promise<SamplePage> {
  const env = {
    VITE_CM_URL: settings.cmUrl,
    VITE_CM_TOKEN: settings.token,
    VITE_APPID: settings.appId,
  };
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    logLevel: 'silent',
    plugins: [forbidNodeBuiltins],
    define: Object.fromEntries(
      Object.entries(env).map(([key, value]) => [`import.meta.env.${key}`, JSON.stringify(value)]),
    ),
  });
  const code = result.outputFiles[0]?.text ?? '';
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><title>sample</title></head>' +
    '<body><script type="module" src="/main.js"></script></body></html>';
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/') response.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else if (path === '/main.js')
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
    else if (path === '/api/cm-token')
      response.writeHead(200, { 'content-type': 'text/plain' }).end(settings.token);
    else if (path === '/favicon.ico') response.writeHead(204).end();
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    [Symbol.asyncDispose]: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
