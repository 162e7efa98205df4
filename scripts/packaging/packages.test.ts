/// <reference path="./provided-context.d.ts" />
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { brokenLinks } from '../lib/markdown';
import { describeFailure, runProcess } from '../lib/run-process';
import {
  listPackages,
  manifestFiles,
  type PackageManifest,
  repoRoot,
  repositoryWebUrl,
  rootManifest,
} from '../lib/workspace';
import { cjsSmoke, esmSmoke, type SmokeReport } from './probes';

const packages = listPackages();
const root = rootManifest();
const rootLicense = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');

function installedManifest(dir: string): PackageManifest & Record<string, unknown> {
  const installed = workspace().installed[dir] ?? '';
  return JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as PackageManifest &
    Record<string, unknown>;
}
const attwCli = join(repoRoot, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');

function workspace() {
  const packed = inject('packagingWorkspace');
  if (!packed.ok) throw new Error(`packing the workspace failed:\n${packed.error}`);
  return packed;
}

async function smoke(kind: 'esm' | 'cjs', name: string): Promise<SmokeReport> {
  const { consumerDir } = workspace();
  const file = join(consumerDir, kind === 'esm' ? 'smoke.mjs' : 'smoke.cjs');
  const result = await runProcess(process.execPath, [file, name], { cwd: consumerDir });
  if (result.code !== 0) throw new Error(describeFailure(`${kind} import of ${name}`, result));
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as SmokeReport;
}

beforeAll(async () => {
  const packed = inject('packagingWorkspace');
  if (!packed.ok) return;
  await writeFile(join(packed.consumerDir, 'smoke.mjs'), esmSmoke);
  await writeFile(join(packed.consumerDir, 'smoke.cjs'), cjsSmoke);
});

describe.each(packages.map((pkg) => [pkg.manifest.name, pkg] as const))('%s', (name, pkg) => {
  // The checks below read the build's output: after a failed build, that one failure says it all.
  const buildFailure = inject('packagingBuildFailures')[pkg.dir];

  it('builds', () => {
    expect(buildFailure).toBeUndefined();
  });

  it.skipIf(buildFailure !== undefined)('ships every file its package.json points at', () => {
    const installed = workspace().installed[pkg.dir] ?? '';
    const manifest = JSON.parse(
      readFileSync(join(installed, 'package.json'), 'utf8'),
    ) as PackageManifest;
    const normalized = manifestFiles(manifest);
    expect(normalized.length).toBeGreaterThan(0);
    expect(normalized.filter((path) => !existsSync(join(installed, path)))).toEqual([]);
  });

  it.skipIf(buildFailure !== undefined)('ships README.md and the root LICENSE', () => {
    const installed = workspace().installed[pkg.dir] ?? '';
    expect(existsSync(join(installed, 'README.md'))).toBe(true);
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toBe(rootLicense);
  });

  it.skipIf(buildFailure !== undefined)(
    'has the metadata a registry page needs: repository, homepage, bugs, keywords, sideEffects',
    () => {
      const manifest = installedManifest(pkg.dir);
      const web = repositoryWebUrl();
      expect(web).toMatch(/^https:\/\//);
      expect(manifest.description ?? '').not.toBe('');
      expect(manifest.keywords?.length ?? 0).toBeGreaterThan(2);
      expect(manifest.license).toBe(root.license);
      expect(manifest.repository).toEqual({
        type: 'git',
        url: root.repository?.url,
        directory: `packages/${pkg.dir}`,
      });
      expect(manifest.homepage).toBe(`${web}/tree/main/packages/${pkg.dir}#readme`);
      expect(manifest.bugs).toEqual(root.bugs);
      expect(typeof manifest.sideEffects === 'boolean' || Array.isArray(manifest.sideEffects)).toBe(
        true,
      );
      expect(manifest.engines?.node).toBe(root.engines?.node);
    },
  );

  it.skipIf(buildFailure !== undefined)(
    'README: what it is, how to install it, an example, links that work from the tarball',
    () => {
      const installed = workspace().installed[pkg.dir] ?? '';
      const readme = readFileSync(join(installed, 'README.md'), 'utf8');
      expect(readme.startsWith(`# ${name}\n`)).toBe(true);
      expect(readme).toMatch(new RegExp(`## Install[\\s\\S]*npm install (-D )?${name}\\b`));
      expect(readme).toMatch(/```ts\n[\s\S]+?```/);
      expect(readme).toContain(`${repositoryWebUrl()}/blob/main/docs/`);
      // Relative links must name files inside the tarball; repository links must exist on main.
      expect(brokenLinks(join(installed, 'README.md'), installed)).toEqual([]);
    },
  );

  // Only packages with a bin get this check (no skipped placeholder for the others).
  if (pkg.manifest.bin !== undefined) {
    it.skipIf(buildFailure !== undefined)(
      '--help of every bin points at documentation that ships or at the repository',
      async () => {
        const installed = workspace().installed[pkg.dir] ?? '';
        const bins =
          typeof pkg.manifest.bin === 'string'
            ? [pkg.manifest.bin]
            : Object.values(pkg.manifest.bin ?? {});
        for (const bin of bins) {
          const result = await runProcess(process.execPath, [join(installed, bin), '--help'], {
            cwd: installed,
          });
          expect(result.code, describeFailure(`${bin} --help`, result)).toBe(0);
          const urls = [...result.stdout.matchAll(/https:\/\/\S+/g)].map((match) => match[0]);
          const text = result.stdout.replace(/https?:\/\/\S+/g, '');
          const files = [...text.matchAll(/[\w./-]+\.md\b/g)].map((match) => match[0]);
          expect(files.length + urls.length, 'it names its documentation').toBeGreaterThan(0);
          for (const file of files.filter((path) => !path.includes('/'))) {
            expect(existsSync(join(installed, file)), `${file} ships`).toBe(true);
          }
          for (const url of urls) {
            expect(url.startsWith(`${repositoryWebUrl()}/blob/main/`), url).toBe(true);
            const path = url.slice(`${repositoryWebUrl()}/blob/main/`.length);
            expect(existsSync(join(repoRoot, path)), `${path} exists in the repository`).toBe(true);
          }
          // A path into the repository (docs/…) would be dead in an installed copy.
          expect(files.filter((path) => path.includes('/'))).toEqual([]);
        }
      },
    );
  }

  it.skipIf(buildFailure !== undefined)('has no workspace: ranges left after pnpm pack', () => {
    const installed = workspace().installed[pkg.dir] ?? '';
    expect(readFileSync(join(installed, 'package.json'), 'utf8')).not.toContain('workspace:');
  });

  it.skipIf(buildFailure !== undefined)('passes publint (errors and warnings)', async () => {
    const installed = workspace().installed[pkg.dir] ?? '';
    // pack: false because the folder IS the unpacked tarball: every file in it is published.
    const { messages, pkg: manifest } = await publint({ pkgDir: installed, pack: false });
    const problems = messages
      .filter((message) => message.type !== 'suggestion')
      .map((message) => `${message.type}: ${formatMessage(message, manifest, { color: false })}`);
    expect(problems).toEqual([]);
  });

  it.skipIf(buildFailure !== undefined)(
    'passes attw --profile strict (node10, node16 CJS/ESM, bundler)',
    async () => {
      const tarball = workspace().tarballs[pkg.dir] ?? '';
      const result = await runProcess(
        process.execPath,
        [attwCli, tarball, '--profile', 'strict', '--format', 'ascii', '--no-color', '--no-emoji'],
        { cwd: repoRoot },
      );
      expect(result.code, describeFailure('attw', result)).toBe(0);
    },
  );

  it.skipIf(buildFailure !== undefined)(
    'loads from the packed tarball with Node ESM import and CJS require alike',
    async () => {
      const { installed } = workspace();
      const [esm, cjs] = await Promise.all([smoke('esm', name), smoke('cjs', name)]);
      const root = (installed[pkg.dir] ?? '') + sep;
      expect(esm.resolved.startsWith(root), esm.resolved).toBe(true);
      expect(cjs.resolved.startsWith(root), cjs.resolved).toBe(true);
      expect(esm.resolved).toMatch(/\.js$/);
      expect(cjs.resolved).toMatch(/\.cjs$/);
      expect(cjs.keys).toEqual(esm.keys);
      if (pkg.dir === 'ws') {
        expect(esm.implementation).toBe('ws');
        expect(cjs.implementation).toBe('ws');
      }
    },
  );
});
