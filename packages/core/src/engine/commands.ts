/** Options every command accepts, on every backend. */
export interface CommandOptions {
  /** Aborts waiting for the reply (the command may still run on the server). */
  signal?: AbortSignal;
  /**
   * How long to wait for the reply, 1 ms to 2^31-1 ms, or `Infinity` for no timeout.
   * @default the client's `commandTimeoutMs` (30000)
   */
  timeoutMs?: number;
}

/** The part of a dial every backend understands: who calls whom. */
export interface DialRequest {
  /** Number to call (E.164) or a `sip:` URI. */
  to: string;
  /** Caller id to present (E.164). */
  from: string;
}

/** What `dial` resolves with. */
export interface DialResult {
  /** The new call's id. */
  readonly callId: string;
  /** Gateway that placed the call, when the backend says (CM). */
  readonly gatewayIp?: string;
  /** The backend's whole reply. */
  readonly raw: { readonly [key: string]: unknown };
}

/** What the other commands resolve with. */
export interface CommandResult {
  /** The command's id: the CM `request_id`, the Telnyx `command_id`, a local id for Active Call. */
  readonly requestId: string;
  /** The reply's status code, when the backend sent one. */
  readonly statusCode?: number;
  /** The backend's whole reply (`{}` where a backend does not reply to commands). */
  readonly raw: { readonly [key: string]: unknown };
}
