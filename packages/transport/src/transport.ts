import {
  BehaviorSubject,
  defer,
  EMPTY,
  finalize,
  type Observable,
  ReplaySubject,
  Subject,
  share,
  switchMap,
  takeUntil,
  tap,
} from 'rxjs';
import { type ExponentialBackoffOptions, type RetryPolicy, toRetryPolicy } from './backoff';
import { TransportError } from './errors';
import { resolveSocketOptions, type SocketOptions } from './options';
import { retryWithBackoff } from './retry';
import { openSocket } from './socket';
import type { Connection, JsonObject, SocketState } from './types';

/** Options of {@link createTransport}: those of `openSocket` plus reconnection. */
export interface TransportOptions extends Omit<SocketOptions, 'onState'> {
  /**
   * Reconnection policy: a {@link RetryPolicy}, options for `exponentialBackoff`, or `false`
   * to never reconnect.
   * @default exponentialBackoff()
   */
  retry?: RetryPolicy | ExponentialBackoffOptions | false;
  /**
   * The attempt counter resets after a connection stayed open this long.
   * @default 10000
   */
  stableAfterMs?: number;
}

/**
 * The state of a {@link Transport}. `attempt` is 0 for the first connection and then counts the
 * retries of the current failure streak: `reconnecting(n)` is followed by `connecting(n)`.
 */
export type ConnectionState =
  | {
      /** No subscriber, no socket. */
      status: 'idle';
    }
  | {
      /** Opening a socket. */
      status: 'connecting';
      /** 0 for the first connection, then the retry number of the current failure streak. */
      attempt: number;
    }
  | {
      /** A socket is open. */
      status: 'open';
      /** The attempt that opened it. */
      attempt: number;
      /** Its {@link Connection.id}. */
      connectionId: number;
    }
  | {
      /** `close()` was called; the socket is closing. */
      status: 'closing';
    }
  | {
      /** The socket dropped; waiting before the next attempt. */
      status: 'reconnecting';
      /** The retry number of the current failure streak (1 first). */
      attempt: number;
      /** The wait before that attempt. */
      delayMs: number;
      /** Why the previous socket or attempt ended. */
      error: unknown;
    }
  | {
      /** Stopped for good: `close()` or the retry policy gave up. */
      status: 'closed';
      /** Close code of the last socket, if it had one. */
      code?: number;
      /** Close reason of the last socket, if it had one. */
      reason?: string;
      /** Why the retry policy gave up; absent after `close()`. */
      error?: unknown;
    };

/** A JSON socket that stays up: reconnects with backoff while anyone listens. */
export interface Transport {
  /**
   * Current state on subscribe, then every real transition. `idle` before the first
   * subscriber and after the last one left; `closed` after `close()` or when the retry policy
   * gave up (with `error`).
   */
  readonly state$: Observable<ConnectionState>;
  /**
   * JSON-object frames of whichever connection is open. The first subscriber (of this or
   * `binary$`) starts connecting, the last unsubscribe closes the socket with 1000. Errors with
   * the final error when the retry policy gives up; completes after `close()`.
   */
  readonly messages$: Observable<JsonObject>;
  /** Binary frames, sharing the connection of `messages$`. */
  readonly binary$: Observable<ArrayBuffer | Uint8Array>;
  /**
   * Non-fatal errors: malformed frames and every failed connection that was retried. The
   * error that ends the transport is on `state$` and `messages$` instead. Does not start a
   * connection.
   */
  readonly errors$: Observable<TransportError>;
  /**
   * Sends to the open connection (see `Connection.send`). Throws `TransportError('not-open')`
   * while no connection is open: frames are never held across reconnects.
   */
  send(frame: JsonObject): void;
  /** Closes the socket (1000) and ends every stream for good. Idempotent. */
  close(): void;
}

