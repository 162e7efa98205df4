import IsomorphicWebSocket from 'isomorphic-ws';
import type { WebSocketConstructor, WebSocketImplementation } from './types';

export { WEBSOCKET_UNAVAILABLE, WebSocketUnavailableError } from './errors';
export type { WebSocketConstructor, WebSocketImplementation, WebSocketLike } from './types';

/**
 * The WebSocket constructor for Node: the `ws` package, reached through `isomorphic-ws`. Chosen
 * even where Node has a global `WebSocket` (22+), because `ws` can send ping frames, which
 * liveness checks need and the standard API cannot do.
 */
export const WebSocket: WebSocketConstructor = IsomorphicWebSocket;

/** Names the implementation behind {@link WebSocket}, for diagnostics. */
export const implementation: WebSocketImplementation = 'ws';
