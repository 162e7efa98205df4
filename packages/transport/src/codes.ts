/**
 * Every way a transport can fail, as a stable string code. Upper layers switch on these, so
 * they never change meaning; new codes may be added.
 */
export type TransportErrorCode =
  | 'invalid-options'
  | 'connect-failed'
  | 'connect-timeout'
  | 'closed'
  | 'liveness-timeout'
  | 'malformed-frame'
  | 'not-open'
  | 'backpressure'
  | 'unauthorized'
  | 'protocol';

/** One row of {@link transportErrorCodes}. */
export interface TransportErrorCodeInfo {
  /** A fatal error is never retried: reconnecting cannot fix it. */
  readonly fatal: boolean;
  /** One sentence for humans (used by generated docs). */
  readonly description: string;
}

/**
 * The classification table: the single place that decides which failures are fatal.
 * `isRetryable`, `TransportError.fatal` and the errors page of the docs all read it.
 */
export const transportErrorCodes: Readonly<Record<TransportErrorCode, TransportErrorCodeInfo>> =
  Object.freeze({
    'invalid-options': {
      fatal: true,
      description:
        'The options are unusable (bad URL, or an injected WebSocket constructor that fails the structural check).',
    },
    'connect-failed': {
      fatal: false,
      description: 'The socket reported an error or closed before it opened.',
    },
    'connect-timeout': {
      fatal: false,
      description: 'The socket did not open within `openTimeoutMs`.',
    },
    closed: {
      fatal: false,
      description:
        'The socket closed after it opened without the subscriber asking for it; `closeCode` and `closeReason` say how.',
    },
    'liveness-timeout': {
      fatal: false,
      description:
        'Nothing arrived from the peer for too long (pong timeout or idle timeout); the socket was terminated.',
    },
    'malformed-frame': {
      fatal: false,
      description:
        'A text frame was not a JSON object; it was dropped and the socket stays open (reported on `errors$`).',
    },
    'not-open': {
      fatal: false,
      description: '`send()` was called while no socket is open.',
    },
    backpressure: {
      fatal: false,
      description:
        '`send()` was refused: the socket buffer is above the high-water mark and the strategy is `reject` or the queue is full.',
    },
    unauthorized: {
      fatal: true,
      description: 'Reserved for upper layers: the server rejected the credentials.',
    },
    protocol: {
      fatal: true,
      description: 'Reserved for upper layers: the peer violated the protocol.',
    },
  });
