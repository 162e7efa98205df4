/**
 * `pnpm demo`'s build step: builds only the packages whose `dist/` is missing or older than
 * their sources, in dependency order, and says what it does while it does it. A warm run with
 * nothing changed costs one directory walk instead of four tsup builds.
 */
import { performance } from 'node:perf_hooks';
import { staleReason } from './lib/ensure-built';
import { pnpmCommand } from './lib/pnpm';
import { describeFailure, runProcess } from './lib/run-process';
import { buildOrder, listPackages, type WorkspacePackage } from './lib/workspace';

async function main(): Promise<number> {
  const stale = buildOrder(listPackages())
    .map((pkg) => ({ pkg, reason: staleReason(pkg) }))
    .filter(
      (entry): entry is { pkg: WorkspacePackage; reason: string } => entry.reason !== undefined,
    );
  if (stale.length === 0) {
    console.error('[build] every package is up to date');
    return 0;
  }
  const pnpm = pnpmCommand();
  for (const [index, { pkg, reason }] of stale.entries()) {
    console.error(`[build] ${index + 1}/${stale.length} ${pkg.manifest.name} (${reason})…`);
    const started = performance.now();
    const result = await runProcess(pnpm.command, [...pnpm.args, 'run', 'build'], {
      cwd: pkg.path,
      timeoutMs: 300_000,
    });
    if (result.code !== 0) {
      console.error(describeFailure(`building ${pkg.manifest.name}`, result));
      return 1;
    }
    console.error(`[build]     done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return 0;
}

process.exitCode = await main();
