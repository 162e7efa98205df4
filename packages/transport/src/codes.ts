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
 * Which codes are fatal (never retried): the runtime half of the classification table, the single
 * place that decides it. `isRetryable`, `TransportError.fatal` and the errors page read it.
 */
const fatalByCode: Readonly<Record<TransportErrorCode, boolean>> = {
  'invalid-options': true,
  'connect-failed': false,
  'connect-timeout': false,
  closed: false,
  'liveness-timeout': false,
  'malformed-frame': false,
  'not-open': false,
  backpressure: false,
  unauthorized: true,
  protocol: true,
};

/** Whether `code` is fatal: retrying cannot help. */
export function isFatalCode(code: TransportErrorCode): boolean {
  return fatalByCode[code];
}

/** One sentence per code, for the docs and for tools; not needed at runtime. */
const descriptions: Readonly<Record<TransportErrorCode, string>> = {
  'invalid-options':
    'The options are unusable (bad URL, or an injected WebSocket constructor that fails the structural check).',
  'connect-failed': 'The socket reported an error or closed before it opened.',
  'connect-timeout': 'The socket did not open within `openTimeoutMs`.',
  closed:
    'The socket closed after it opened without the subscriber asking for it; `closeCode` and `closeReason` say how.',
  'liveness-timeout':
    'Nothing arrived from the peer for too long (pong timeout or idle timeout); the socket was terminated.',
  'malformed-frame':
    'A text frame was not a JSON object; it was dropped and the socket stays open (reported on `errors$`).',
  'not-open': '`send()` was called while no socket is open.',
  backpressure:
    '`send()` was refused: the socket buffer is above the high-water mark and the strategy is `reject` or the queue is full.',
  unauthorized: 'Reserved for upper layers: the server rejected the credentials.',
  protocol: 'Reserved for upper layers: the peer violated the protocol.',
};

/**
 * The classification table with a description per code (docs/errors.md is generated from it).
 * A pure call: a bundler drops it, and the descriptions with it, from apps that never read it.
 */
export const transportErrorCodes: Readonly<Record<TransportErrorCode, TransportErrorCodeInfo>> =
  /* @__PURE__ */ buildTable();

function buildTable(): Readonly<Record<TransportErrorCode, TransportErrorCodeInfo>> {
  const table = {} as Record<TransportErrorCode, TransportErrorCodeInfo>;
  for (const code of Object.keys(fatalByCode) as TransportErrorCode[]) {
    table[code] = Object.freeze({ fatal: fatalByCode[code], description: descriptions[code] });
  }
  return Object.freeze(table);
}
