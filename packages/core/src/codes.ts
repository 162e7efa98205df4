/** The error class names of the core's error hierarchy. */
export type ErrorKind =
  | 'ConfigurationError'
  | 'ValidationError'
  | 'ConnectionError'
  | 'TimeoutError'
  | 'ProtocolError'
  | 'AuthError'
  | 'CommandError'
  | 'CallError'
  | 'AbortError'
  | 'ClosedError';

/** What the code table says about one error code. */
export interface ErrorCodeInfo {
  /** The class of errors with this code. */
  readonly kind: ErrorKind;
  /** Whether doing the same thing again later can succeed. */
  readonly retryable: boolean;
  /** What happened, for people (docs/errors.md is generated from it). */
  readonly description: string;
  /**
   * Whether no retry policy may ever retry this error (bad credentials, bad options): reconnect
   * loops stop before asking the policy. @default false
   */
  readonly fatal?: boolean;
}

/** A machine-readable error code; see {@link errorCodes} and docs/errors.md. */
export type ErrorCode =
  | 'invalid-options'
  | 'invalid-argument'
  | 'unsupported'
  | 'appid-required'
  | 'unknown-call'
  | 'invalid-call-state'
  | 'duplicate-dial'
  | 'not-connected'
  | 'unreachable'
  | 'connect-timeout'
  | 'connection-lost'
  | 'liveness-timeout'
  | 'backpressure'
  | 'unexpected-greeting'
  | 'registration-failed'
  | 'unauthorized'
  | 'malformed-frame'
  | 'command-timeout'
  | 'aborted'
  | 'command-failed'
  | 'call-not-found'
  | 'no-resource'
  | 'call-expired'
  | 'late-dial'
  | 'late-accept'
  | 'reconnect-failed'
  | 'closed';

/** What the runtime needs of a code: its class, whether retrying can help, whether it is fatal. */
export type ErrorCodeRule = Pick<ErrorCodeInfo, 'kind' | 'retryable' | 'fatal'>;

/**
 * The runtime half of the code table: what errors are built from. The descriptions live apart
 * (below) so a browser bundle that never reads {@link errorCodes} does not carry them.
 */
export const errorCodeRules: Readonly<Record<ErrorCode, ErrorCodeRule>> = {
  'invalid-options': { kind: 'ConfigurationError', retryable: false, fatal: true },
  'invalid-argument': { kind: 'ValidationError', retryable: false },
  unsupported: { kind: 'ValidationError', retryable: false },
  'appid-required': { kind: 'ValidationError', retryable: false },
  'unknown-call': { kind: 'ValidationError', retryable: false },
  'invalid-call-state': { kind: 'ValidationError', retryable: false },
  'duplicate-dial': { kind: 'ValidationError', retryable: false },
  'not-connected': { kind: 'ConnectionError', retryable: true },
  unreachable: { kind: 'ConnectionError', retryable: true },
  'connect-timeout': { kind: 'TimeoutError', retryable: true },
  'connection-lost': { kind: 'ConnectionError', retryable: true },
  'liveness-timeout': { kind: 'ConnectionError', retryable: true },
  backpressure: { kind: 'ConnectionError', retryable: true },
  'unexpected-greeting': { kind: 'ProtocolError', retryable: true },
  'registration-failed': { kind: 'ProtocolError', retryable: true },
  unauthorized: { kind: 'AuthError', retryable: false, fatal: true },
  'malformed-frame': { kind: 'ProtocolError', retryable: true },
  'command-timeout': { kind: 'TimeoutError', retryable: true },
  aborted: { kind: 'AbortError', retryable: false },
  'command-failed': { kind: 'CommandError', retryable: false },
  'call-not-found': { kind: 'CommandError', retryable: false },
  'no-resource': { kind: 'CommandError', retryable: true },
  'call-expired': { kind: 'CallError', retryable: false },
  'late-dial': { kind: 'CommandError', retryable: false },
  'late-accept': { kind: 'CommandError', retryable: false },
  'reconnect-failed': { kind: 'ConnectionError', retryable: true },
  closed: { kind: 'ClosedError', retryable: false },
};

