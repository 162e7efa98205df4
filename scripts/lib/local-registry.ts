import { createReadStream, existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFailure, runProcess } from './run-process';
import { repoRoot } from './workspace';

/**
 * An npm registry on 127.0.0.1 that serves only the packages the workspace install already
 * put in `node_modules/.pnpm`, so a test can run a user's `npm install` word for word without
 * reaching the internet. Everything else (notably the unpublished `@callstream/*` packages and
 * optional packages for other platforms) is a 404, exactly as an offline mirror would answer.
 */
export interface LocalRegistry extends AsyncDisposable {
  /** Base URL to hand to npm as `npm_config_registry`. */
  readonly url: string;
  /** Package names that were asked for and are not in the workspace install, for diagnostics. */
  readonly misses: ReadonlySet<string>;
  close(): Promise<void>;
}

interface InstalledVersion {
  readonly dir: string;
  readonly manifest: Record<string, unknown> & { name: string; version: string };
}

/** The package folders of pnpm's virtual store: `.pnpm/<key>/node_modules/<name>` (not links). */
function indexVirtualStore(storeDir: string): Map<string, Map<string, InstalledVersion>> {
  const index = new Map<string, Map<string, InstalledVersion>>();
  const add = (dir: string) => {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) return;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as InstalledVersion['manifest'];
    if (typeof manifest.name !== 'string' || typeof manifest.version !== 'string') return;
    const versions = index.get(manifest.name) ?? new Map<string, InstalledVersion>();
    if (!versions.has(manifest.version)) versions.set(manifest.version, { dir, manifest });
    index.set(manifest.name, versions);
  };
  for (const key of readdirSync(storeDir)) {
    const modules = join(storeDir, key, 'node_modules');
    if (!existsSync(modules)) continue;
    for (const entry of readdirSync(modules)) {
      const path = join(modules, entry);
      // Dependencies are symlinks next to the package; the package itself is a real folder.
      if (lstatSync(path).isSymbolicLink()) continue;
      if (entry.startsWith('@')) {
        for (const scoped of readdirSync(path)) {
          const scopedPath = join(path, scoped);
          if (!lstatSync(scopedPath).isSymbolicLink()) add(scopedPath);
        }
      } else if (entry !== '.bin') {
        add(path);
      }
    }
  }
  return index;
}

/** Orders `1.2.3` versions; a pre-release sorts below its release. */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const [core = '', pre] = version.split('-', 2);
    return { parts: core.split('.').map(Number), pre };
  };
  const left = parse(a);
  const right = parse(b);
  for (let i = 0; i < 3; i += 1) {
    const diff = (left.parts[i] ?? 0) - (right.parts[i] ?? 0);
    if (diff !== 0) return diff;
  }
  if (left.pre === right.pre) return 0;
  if (left.pre === undefined) return 1;
  if (right.pre === undefined) return -1;
  return left.pre < right.pre ? -1 : 1;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/**
 * Starts the registry. Tarballs are made on first request from the installed folders (with
 * `tar`), so only what an install really fetches is packed.
 * @param storeDir pnpm's virtual store. @default `<repo>/node_modules/.pnpm`
 */
export async function startLocalRegistry(
  storeDir = join(repoRoot, 'node_modules', '.pnpm'),
): Promise<LocalRegistry> {
  const index = indexVirtualStore(storeDir);
  const workDir = await mkdtemp(join(tmpdir(), 'callstream-registry-'));
  const tarballs = new Map<string, Promise<string>>();
  const misses = new Set<string>();
  let base = '';

  const tarballFor = (name: string, version: InstalledVersion): Promise<string> => {
    const key = `${name}@${version.manifest.version}`;
    const existing = tarballs.get(key);
    if (existing) return existing;
    const made = (async () => {
      const file = join(workDir, `${key.replace(/[@/]/g, '_')}.tgz`);
      // npm expects every entry under `package/`; --transform renames the leading `.`.
      const result = await runProcess(
        'tar',
        ['-czf', file, '--transform', 's,^\\.,package,', '-C', version.dir, '.'],
        { cwd: workDir, timeoutMs: 120_000 },
      );
      if (result.code !== 0) throw new Error(describeFailure(`packing ${key}`, result));
      return file;
    })();
    tarballs.set(key, made);
    return made;
  };

  const packument = (name: string, versions: Map<string, InstalledVersion>) => {
    const sorted = [...versions.keys()].sort(compareVersions);
    const releases = sorted.filter((version) => !version.includes('-'));
    return {
      name,
      'dist-tags': { latest: releases.at(-1) ?? sorted.at(-1) },
      versions: Object.fromEntries(
        sorted.map((version) => [
          version,
          {
            ...versions.get(version)?.manifest,
            dist: { tarball: `${base}/-/tarball/${encodeURIComponent(name)}/${version}.tgz` },
          },
        ]),
      ),
    };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://registry').pathname);
    const tarball = /^\/-\/tarball\/(.+)\/([^/]+)\.tgz$/.exec(path);
    if (tarball) {
      const version = index.get(tarball[1] ?? '')?.get(tarball[2] ?? '');
      if (!version) return send(response, 404, { error: 'not found' });
      const file = await tarballFor(tarball[1] ?? '', version);
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      createReadStream(file).pipe(response);
      return;
    }
    const name = path.slice(1);
    const versions = index.get(name);
    if (!versions) {
      misses.add(name);
      return send(response, 404, { error: 'not found' });
    }
    send(response, 200, packument(name, versions));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) =>
      send(response, 500, { error: String(error) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(workDir, { recursive: true, force: true });
    })();
    return closing;
  };
  return { url: base, misses, close, [Symbol.asyncDispose]: close };
}
