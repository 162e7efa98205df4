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
  readonly description?: string;
  readonly keywords?: readonly string[];
  readonly license?: string;
  readonly homepage?: string;
  readonly bugs?: { readonly url?: string };
  readonly repository?: {
    readonly type?: string;
    readonly url?: string;
    readonly directory?: string;
  };
  readonly sideEffects?: boolean | readonly string[];
  readonly engines?: Readonly<Record<string, string>>;
  readonly files?: readonly string[];
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

/**
 * Folder names of the packages that run only in Node (servers, CLIs). Every other package is
 * held to the browser checks (bundling with Node builtins forbidden, types without
 * `@types/node`), so a new package is browser-checked unless it is listed here.
 */
export const NODE_ONLY_PACKAGES: readonly string[] = ['emulator', 'telnyx'];

/** The packages that must work in a browser: all of `packages/*` but {@link NODE_ONLY_PACKAGES}. */
export function listBrowserPackages(): WorkspacePackage[] {
  return listPackages().filter((pkg) => !NODE_ONLY_PACKAGES.includes(pkg.dir));
}

/** The root `package.json`: the one place that names the repository. */
export function rootManifest(): PackageManifest {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as PackageManifest;
}

/**
 * The repository's web address (`https://github.com/owner/name`), from the root
 * `repository.url` (`git+https://….git`). Package links and the emulator's `--help` point here.
 */
export function repositoryWebUrl(): string {
  const url = rootManifest().repository?.url ?? '';
  return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

/** Packages ordered so that each comes after the workspace packages it depends on. */
export function buildOrder(packages: readonly WorkspacePackage[]): WorkspacePackage[] {
  const byName = new Map(packages.map((pkg) => [pkg.manifest.name, pkg]));
  const ordered: WorkspacePackage[] = [];
  const visit = (pkg: WorkspacePackage, path: readonly string[]) => {
    if (ordered.includes(pkg)) return;
    if (path.includes(pkg.manifest.name)) {
      throw new Error(`dependency cycle: ${[...path, pkg.manifest.name].join(' → ')}`);
    }
    for (const dep of Object.keys(pkg.manifest.dependencies ?? {})) {
      const local = byName.get(dep);
      if (local) visit(local, [...path, pkg.manifest.name]);
    }
    ordered.push(pkg);
  };
  for (const pkg of packages) visit(pkg, []);
  return ordered;
}
