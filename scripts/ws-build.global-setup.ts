import { ensureBuilt } from './lib/ensure-built';
import { describeFailure } from './lib/run-process';
import { listPackages } from './lib/workspace';

/**
 * globalSetup of the `ws` project: its tests exercise the BUILT package (export conditions
 * only exist in `dist/` + `package.json`), so a stale or missing build is refreshed first.
 */
export default async function setup(): Promise<void> {
  const ws = listPackages().find((pkg) => pkg.dir === 'ws');
  if (!ws) throw new Error('packages/ws is missing');
  const result = await ensureBuilt(ws);
  if (result !== null && result.code !== 0) {
    throw new Error(describeFailure('building @callstream/ws', result));
  }
}
