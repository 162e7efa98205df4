import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staleReason } from '../lib/ensure-built';
import { describeFailure, runProcess } from '../lib/run-process';
import {
  buildOrder,
  listPackages,
  type PackageManifest,
  repoRoot,
  type WorkspacePackage,
} from '../lib/workspace';

const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');

async function fakePackage(): Promise<WorkspacePackage & AsyncDisposable> {
  const path = await mkdtemp(join(tmpdir(), 'callstream-stale-'));
  await mkdir(join(path, 'src'));
  await mkdir(join(path, 'dist'));
  await writeFile(join(path, 'package.json'), '{}');
  await writeFile(join(path, 'src', 'index.ts'), 'export {};');
  await writeFile(join(path, 'dist', 'index.js'), 'export {};');
  // The shared inputs (tsconfig.base.json…) have their checkout time: build "after" them.
  const future = new Date(Date.now() + 60_000);
  await utimes(join(path, 'dist', 'index.js'), future, future);
  const manifest: PackageManifest = { name: '@fake/pkg', version: '0.0.0' };
  return { dir: 'pkg', path, manifest, [Symbol.asyncDispose]: () => rm(path, { recursive: true }) };
}

describe('pnpm demo builds only what changed', () => {
  it('staleReason: fresh after a build, stale once a source is newer, missing dist', async () => {
    await using pkg = await fakePackage();
    expect(staleReason(pkg)).toBeUndefined();
    const later = new Date(Date.now() + 120_000);
    await utimes(join(pkg.path, 'src', 'index.ts'), later, later);
    expect(staleReason(pkg)).toBe('sources changed since the last build');
    await rm(join(pkg.path, 'dist'), { recursive: true });
    expect(staleReason(pkg)).toBe('not built yet');
  });

  it('buildOrder puts every package after the workspace packages it depends on', () => {
    const order = buildOrder(listPackages()).map((pkg) => pkg.manifest.name);
    for (const pkg of listPackages()) {
      for (const dep of Object.keys(pkg.manifest.dependencies ?? {})) {
        if (!order.includes(dep)) continue;
        expect(order.indexOf(dep), `${dep} before ${pkg.manifest.name}`).toBeLessThan(
          order.indexOf(pkg.manifest.name),
        );
      }
    }
  });

  it('after a build, the script says so and builds nothing', async () => {
    // The packaging globalSetup has built every package.
    const result = await runProcess(tsx, [join(repoRoot, 'scripts', 'build-stale.ts')], {
      cwd: repoRoot,
    });
    expect(result.code, describeFailure('build-stale', result)).toBe(0);
    expect(result.stderr).toContain('[build] every package is up to date');
  });
});
