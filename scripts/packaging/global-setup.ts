/// <reference path="./provided-context.d.ts" />
import type { TestProject } from 'vitest/node';
import { ensureBuilt } from '../lib/ensure-built';
import { packWorkspace } from '../lib/packed-workspace';
import { describeFailure } from '../lib/run-process';
import { listPackages } from '../lib/workspace';

/**
 * Builds stale packages one at a time (the machines have two cores), packs them all once, and
 * shares the installed copy with every packaging test file. Failures are handed to the tests
 * instead of thrown here, so each shows up as a named failing test rather than a crashed run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const packages = listPackages();
  const failures: Record<string, string> = {};
  for (const pkg of packages) {
    try {
      const result = await ensureBuilt(pkg);
      if (result !== null && result.code !== 0) {
        failures[pkg.dir] = describeFailure(`building ${pkg.manifest.name}`, result);
      }
    } catch (error) {
      failures[pkg.dir] = `building ${pkg.manifest.name} could not start: ${String(error)}`;
    }
  }
  project.provide('packagingBuildFailures', failures);

  try {
    const packed = await packWorkspace(packages);
    project.provide('packagingWorkspace', {
      ok: true,
      consumerDir: packed.consumerDir,
      tarballs: Object.fromEntries(packed.tarballs),
      installed: Object.fromEntries(packed.installed),
    });
    return async () => {
      await packed[Symbol.asyncDispose]();
    };
  } catch (error) {
    project.provide('packagingWorkspace', { ok: false, error: String(error) });
    return async () => undefined;
  }
}
