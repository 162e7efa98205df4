/** The `code` of a {@link WebSocketUnavailableError}. */
export const WEBSOCKET_UNAVAILABLE = 'ERR_WEBSOCKET_UNAVAILABLE';

/**
 * Thrown when a socket is opened in a runtime where `@callstream/ws` found no WebSocket
 * implementation: a `browser`/`default` entry was resolved but no global `WebSocket` exists
 * (for example Node 20 run with `--conditions=browser` and without `--experimental-websocket`).
 */
export class WebSocketUnavailableError extends Error {
  /** Stable identifier to branch on; never changes with the wording of `message`. */
  readonly code = WEBSOCKET_UNAVAILABLE;

  /**
   * @param options - `cause`: the underlying failure, if there was one.
   */
  constructor(options: { cause?: unknown } = {}) {
    super(
      'No WebSocket implementation in this runtime: @callstream/ws resolved its standard-global ' +
        'entry (the browser/default export condition) but globalThis.WebSocket is undefined. ' +
        "Inject a constructor through the client's `WebSocket` option (for example the `ws` " +
        "package's default export), let Node resolve the `node` condition, or on Node 20 run " +
        'with --experimental-websocket.',
      options,
    );
    this.name = 'WebSocketUnavailableError';
  }
}
