import type { Connection } from '@callstream/transport';
import { Observable } from 'rxjs';
import { fromTransportError } from '../engine/transportErrors';
import { AuthError, type CallstreamError, createError, ProtocolError } from '../errors';
import type { WireObject, WireRegister } from './protocol/wire';

/** Emitted once per connection, when the server confirmed the register. */
export interface Registered {
  readonly sessionId: string;
  readonly connection: Connection;
}

/** What a session needs from the client. */
export interface SessionHandlers {
  /** The register frame to send after the greeting (built late: subscriptions may have changed). */
  register(): WireRegister;
  /** Every frame after registration, in arrival order. */
  onFrame(frame: WireObject): void;
  /** Non-fatal problems (malformed and binary frames). */
  onError(error: CallstreamError): void;
}

/**
 * Runs the handshake on an open connection (greeting → register → registered; nothing else may
 * come in between), emits {@link Registered}, then hands every later frame to `onFrame`. The
 * reader is running before `Registered` is emitted, so a subscriber may await commands as soon
 * as it hears about it (fixing the Go SDK's W16). Errors with a typed error when the handshake
 * fails; never completes by itself (the socket's end arrives as an error from the transport).
 */
export function runSession(
  connection: Connection,
  handlers: SessionHandlers,
): Observable<Registered> {
  return new Observable<Registered>((subscriber) => {
    let phase: 'greeting' | 'register' | 'ready' = 'greeting';
    let sessionId = '';

    const errors = connection.errors$.subscribe((error) =>
      handlers.onError(fromTransportError(error)),
    );
    // The protocol is JSON text only (PROTOCOL.md §3): a binary frame is skipped, never silently.
    const binary = connection.binary$.subscribe((data) =>
      handlers.onError(
        createError(
          'malformed-frame',
          `skipped a binary frame of ${data.byteLength} bytes: the Call Manager speaks JSON text frames only`,
        ),
      ),
    );
    const frames = connection.messages$.subscribe((frame) => {
      if (phase === 'ready') {
        handlers.onFrame(frame);
        return;
      }
      if (phase === 'greeting') {
        if (frame.status !== 'connected') {
          subscriber.error(
            new ProtocolError(
              'unexpected-greeting',
              `unexpected status: ${describeStatus(frame)}`,
              { cause: frame },
            ),
          );
          return;
        }
        sessionId = typeof frame.session_id === 'string' ? frame.session_id : '';
        phase = 'register';
        try {
          connection.send(handlers.register() as unknown as WireObject);
        } catch (error) {
          subscriber.error(fromTransportError(error));
        }
        return;
      }
      if (frame.status === 'registered') {
        phase = 'ready';
        subscriber.next({ sessionId, connection });
        return;
      }
      subscriber.error(registrationError(frame));
    });

    return () => {
      frames.unsubscribe();
      errors.unsubscribe();
      binary.unsubscribe();
    };
  });
}

function describeStatus(frame: WireObject): string {
  return typeof frame.status === 'string' ? frame.status : JSON.stringify(frame).slice(0, 100);
}

function registrationError(frame: WireObject): CallstreamError {
  const reason =
    typeof frame.error === 'string' && frame.error !== '' ? frame.error : describeStatus(frame);
  if (reason.toLowerCase().includes('unauthorized')) {
    return new AuthError(
      'unauthorized',
      'registration failed: unauthorized (check authToken for this appId)',
      {
        serverError: reason,
      },
    );
  }
  return new ProtocolError('registration-failed', `registration failed: ${reason}`, {
    serverError: reason,
    cause: frame,
  });
}
