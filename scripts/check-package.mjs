#!/usr/bin/env node
// Run after a package's build (from the package's folder): fails the build when a file named by
// package.json (exports targets, main/module/types, bin) does not exist, so a broken
// `exports` map is caught before publint, attw or a user ever sees it.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/** Collects every file path that a package.json value points at. */
function targets(value, out = []) {
  if (typeof value === 'string') {
    if (value.startsWith('./') && !value.includes('*')) out.push(value);
  } else if (value && typeof value === 'object') {
    for (const nested of Object.values(value)) targets(nested, out);
  }
  return out;
}

const named = [
  ...targets(pkg.exports),
  ...targets(pkg.main ? `./${pkg.main.replace(/^\.\//, '')}` : undefined),
  ...targets(pkg.module),
  ...targets(pkg.types),
  ...targets(typeof pkg.bin === 'string' ? pkg.bin : (pkg.bin ?? {})),
];
const missing = [...new Set(named)].filter((path) => !existsSync(resolve(path)));
if (missing.length > 0) {
  console.error(`${pkg.name}: package.json names files the build did not produce:`);
  for (const path of missing) console.error(`  ${path}`);
  process.exit(1);
}
