import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/ws, the package under test (its `dist/` is built by the project's globalSetup). */
export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A throw-away project outside the workspace that has `@callstream/ws` installed. */
export interface ConsumerDir extends AsyncDisposable {
  readonly path: string;
  /** Writes `contents` to `name` inside the project and returns its absolute path. */
  write(name: string, contents: string): Promise<string>;
}

/**
 * Creates a {@link ConsumerDir} whose `node_modules/@callstream/ws` links to packages/ws, the
 * way a workspace install does, so resolution goes through the real `exports` map.
 */
export async function createConsumerDir(): Promise<ConsumerDir> {
  const path = await mkdtemp(join(tmpdir(), 'callstream-ws-'));
  await mkdir(join(path, 'node_modules', '@callstream'), { recursive: true });
  await symlink(packageDir, join(path, 'node_modules', '@callstream', 'ws'), 'dir');
  return {
    path,
    async write(name, contents) {
      const file = join(path, name);
      await writeFile(file, contents);
      return file;
    },
    async [Symbol.asyncDispose]() {
      await rm(path, { recursive: true, force: true });
    },
  };
}
