/** What a probe script reports about the `@callstream/ws` it resolved. */
export interface ProbeReport {
  readonly implementation: string;
  /** The file Node resolved `@callstream/ws` to. */
  readonly resolved: string;
  /** `WebSocket` is the `ws` package's class, as `@callstream/ws` itself would require it. */
  readonly isWsClass: boolean;
  /** `WebSocket` is `globalThis.WebSocket`. */
  readonly isGlobal: boolean;
  readonly hasGlobal: boolean;
  /** The text that came back from the echo server, when the round trip worked. */
  readonly echoed?: string;
  readonly error?: { readonly name: string; readonly code?: string; readonly message: string };
}

// Only the members of WebSocketLike are used, so the same code runs on `ws` and on the global.
const roundTrip = `
function roundTrip(WebSocket, url, text) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.onopen = () => socket.send(text);
    socket.onmessage = (event) => { resolve(String(event.data)); socket.close(); };
    socket.onerror = () => reject(new Error('socket error'));
  });
}
async function report(mod, resolved, wsClass) {
  const out = {
    implementation: mod.implementation,
    resolved,
    isWsClass: mod.WebSocket === wsClass,
    isGlobal: mod.WebSocket === globalThis.WebSocket,
    hasGlobal: typeof globalThis.WebSocket === 'function',
  };
  try {
    out.echoed = await roundTrip(mod.WebSocket, process.env.ECHO_URL, 'hello ' + mod.implementation);
  } catch (error) {
    out.error = { name: error.name, code: error.code, message: error.message };
  }
  console.log(JSON.stringify(out));
}
`;

// `ws` is required from the resolved entry's location: that is the copy @callstream/ws uses.
const safeRequireWs = `
function wsFrom(requireFrom) {
  try { return requireFrom('ws'); } catch { return undefined; }
}
`;

/** An ES module that imports `@callstream/ws` and prints a {@link ProbeReport}. */
export const esmProbe = `
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as mod from '@callstream/ws';
${roundTrip}
${safeRequireWs}
const resolved = fileURLToPath(import.meta.resolve('@callstream/ws'));
await report(mod, resolved, wsFrom(createRequire(resolved)));
`;

/** A CommonJS script that requires `@callstream/ws` and prints a {@link ProbeReport}. */
export const cjsProbe = `
const { createRequire } = require('node:module');
const mod = require('@callstream/ws');
${roundTrip}
${safeRequireWs}
const resolved = require.resolve('@callstream/ws');
report(mod, resolved, wsFrom(createRequire(resolved)));
`;
