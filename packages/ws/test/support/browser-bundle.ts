import { builtinModules } from 'node:module';
import { runInNewContext } from 'node:vm';

/** The consumer module both bundler tests build: it re-exports what a browser app would use. */
export const entrySource = `export { WebSocket, implementation } from '@callstream/ws';\n`;

/** Global name of the IIFE bundles, read back after evaluating them. */
export const globalName = 'callstreamProbe';

/** True for `fs`, `node:fs`, `fs/promises`, …: anything a browser cannot load. */
export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0] ?? '');
}

/**
 * Traces of Node-only code: a CommonJS `require`, a `node:` import, the isomorphic-ws shim,
 * strings from inside the `ws` package, or the node entry's implementation name.
 */
const nodeMarkers = [
  'require(',
  'node:',
  'isomorphic-ws',
  'permessage-deflate',
  'Sec-WebSocket-Key',
  'implementation = "ws"',
];

/** Which {@link nodeMarkers} occur in `code`; a clean browser bundle yields `[]`. */
export function nodeMarkersIn(code: string): string[] {
  return nodeMarkers.filter((marker) => code.includes(marker));
}

/**
 * Runs an IIFE bundle in a fresh V8 context whose only WebSocket is `FakeWebSocket`, and
 * returns what the bundle exported: the browser entry must hand back exactly that global.
 */
export function evaluateBundle(code: string): {
  exports: { WebSocket?: unknown; implementation?: unknown };
  FakeWebSocket: unknown;
} {
  const FakeWebSocket = Object.assign(function FakeWebSocket() {}, {
    CONNECTING: 0,
    OPEN: 1,
    CLOSING: 2,
    CLOSED: 3,
  });
  const context: Record<string, unknown> = { WebSocket: FakeWebSocket };
  runInNewContext(code, context);
  return {
    exports: context[globalName] as { WebSocket?: unknown; implementation?: unknown },
    FakeWebSocket,
  };
}
