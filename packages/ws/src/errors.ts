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
      // Short on purpose: it ships in every browser bundle, where it is (almost) never thrown.
      'No WebSocket in this runtime (globalThis.WebSocket is undefined): pass one in the ' +
        "client's `WebSocket` option (e.g. the `ws` package), use the `node` export condition, " +
        'or run Node 20 with --experimental-websocket.',
      options,
    );
    this.name = 'WebSocketUnavailableError';
  }
}
