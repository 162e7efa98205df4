/// <reference path="./provided-context.d.ts" />
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { startLocalRegistry } from '../lib/local-registry';
import { pnpmCommand } from '../lib/pnpm';
import { describeFailure, runProcess } from '../lib/run-process';
import { listPackages, type PackageManifest, repoRoot } from '../lib/workspace';

const packages = listPackages();
const changesetBin = join(repoRoot, 'node_modules', '@changesets', 'cli', 'bin.js');
const anyBuildFailed = () => Object.keys(inject('packagingBuildFailures')).length > 0;

/**
 * A copy of the workspace's manifests and changeset config (no sources), so `changeset version`
 * can rewrite versions and changelogs without touching the repository.
 */
async function scratchWorkspace(): Promise<{ dir: string } & AsyncDisposable> {
  const dir = await mkdtemp(join(tmpdir(), 'callstream-changeset-'));
  await cp(join(repoRoot, '.changeset'), join(dir, '.changeset'), { recursive: true });
  for (const file of ['package.json', 'pnpm-workspace.yaml']) {
    await cp(join(repoRoot, file), join(dir, file));
  }
  for (const pkg of packages) {
    await mkdir(join(dir, 'packages', pkg.dir), { recursive: true });
    await cp(join(pkg.path, 'package.json'), join(dir, 'packages', pkg.dir, 'package.json'));
  }
  // The changelog generator is resolved from the project, as in the repository.
  await symlink(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { dir, [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }) };
}

describe('release flow (changesets)', () => {
  it('changeset version bumps the named package, its dependents, and writes changelogs', async () => {
    await using scratch = await scratchWorkspace();
    const { dir } = scratch;
    await writeFile(
      join(dir, '.changeset', 'brave-tests-sing.md'),
      "---\n'@callstream/transport': minor\n---\n\nA new transport option.\n",
    );
    const result = await runProcess(process.execPath, [changesetBin, 'version'], { cwd: dir });
    expect(result.code, describeFailure('changeset version', result)).toBe(0);

    const read = (pkgDir: string) =>
      JSON.parse(
        readFileSync(join(dir, 'packages', pkgDir, 'package.json'), 'utf8'),
      ) as PackageManifest;
    const transport = packages.find((pkg) => pkg.dir === 'transport');
    expect(transport).toBeDefined();
    const [major = 0, minor = 0] = (transport?.manifest.version ?? '').split('.').map(Number);
    expect(read('transport').version).toBe(`${major}.${minor + 1}.0`);
    const changelog = readFileSync(join(dir, 'packages', 'transport', 'CHANGELOG.md'), 'utf8');
    expect(changelog).toContain('A new transport option.');
    // core depends on transport (workspace:*): it gets a patch release and a changelog entry.
    const core = packages.find((pkg) => pkg.dir === 'core');
    expect(read('core').version).not.toBe(core?.manifest.version);
    expect(read('core').dependencies?.['@callstream/transport']).toBe('workspace:*');
    expect(existsSync(join(dir, 'packages', 'core', 'CHANGELOG.md'))).toBe(true);
    // The consumed changeset is gone.
    expect(existsSync(join(dir, '.changeset', 'brave-tests-sing.md'))).toBe(false);
  });

  it.skipIf(anyBuildFailed())(
    'pnpm -r publish --dry-run would publish every package, publicly',
    async () => {
      // An npm registry on loopback that has none of the packages yet, as before a first release.
      await using registry = await startLocalRegistry();
      const pnpm = pnpmCommand();
      const result = await runProcess(
        pnpm.command,
        [
          ...pnpm.args,
          ...['-r', '--filter', './packages/*', 'publish', '--dry-run', '--no-git-checks'],
          // A flag, not npm_config_registry: the npx fallback must still find pnpm itself.
          ...['--registry', `${registry.url}/`],
        ],
        { cwd: repoRoot, env: { npm_config_update_notifier: 'false' }, timeoutMs: 180_000 },
      );
      const output = `${result.stdout}\n${result.stderr}`;
      expect(result.code, describeFailure('pnpm -r publish --dry-run', result)).toBe(0);
      for (const pkg of packages) {
        expect(output).toContain(`+ ${pkg.manifest.name}@${pkg.manifest.version}`);
      }
      expect(output).toContain('public access');
    },
  );
});
