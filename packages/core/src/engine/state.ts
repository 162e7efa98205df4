/** The client was created and `connect()` was not called yet (after `close()` it is `closed`). */
export interface IdleState {
  /** Discriminant: `idle`. */
  readonly status: 'idle';
}
/** `connect()` is opening the socket, waiting for the greeting or for the register reply. */
export interface ConnectingState {
  /** Discriminant: `connecting`. */
  readonly status: 'connecting';
  /** 1 for the first attempt of `connect()`. */
  readonly attempt: number;
}
/** Registered: commands can be sent and events flow. */
export interface ConnectedState {
  /** Discriminant: `connected`. */
  readonly status: 'connected';
  /** The server's `session_id` for this connection (new after every reconnect). */
  readonly sessionId: string;
  /** 0 for the connection `connect()` made, then +1 per reconnect. */
  readonly reconnects: number;
}
/** The connection dropped; the client waits `delayMs` before attempt number `attempt`. */
export interface ReconnectingState {
  /** Discriminant: `reconnecting`. */
  readonly status: 'reconnecting';
  /** 1 for the first retry after the drop; resets once a connection stays up. */
  readonly attempt: number;
  /** How long the client waits before this attempt. */
  readonly delayMs: number;
  /** Why the previous connection or attempt ended. */
  readonly error: unknown;
}
/** Closed by `close()`, or the reconnect policy gave up (then `error` says why). */
export interface ClosedState {
  /** Discriminant: `closed`. */
  readonly status: 'closed';
  /** Why reconnecting stopped; absent after `close()`. */
  readonly error?: unknown;
}

/** What `state$` emits. Only real transitions are emitted. */
export type ClientState =
  | IdleState
  | ConnectingState
  | ConnectedState
  | ReconnectingState
  | ClosedState;

/** One of the `status` values of {@link ClientState}. */
export type ClientStatus = ClientState['status'];
