import { Observable } from 'rxjs';
import {
  type ResolvedSocketOptions,
  resolveSocketOptions,
  type SocketOptions,
  withDefaults,
} from './options';
import { SocketSession } from './socketSession';
import type { Connection } from './types';

/**
 * Opens a WebSocket when subscribed. Cold: every subscription opens exactly one socket.
 *
 * Emits one {@link Connection} when the socket opens, then nothing more. Errors with a
 * `TransportError` when the socket fails to open (`connect-failed`, `connect-timeout`,
 * `invalid-options`) or ends for any reason the subscriber did not ask for (`closed` — even a
 * server close with 1000, since for a telephony client any server close is an interruption —
 * or `liveness-timeout`). Never completes on its own; completes after `Connection.close()`.
 *
 * Unsubscribing at any time, including mid-connect, closes the socket (code 1000 once open)
 * and clears every timer and listener.
 *
 * @example
 * ```ts
 * openSocket({ url: 'ws://127.0.0.1:8080/v1/ws/events' })
 *   .pipe(switchMap((connection) => connection.messages$))
 *   .subscribe((frame) => console.log(frame));
 * ```
 */
export function openSocket(options: SocketOptions): Observable<Connection> {
  return open(() => resolveSocketOptions(options));
}

/**
 * {@link openSocket} without its option checks, for a caller that has already checked every
 * option it passes (as `@callstream/core`'s `createClient` does, with its own messages): a
 * browser bundle then carries one set of checks, not two. The defaults are the same; an option
 * `openSocket` would refuse gives undefined behaviour here.
 *
 * @param options - valid socket options (see {@link SocketOptions})
 */
export function openSocketUnchecked(options: SocketOptions): Observable<Connection> {
  return open(() => withDefaults(options));
}

/** The cold Observable behind both: one socket per subscription, options resolved on subscribe. */
function open(resolve: () => ResolvedSocketOptions): Observable<Connection> {
  return new Observable<Connection>((subscriber) => {
    let resolved: ResolvedSocketOptions;
    try {
      resolved = resolve();
    } catch (error) {
      subscriber.error(error);
      return;
    }
    const session = new SocketSession(resolved, subscriber);
    session.start();
    return () => session.dispose();
  });
}
