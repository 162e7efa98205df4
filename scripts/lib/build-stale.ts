import { performance } from 'node:perf_hooks';
import { staleReason } from './ensure-built';
import { pnpmCommand } from './pnpm';
import { describeFailure, runProcess } from './run-process';
import { buildOrder, listPackages, type WorkspacePackage } from './workspace';

/**
 * Builds the packages whose `dist/` is missing or older than their sources, in dependency
 * order, printing one progress line per package (to `log`). Nothing is built when everything
 * is fresh. Resolves `false` after the first failed build, whose output it prints.
 */
export async function buildStalePackages(log: (line: string) => void): Promise<boolean> {
  const stale = buildOrder(listPackages())
    .map((pkg) => ({ pkg, reason: staleReason(pkg) }))
    .filter(
      (entry): entry is { pkg: WorkspacePackage; reason: string } => entry.reason !== undefined,
    );
  if (stale.length === 0) {
    log('[build] every package is up to date');
    return true;
  }
  const pnpm = pnpmCommand();
  for (const [index, { pkg, reason }] of stale.entries()) {
    log(`[build] ${index + 1}/${stale.length} ${pkg.manifest.name} (${reason})…`);
    const started = performance.now();
    const result = await runProcess(pnpm.command, [...pnpm.args, 'run', 'build'], {
      cwd: pkg.path,
      timeoutMs: 300_000,
    });
    if (result.code !== 0) {
      log(describeFailure(`building ${pkg.manifest.name}`, result));
      return false;
    }
    log(`[build]     done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return true;
}
