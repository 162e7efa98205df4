/** Options every command accepts. */
export interface CommandOptions {
  /** Aborts waiting for the reply (the command may still run on the server). */
  signal?: AbortSignal;
  /**
   * How long to wait for the reply, 1 ms to 2^31-1 ms, or `Infinity` for no timeout.
   * @default the client's `commandTimeoutMs` (30000)
   */
  timeoutMs?: number;
}

/** Media-channel credentials shared by dial, accept and bridge. */
export interface MediaParams {
  /** Media channel to bridge the call into. */
  channel: string;
  /** User id of the call in the channel (digits; numbers are sent as strings). */
  uid: string | number;
  /** RTC token for the channel. @default the resolved appId (for projects with tokens disabled) */
  token?: string;
  /**
   * App id for this command. @default for accept and bridge the call's app id, else the
   * registered one; for dial the registered one (never "MULTI")
   */
  appId?: string;
  /** Bridge video as well as audio. @default false */
  video?: boolean;
  /** Media SDK options, sent as a JSON string. @default omitted */
  sdkOptions?: string | Record<string, unknown>;
  /** Audio scenario number, sent as a string. @default omitted */
  audioScenario?: string | number;
}

/** Parameters of {@link CallstreamClient.dial}. */
export interface DialParams extends MediaParams {
  /** Number to call (E.164, optionally `;dtmf=…` to send digits after answer) or a `sip:` URI. */
  to: string;
  /** Caller id to present (E.164). */
  from: string;
  /** Gateway region, e.g. `AREA_CODE_NA`. @default '' (the CM picks) */
  region?: string;
  /** Ring timeout in seconds. @default '' (the gateway's default) */
  timeoutSec?: number | string;
  /** Force a SIP target, e.g. `host:5081;transport=tls`. @default omitted */
  sip?: string;
  /** SIP domain for the From header. @default omitted */
  sipDomain?: string;
}

/** Parameters of {@link CallstreamClient.accept}. */
export interface AcceptParams extends MediaParams {
  /** Send this leg's events to your own webhook instead of this client. @default omitted */
  webhookUrl?: string;
}

/** Parameters of {@link CallstreamClient.bridge}. */
export type BridgeParams = MediaParams;

/** Which leg a transfer applies to: `aleg`/`A` (default on the server) or `bleg`/`B`. */
export type TransferLeg = 'aleg' | 'bleg' | 'A' | 'B';

/** Options of {@link CallstreamClient.transfer}. */
export interface TransferParams {
  /** @default omitted (the server transfers the A leg) */
  leg?: TransferLeg;
}

/** Options of {@link CallstreamClient.hangup}. */
export interface HangupOptions extends CommandOptions {
  /**
   * Wire action to use. By default `endcall` for calls this client dialled and `hangup` for
   * inbound ones; required for a callId this client does not track.
   */
  action?: 'endcall' | 'hangup';
}

/** What {@link CallstreamClient.dial} resolves with. */
export interface DialResult {
  /** The new call's id. */
  readonly callId: string;
  /** Gateway that placed the call, when the server says. */
  readonly gatewayIp?: string;
  /** The whole reply frame. */
  readonly raw: { readonly [key: string]: unknown };
}

/** What the other commands resolve with. */
export interface CommandResult {
  /** `request_id` of the command. */
  readonly requestId: string;
  /** The reply's `status_code`, when present. */
  readonly statusCode?: number;
  /** The whole reply frame. */
  readonly raw: { readonly [key: string]: unknown };
}
