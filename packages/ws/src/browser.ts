import type { WebSocketConstructor, WebSocketImplementation } from './types';
import { unavailableWebSocket } from './unavailable';

export { WEBSOCKET_UNAVAILABLE, WebSocketUnavailableError } from './errors';
export type { WebSocketConstructor, WebSocketImplementation, WebSocketLike } from './types';

// Read once at import: runtimes that have a standard WebSocket define it before any module runs.
const standard = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;

/**
 * The WebSocket constructor for browsers, web workers, Deno, Bun, React Native and any other
 * runtime with a standard global `WebSocket`. Where that global is missing this is a stand-in
 * whose every `new` throws a {@link WebSocketUnavailableError}, and {@link implementation} is
 * `'unavailable'`.
 */
export const WebSocket: WebSocketConstructor = standard ?? unavailableWebSocket;

/** Names the implementation behind {@link WebSocket}, for diagnostics. */
export const implementation: WebSocketImplementation =
  standard === undefined ? 'unavailable' : 'global';
