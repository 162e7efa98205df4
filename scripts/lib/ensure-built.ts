import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pnpmCommand } from './pnpm';
import { type ProcessResult, runProcess } from './run-process';
import { repoRoot, type WorkspacePackage } from './workspace';

const inputs = ['package.json', 'tsup.config.ts', 'tsconfig.json'];
/** Files outside the package that every build reads. */
const sharedInputs = [
  join(repoRoot, 'tsconfig.base.json'),
  join(repoRoot, 'scripts', 'check-package.mjs'),
];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * Why `dist/` must be rebuilt (missing, or older than anything the build reads), or
 * `undefined` when it is fresh.
 */
export function staleReason(pkg: WorkspacePackage): string | undefined {
  const dist = join(pkg.path, 'dist');
  if (!existsSync(dist)) return 'not built yet';
  const outputs = readdirSync(dist).map((name) => statSync(join(dist, name)).mtimeMs);
  if (outputs.length === 0) return 'dist/ is empty';
  const sources = [
    join(pkg.path, 'src'),
    ...inputs.map((name) => join(pkg.path, name)),
    ...sharedInputs,
  ];
  const newestInput = Math.max(...sources.filter(existsSync).map(newestMtime));
  return newestInput > Math.min(...outputs) ? 'sources changed since the last build' : undefined;
}

/**
 * True when `dist/` is missing or older than anything the build reads. `pnpm test` builds
 * first, so this is only ever true when a developer runs vitest directly after an edit.
 */
export function isStale(pkg: WorkspacePackage): boolean {
  return staleReason(pkg) !== undefined;
}

// Several vitest projects may ask for the same package in one process; their setup modules
// are separate instances, so the in-flight builds are shared through a process-wide key.
const key = Symbol.for('callstream.ensureBuilt');
type BuildMap = Map<string, Promise<ProcessResult | null>>;
const builds: BuildMap =
  ((globalThis as Record<symbol, unknown>)[key] as BuildMap | undefined) ?? new Map();
(globalThis as Record<symbol, unknown>)[key] = builds;

/**
 * Runs the package's own `build` script when its output is stale.
 * @returns `null` when the build was fresh, else the build's result (check `code`).
 */
export function ensureBuilt(pkg: WorkspacePackage): Promise<ProcessResult | null> {
  const pending = builds.get(pkg.path);
  if (pending) return pending;
  const build = isStale(pkg)
    ? (() => {
        const pnpm = pnpmCommand();
        return runProcess(pnpm.command, [...pnpm.args, 'run', 'build'], {
          cwd: pkg.path,
          timeoutMs: 120_000,
        });
      })()
    : Promise.resolve(null);
  builds.set(pkg.path, build);
  // Forget settled builds, so a long-lived (watch) process rebuilds after the next edit.
  void build.finally(() => builds.delete(pkg.path)).catch(() => undefined);
  return build;
}
