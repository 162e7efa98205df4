import { builtinModules } from 'node:module';
import type { Plugin } from 'esbuild';

/** True for `fs`, `node:fs`, `fs/promises`, …: anything a browser cannot load. */
export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0] ?? '');
}

/**
 * esbuild plugin that turns every import of a Node builtin into a build error, so a browser
 * bundle fails loudly instead of being shimmed or left with a dangling `require`.
 */
export const forbidNodeBuiltins: Plugin = {
  name: 'forbid-node-builtins',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      isNodeBuiltin(args.path)
        ? { errors: [{ text: `node builtin "${args.path}" imported by ${args.importer}` }] }
        : undefined,
    );
  },
};
