/**
 * `pnpm pack:local [--out DIR]`: builds what is stale, then packs every package into
 * `DIR` (default `packed/` at the repository root) as the tarballs a publish would upload.
 * A project elsewhere installs them together, before anything is on npm:
 *
 *     npm install ../callstream/packed/*.tgz
 *
 * The folder is emptied of old tarballs first, so the glob never matches two versions.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildStalePackages } from './lib/build-stale';
import { packTarballs } from './lib/packed-workspace';
import { repoRoot } from './lib/workspace';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = values.out === undefined ? join(repoRoot, 'packed') : resolve(values.out);

async function main(): Promise<number> {
  if (!(await buildStalePackages((line) => console.error(line)))) return 1;
  await mkdir(out, { recursive: true });
  for (const name of await readdir(out)) {
    if (name.endsWith('.tgz')) await rm(join(out, name));
  }
  const files = await packTarballs(out);
  const shown = relative(process.cwd(), out) || '.';
  console.log(`Packed ${files.length} packages into ${isAbsolute(shown) ? shown : `./${shown}`}:`);
  for (const file of files.sort()) console.log(`  ${file}`);
  console.log(`\nInstall them together in your project with: npm install ${join(out, '*.tgz')}`);
  return 0;
}

process.exitCode = await main();
