/// <reference path="./provided-context.d.ts" />
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, inject, it } from 'vitest';
import { listBrowserPackages, listPackages, repoRoot } from '../lib/workspace';

/** A failed build is reported once, by packages.test.ts; checks of its output are skipped. */
const buildFailed = (dir: string) => inject('packagingBuildFailures')[dir] !== undefined;

/** What every consumer below shares: strict, and the published `.d.ts` files checked too. */
const strict: ts.CompilerOptions = {
  strict: true,
  skipLibCheck: false,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
};

/** One source file of a consumer project, in a folder of its own with that package `type`. */
interface ConsumerFile {
  readonly folder: string;
  readonly source: string;
  readonly packageType?: 'module' | 'commonjs';
}

/**
 * Type-checks files placed inside the packed install (so the packages resolve exactly as a
 * user's `node_modules` has them) as one program, and returns the diagnostics.
 */
async function typecheck(
  files: readonly ConsumerFile[],
  options: ts.CompilerOptions,
): Promise<string[]> {
  const packed = inject('packagingWorkspace');
  if (!packed.ok) throw new Error(`packing the workspace failed:\n${packed.error}`);
  const roots: string[] = [];
  for (const { folder, source, packageType } of files) {
    const dir = join(packed.consumerDir, 'types', folder);
    await mkdir(dir, { recursive: true });
    if (packageType) {
      await writeFile(join(dir, 'package.json'), JSON.stringify({ type: packageType }));
    }
    roots.push(join(dir, 'index.ts'));
    await writeFile(join(dir, 'index.ts'), source);
  }
  const program = ts.createProgram(roots, options);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const where = diagnostic.file
      ? `${diagnostic.file.fileName.slice(packed.consumerDir.length + 1)}:${
          diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1
        }: `
      : '';
    return `${where}${text}`;
  });
}

/** One file that imports every listed package (one program per setting keeps this fast). */
function importAll(dirs: readonly string[]): string {
  const lines = dirs.map((dir, i) => `import * as api${i} from '@callstream/${dir}';`);
  const names = dirs.map((_, i) => `...Object.keys(api${i})`).join(', ');
  return `${lines.join('\n')}\nexport const names: string[] = [${names}];\n`;
}

/** Packages whose build failed are left out: packages.test.ts reports those. */
const built = (dirs: readonly string[]) => dirs.filter((dir) => !buildFailed(dir));

describe('types of the packed packages', () => {
  it('compile in a browser project: strict, skipLibCheck: false, DOM lib, no @types/node', async () => {
    const dirs = built(listBrowserPackages().map((pkg) => pkg.dir));
    const errors = await typecheck([{ folder: 'browser', source: importAll(dirs) }], {
      ...strict,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: [],
    });
    expect(errors).toEqual([]);
  });

  // One program for both module systems: NodeNext picks `import` (.d.ts) or `require` (.d.cts)
  // types per file from the nearest package.json, and the libs are checked once.
  it('compile in Node ESM and CommonJS projects: strict, skipLibCheck: false, NodeNext', async () => {
    const source = importAll(built(listPackages().map((pkg) => pkg.dir)));
    const errors = await typecheck(
      [
        { folder: 'node-esm', source, packageType: 'module' },
        { folder: 'node-cjs', source, packageType: 'commonjs' },
      ],
      {
        ...strict,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        types: ['node'],
        typeRoots: [join(repoRoot, 'node_modules', '@types')],
      },
    );
    expect(errors).toEqual([]);
    // The official telnyx SDK's declarations are checked too (skipLibCheck: false): about 20 s
    // alone on this 2-core machine, more when the whole suite runs beside it.
  }, 120_000);
});
