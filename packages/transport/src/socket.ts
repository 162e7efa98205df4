import { Observable } from 'rxjs';
import { type ResolvedSocketOptions, resolveSocketOptions, type SocketOptions } from './options';
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
  return new Observable<Connection>((subscriber) => {
    let resolved: ResolvedSocketOptions;
    try {
      resolved = resolveSocketOptions(options);
    } catch (error) {
      subscriber.error(error);
      return;
    }
    const session = new SocketSession(resolved, subscriber);
    session.start();
    return () => session.dispose();
  });
}