/**
 * Composes `openSocket` + `retryWithBackoff` + `share`: a connection that is opened on demand,
 * reconnected after drops and closed when nobody listens.
 *
 * Throws `TransportError('invalid-options')` at once for unusable options.
 */
export function createTransport(options: TransportOptions): Transport {
  resolveSocketOptions(options); // fail here, at the caller's line, not on first subscribe
  const policy = toRetryPolicy(options.retry);
  const state = new BehaviorSubject<ConnectionState>({ status: 'idle' });
  const errors = new Subject<TransportError>();
  const closeSignal = new Subject<void>();
  let closeRequested = false;
  /** Whether a socket was open when close() was called: only then is there a 1000 to report. */
  let closedOpenSocket = false;
  let running = false;
  let attempt = 0;
  let current: Connection | undefined;

  const setState = (next: ConnectionState) => {
    if (!sameState(state.value, next)) state.next(next);
  };

  const onSocketState = (socketState: SocketState) => {
    if (socketState.status === 'connecting') setState({ status: 'connecting', attempt });
    else if (socketState.status === 'open') {
      setState({ status: 'open', attempt, connectionId: socketState.connectionId });
    }
  };
  const { retry: _retry, stableAfterMs, ...socketOptions } = options;

  const connections$ = defer(() => {
    if (closeRequested) return EMPTY;
    running = true;
    attempt = 0;
    return openSocket({ ...socketOptions, onState: onSocketState }).pipe(
      retryWithBackoff<Connection>({
        policy,
        ...(stableAfterMs === undefined ? {} : { stableAfterMs }),
        onRetry: (info) => {
          current = undefined;
          attempt = info.attempt;
          if (info.error instanceof TransportError) errors.next(info.error);
          setState({
            status: 'reconnecting',
            attempt: info.attempt,
            delayMs: info.delayMs,
            error: info.error,
          });
        },
      }),
      tap({
        next: (connection) => {
          current = connection;
          connection.errors$.subscribe((error) => errors.next(error));
        },
        error: (error: unknown) => setState(closedState(error)),
      }),
      takeUntil(closeSignal),
      finalize(() => {
        running = false;
        current = undefined;
        if (closeRequested) {
          setState(
            closedOpenSocket ? { status: 'closed', code: 1000, reason: '' } : { status: 'closed' },
          );
        } else if (state.value.status !== 'closed') setState({ status: 'idle' });
      }),
    );
    // Replay: a subscriber arriving while a connection is open must get that connection too.
  }).pipe(share({ connector: () => new ReplaySubject<Connection>(1) }));

  return {
    state$: state.asObservable(),
    messages$: connections$.pipe(switchMap((connection) => connection.messages$)),
    binary$: connections$.pipe(switchMap((connection) => connection.binary$)),
    errors$: errors.asObservable(),
    send(frame: JsonObject): void {
      if (current === undefined) {
        throw new TransportError(
          'not-open',
          `Cannot send: the transport is ${state.value.status}.`,
        );
      }
      current.send(frame);
    },
    close(): void {
      if (closeRequested) return;
      closeRequested = true;
      closedOpenSocket = current !== undefined;
      if (running) {
        setState({ status: 'closing' });
        closeSignal.next();
      } else if (state.value.status !== 'closed') {
        setState({ status: 'closed' });
      }
      closeSignal.complete();
      errors.complete();
    },
  };
}

function closedState(error: unknown): ConnectionState {
  const state: Extract<ConnectionState, { status: 'closed' }> = { status: 'closed', error };
  if (error instanceof TransportError) {
    if (error.closeCode !== undefined) state.code = error.closeCode;
    if (error.closeReason !== undefined) state.reason = error.closeReason;
  }
  return state;
}

/** Shallow equality: states are flat objects, so this detects repeated reports. */
function sameState(a: ConnectionState, b: ConnectionState): boolean {
  const aKeys = Object.keys(a) as (keyof ConnectionState)[];
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => a[key] === b[key]);
}
