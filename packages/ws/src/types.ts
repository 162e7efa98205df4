/**
 * The subset of the WHATWG `WebSocket` constructor that callstream relies on. The browser's
 * global `WebSocket`, Node's `--experimental-websocket` global and the `ws` package all satisfy
 * it without a cast, so any of them can be injected where a client takes a `WebSocket` option.
 */
export interface WebSocketConstructor {
  new (url: string | URL, protocols?: string | string[]): WebSocketLike;
  /** `readyState` while the opening handshake runs (0). */
  readonly CONNECTING: number;
  /** `readyState` once frames can flow (1). */
  readonly OPEN: number;
  /** `readyState` after `close()` was called, before the closing handshake ends (2). */
  readonly CLOSING: number;
  /** `readyState` once the socket is gone (3). */
  readonly CLOSED: number;
}

/**
 * The subset of a WebSocket instance that callstream relies on. Event handler parameters are
 * typed `never` so that both the DOM's and `ws`'s event classes fit; a consumer annotates the
 * parameter with the fields it reads (for example `{ data: unknown }`).
 */
export interface WebSocketLike {
  /** One of the constructor's `CONNECTING | OPEN | CLOSING | CLOSED` values. */
  readonly readyState: number;
  /** Bytes queued by `send()` and not yet handed to the network. */
  readonly bufferedAmount: number;
  /** How binary frames are surfaced; callstream only exchanges text frames. */
  binaryType: string;
  /** Queues one frame. */
  send(data: string | ArrayBufferLike | ArrayBufferView | Blob): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
  /** Called once the opening handshake succeeded. */
  onopen: ((event: never) => void) | null;
  /** Called for each received data frame. */
  onmessage: ((event: never) => void) | null;
  /** Called once, when the socket is closed for any reason. */
  onclose: ((event: never) => void) | null;
  /** Called on a transport failure; a `close` event always follows. */
  onerror: ((event: never) => void) | null;
}

/**
 * Which implementation the `exports` conditions selected for this runtime:
 * - `'ws'`: the `ws` package (Node, through the `node` condition);
 * - `'global'`: the runtime's standard global `WebSocket` (browsers, workers, Deno, Bun, …);
 * - `'unavailable'`: a non-Node entry was selected but the runtime has no global `WebSocket`;
 *   the exported constructor then throws a {@link WebSocketUnavailableError} when used.
 */
export type WebSocketImplementation = 'ws' | 'global' | 'unavailable';