/** What each code means, for people: the docs half of the table. */
const descriptions: Readonly<Record<ErrorCode, string>> = {
  'invalid-options': 'createClient() options are missing or malformed.',
  'invalid-argument': 'A command argument failed validation; nothing was sent.',
  unsupported:
    'The backend cannot do this command (its capability set lacks it); nothing was sent. Check client.capabilities first in portable code.',
  'appid-required':
    'MULTI mode needs an explicit appId for this command: caught before sending, or reported by the server.',
  'unknown-call':
    'The command needs a call this client tracks, and the callId is not one; nothing was sent.',
  'invalid-call-state':
    'The call is not in a state that allows this command (e.g. accepting a call that is not incoming).',
  'duplicate-dial':
    'Another dial with the same appId:channel:uid is still waiting for its reply (the CM keys calls by it).',
  'not-connected':
    'A command was issued while the client was not connected; commands are never queued.',
  unreachable: 'The WebSocket could not be opened (DNS, refused, TLS, wrong path).',
  'connect-timeout': 'Socket open, greeting and register did not finish within connectTimeoutMs.',
  'connection-lost':
    'The connection dropped while a command was waiting for its reply; the command may or may not have run.',
  'liveness-timeout':
    'The server stopped answering pings or sending frames; the socket was closed.',
  backpressure: 'The socket send buffer is full; the command was not sent.',
  'unexpected-greeting':
    'The first server message was not {"status":"connected"} (for example {"status":"error"} at capacity).',
  'registration-failed':
    'The server answered register with something other than {"status":"registered"}.',
  unauthorized: 'The server refused the auth token for this appId (or MULTI). Never retried.',
  'malformed-frame':
    'A server frame was not a JSON text object (binary frames included) or an event was not well formed: it was skipped and reported on errors$. A reply of the wrong shape (status_code not a number, data.success not a boolean, response naming another action) rejects its command with this code.',
  'command-timeout':
    'No reply within timeoutMs; a late reply is discarded, never treated as an event.',
  aborted: "The command's AbortSignal fired before the reply; a late reply is discarded.",
  'command-failed':
    'The server rejected the command (error, status_code >= 400 or data.success false).',
  'call-not-found':
    'The server does not know the callid: it ended, the lookup expired, or another client accepted it first.',
  'no-resource': 'The gateway has no capacity (HTTP 503 "No resource currently available").',
  'call-expired': 'An incoming call was not claimed before its lookup deadline; it was removed.',
  'late-dial':
    'A dial that timed out or was aborted was placed by the server after all; the call is tracked now (hang it up if unwanted). Reported on errors$ with its callId.',
  'late-accept':
    'An accept that timed out or was aborted was accepted by the server after all: the call is claimed now (or, if it had already expired locally, it is up on the server: hang it up with { action: "hangup" }). Reported on errors$ with its callId.',
  'reconnect-failed':
    'One reconnect attempt failed (reported on errors$; the client keeps trying per its policy).',
  closed:
    'The client was closed while the command was pending, or a command was issued after close().',
};

/**
 * Every error code callstream's core can produce, with its class and meaning. `docs/errors.md`
 * is generated from (and tested against) this table, so it is the single source of truth.
 * Built by a pure call: bundlers drop it, descriptions included, from apps that never read it.
 */
export const errorCodes: Readonly<Record<ErrorCode, ErrorCodeInfo>> =
  /* @__PURE__ */ withDescriptions(errorCodeRules, descriptions);

function withDescriptions(
  rules: Readonly<Record<ErrorCode, ErrorCodeRule>>,
  texts: Readonly<Record<ErrorCode, string>>,
): Readonly<Record<ErrorCode, ErrorCodeInfo>> {
  const table = {} as Record<ErrorCode, ErrorCodeInfo>;
  for (const code of Object.keys(rules) as ErrorCode[]) {
    table[code] = { ...rules[code], description: texts[code] };
  }
  return table;
}
