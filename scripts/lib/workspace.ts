import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The fields of a workspace package's `package.json` that the checks read. */
export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly exports?: unknown;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly scripts?: Readonly<Record<string, string>>;
  readonly main?: string;
  readonly module?: string;
  readonly types?: string;
  readonly bin?: string | Readonly<Record<string, string>>;
}

/** A publishable package under `packages/`. */
export interface WorkspacePackage {
  /** Folder name, e.g. `ws`. */
  readonly dir: string;
  /** Absolute folder path. */
  readonly path: string;
  readonly manifest: PackageManifest;
}

/** Every package under `packages/` that has a `package.json`, sorted by folder name. */
export function listPackages(): WorkspacePackage[] {
  const root = join(repoRoot, 'packages');
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'package.json')))
    .map((entry) => {
      const path = join(root, entry.name);
      const manifest = JSON.parse(
        readFileSync(join(path, 'package.json'), 'utf8'),
      ) as PackageManifest;
      return { dir: entry.name, path, manifest };
    })
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

/** Every relative file path (`./…`, no globs) that an `exports` value points at. */
export function exportTargets(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.startsWith('./') && !value.includes('*')) out.push(value);
  } else if (value !== null && typeof value === 'object') {
    for (const nested of Object.values(value)) exportTargets(nested, out);
  }
  return out;
}

/**
 * Every file a manifest points at: `exports` targets plus `main`, `module`, `types` and each
 * `bin`, all spelled `./…` (the plain fields may omit it).
 */
export function manifestFiles(manifest: PackageManifest): string[] {
  const bins =
    typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  const fields = [manifest.main, manifest.module, manifest.types, ...bins]
    .filter((value): value is string => typeof value === 'string')
    .map((path) => (path.startsWith('./') ? path : `./${path}`));
  return [...new Set([...exportTargets(manifest.exports), ...fields])];
}
