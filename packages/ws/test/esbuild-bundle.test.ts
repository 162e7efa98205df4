import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  entrySource,
  evaluateBundle,
  globalName,
  isNodeBuiltin,
  nodeMarkersIn,
} from './support/browser-bundle';
import { createConsumerDir } from './support/consumer-dir';

/** Turns every import of a Node builtin into a build error, whatever the platform says. */
const forbidNodeBuiltins: Plugin = {
  name: 'forbid-node-builtins',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, (args) =>
      isNodeBuiltin(args.path)
        ? { errors: [{ text: `node builtin "${args.path}" imported by ${args.importer}` }] }
        : undefined,
    );
  },
};

async function bundle(cwd: string, entry: string, platform: 'browser' | 'node' | 'neutral') {
  return build({
    absWorkingDir: cwd,
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform,
    format: 'iife',
    globalName,
    logLevel: 'silent',
    plugins: [forbidNodeBuiltins],
  });
}

describe('esbuild, platform browser', () => {
  it('bundles @callstream/ws without ws or node builtins, exporting the global', async () => {
    await using consumer = await createConsumerDir();
    const entry = await consumer.write('entry.js', entrySource);
    const result = await bundle(consumer.path, entry, 'browser');
    const code = result.outputFiles[0]?.text ?? '';

    expect(nodeMarkersIn(code)).toEqual([]);
    expect(code).toContain('globalThis.WebSocket');
    const { exports, FakeWebSocket } = evaluateBundle(code);
    expect(exports.implementation).toBe('global');
    expect(exports.WebSocket).toBe(FakeWebSocket);
  });

  it('control: the same guard rejects the node entry (so the check above can fail)', async () => {
    await using consumer = await createConsumerDir();
    const entry = await consumer.write('entry.js', entrySource);
    await expect(bundle(consumer.path, entry, 'node')).rejects.toThrow(/node builtin "/);
  });
});

describe('esbuild, platform neutral (no runtime condition at all)', () => {
  it('falls through to the default branch: the standard global', async () => {
    await using consumer = await createConsumerDir();
    const entry = await consumer.write('entry.js', entrySource);
    const result = await bundle(consumer.path, entry, 'neutral');
    const code = result.outputFiles[0]?.text ?? '';

    expect(nodeMarkersIn(code)).toEqual([]);
    const { exports, FakeWebSocket } = evaluateBundle(code);
    expect(exports.implementation).toBe('global');
    expect(exports.WebSocket).toBe(FakeWebSocket);
  });
});
