#!/usr/bin/env node
// Run after a package's build (from the package's folder): fails the build when a file named by
// package.json (exports targets, main/module/types, bin) does not exist, so a broken
// `exports` map is caught before publint, attw or a user ever sees it.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/** `dist/x.js` and `./dist/x.js` name the same file; exports targets always carry the `./`. */
const relative = (path) => (path.startsWith('./') ? path : `./${path}`);

/** Collects every file path that an `exports` value points at (globs are left to publint). */
function targets(value, out = []) {
  if (typeof value === 'string') {
    if (value.startsWith('./') && !value.includes('*')) out.push(value);
  } else if (value && typeof value === 'object') {
    for (const nested of Object.values(value)) targets(nested, out);
  }
  return out;
}

/** Plain path fields (`main`, `types`, each `bin`), which may omit the leading `./`. */
const fields = [pkg.main, pkg.module, pkg.types, pkg.typings]
  .concat(typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {}))
  .filter((value) => typeof value === 'string')
  .map(relative);

const named = [...targets(pkg.exports), ...fields];
const missing = [...new Set(named)].filter((path) => !existsSync(resolve(path)));
if (missing.length > 0) {
  console.error(`${pkg.name}: package.json names files the build did not produce:`);
  for (const path of missing) console.error(`  ${path}`);
  process.exit(1);
}
