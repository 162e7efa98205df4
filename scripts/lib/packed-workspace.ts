import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pnpmCommand } from './pnpm';
import { describeFailure, runProcess } from './run-process';
import { repoRoot, type WorkspacePackage } from './workspace';

/** Every workspace package packed with `pnpm pack` and installed into a throw-away project. */
export interface PackedWorkspace extends AsyncDisposable {
  /** Root of the consumer project (has `node_modules/`). */
  readonly consumerDir: string;
  /** Tarball path per package folder name (`ws` → …/callstream-ws-0.1.0.tgz). */
  readonly tarballs: ReadonlyMap<string, string>;
  /** Where each package was unpacked inside the consumer's `node_modules`. */
  readonly installed: ReadonlyMap<string, string>;
}

/** The file `pnpm pack` writes for a package: `@callstream/core` 0.1.0 → `callstream-core-0.1.0.tgz`. */
export function tarballName(pkg: WorkspacePackage): string {
  return `${pkg.manifest.name.replace('@', '').replace('/', '-')}-${pkg.manifest.version}.tgz`;
}

/**
 * Packs every package under `packages/` with `pnpm pack` into `dir`, which rewrites
 * `workspace:*` ranges to real versions exactly as a publish would.
 * @returns the file names written.
 */
export async function packTarballs(dir: string): Promise<string[]> {
  const pnpm = pnpmCommand();
  const packed = await runProcess(
    pnpm.command,
    [...pnpm.args, '-r', '--filter', './packages/*', 'pack', '--pack-destination', dir],
    { cwd: repoRoot, env: { NPM_CONFIG_LOGLEVEL: 'error' }, timeoutMs: 180_000 },
  );
  if (packed.code !== 0) throw new Error(describeFailure('pnpm pack', packed));
  return (await readdir(dir)).filter((name) => name.endsWith('.tgz'));
}

/**
 * Packs all packages with pnpm (which rewrites `workspace:*` to real versions, as a publish
 * would), then "installs" them without network: each tarball is unpacked into
 * `node_modules/<name>` and third-party dependencies are linked to the copies pnpm already
 * installed for the workspace.
 */
export async function packWorkspace(
  packages: readonly WorkspacePackage[],
): Promise<PackedWorkspace> {
  const root = await mkdtemp(join(tmpdir(), 'callstream-packed-'));
  const dispose = () => rm(root, { recursive: true, force: true });
  try {
    const tarballDir = join(root, 'tarballs');
    const consumerDir = join(root, 'consumer');
    await mkdir(tarballDir);
    await mkdir(join(consumerDir, 'node_modules'), { recursive: true });

    const files = await packTarballs(tarballDir);

    const tarballs = new Map<string, string>();
    const installed = new Map<string, string>();
    const linked = new Set<string>();
    for (const pkg of packages) {
      const file = tarballName(pkg);
      if (!files.includes(file))
        throw new Error(`pnpm pack produced no tarball for ${pkg.manifest.name}`);
      const tarball = join(tarballDir, file);
      const target = join(consumerDir, 'node_modules', ...pkg.manifest.name.split('/'));
      await mkdir(target, { recursive: true });
      const untar = await runProcess(
        'tar',
        ['-xzf', tarball, '-C', target, '--strip-components=1'],
        {
          cwd: root,
        },
      );
      if (untar.code !== 0) throw new Error(describeFailure(`unpacking ${file}`, untar));
      tarballs.set(pkg.dir, tarball);
      installed.set(pkg.dir, target);

      for (const dep of Object.keys(pkg.manifest.dependencies ?? {})) {
        if (dep.startsWith('@callstream/') || linked.has(dep)) continue;
        const source = join(pkg.path, 'node_modules', dep);
        if (!existsSync(source)) {
          throw new Error(
            `${pkg.manifest.name}: dependency ${dep} is not installed (run pnpm install)`,
          );
        }
        const link = join(consumerDir, 'node_modules', ...dep.split('/'));
        await mkdir(join(link, '..'), { recursive: true });
        await symlink(await realpath(source), link, 'dir');
        linked.add(dep);
      }
    }
    return { consumerDir, tarballs, installed, [Symbol.asyncDispose]: dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
