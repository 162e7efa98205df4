import { build, type Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import {
  entrySource,
  evaluateBundle,
  globalName,
  isNodeBuiltin,
  nodeMarkersIn,
} from './support/browser-bundle';
import { createConsumerDir } from './support/consumer-dir';

/** Fails the Rollup build on any import of a Node builtin. */
const forbidNodeBuiltins: Plugin = {
  name: 'forbid-node-builtins',
  enforce: 'pre',
  resolveId(source, importer) {
    if (isNodeBuiltin(source)) this.error(`node builtin "${source}" imported by ${importer}`);
    return null;
  },
};

type RollupOutput = { output: ReadonlyArray<{ type: string; code?: string }> };

describe('Vite 6 production build (lib mode, browser target)', () => {
  it('bundles @callstream/ws without ws or node builtins, exporting the global', async () => {
    await using consumer = await createConsumerDir();
    const entry = await consumer.write('entry.js', entrySource);
    const result = (await build({
      root: consumer.path,
      configFile: false,
      logLevel: 'silent',
      plugins: [forbidNodeBuiltins],
      build: {
        write: false,
        minify: false,
        lib: { entry, formats: ['iife'], name: globalName, fileName: 'probe' },
      },
    })) as RollupOutput | RollupOutput[];
    const outputs = Array.isArray(result) ? result : [result];
    const code = outputs
      .flatMap((output) => output.output)
      .map((chunk) => chunk.code ?? '')
      .join('\n');

    expect(code.length).toBeGreaterThan(0);
    expect(nodeMarkersIn(code)).toEqual([]);
    const { exports, FakeWebSocket } = evaluateBundle(code);
    expect(exports.implementation).toBe('global');
    expect(exports.WebSocket).toBe(FakeWebSocket);
  });
});
