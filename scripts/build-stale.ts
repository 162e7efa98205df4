/**
 * `pnpm demo`'s build step: builds only the packages whose `dist/` is missing or older than
 * their sources, in dependency order, and says what it does while it does it. A warm run with
 * nothing changed costs one directory walk instead of four tsup builds.
 */
import { buildStalePackages } from './lib/build-stale';

process.exitCode = (await buildStalePackages((line) => console.error(line))) ? 0 : 1;
