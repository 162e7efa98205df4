import { ensureBuilt } from '../../../scripts/lib/ensure-built';
import { describeFailure } from '../../../scripts/lib/run-process';
import { listPackages } from '../../../scripts/lib/workspace';

/** Build order: each package's types are read by the next one's build. */
const NEEDED = ['ws', 'transport', 'core', 'emulator'];

/**
 * The dashboard resolves `@callstream/*` through their built `dist/` (as a user's install does),
 * so a missing or stale build is refreshed before the tests run. `pnpm test` builds first, so
 * this only does work when vitest is run directly after an edit.
 */
export default async function setup(): Promise<void> {
  const packages = listPackages();
  for (const dir of NEEDED) {
    const pkg = packages.find((candidate) => candidate.dir === dir);
    if (!pkg) throw new Error(`packages/${dir} is missing`);
    const result = await ensureBuilt(pkg);
    if (result !== null && result.code !== 0) {
      throw new Error(describeFailure(`building @callstream/${dir}`, result));
    }
  }
}
