import type { CommandOptions, DialRequest } from '../engine/commands';

export type { CommandOptions, CommandResult, DialResult } from '../engine/commands';

/** Media options shared by dial, accept and bridge. */
export interface MediaOptions {
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

/** Media-channel credentials shared by dial, accept and bridge. */
export interface MediaParams extends MediaOptions {
  /** Media channel to bridge the call into. */
  channel: string;
  /** User id of the call in the channel (digits; numbers are sent as strings). */
  uid: string | number;
}

/**
 * Parameters of {@link CallstreamClient.dial}. `channel` and `uid` may be left out (portable
 * code does): the client's `media` option picks them.
 */
export interface DialParams extends MediaOptions, DialRequest {
  /** Number to call (E.164, optionally `;dtmf=…` to send digits after answer) or a `sip:` URI. */
  to: string;
  /** Caller id to present (E.164). */
  from: string;
  /** Media channel to bridge the call into. @default chosen by the client's `media` option */
  channel?: string;
  /** User id of the call in the channel. @default chosen by the client's `media` option */
  uid?: string | number;
  /** Gateway region, e.g. `AREA_CODE_NA`. @default '' (the CM picks) */
  region?: string;
  /** Ring timeout in seconds. @default '' (the gateway's default) */
  timeoutSec?: number | string;
  /** Force a SIP target, e.g. `host:5081;transport=tls`. @default omitted */
  sip?: string;
  /** SIP domain for the From header. @default omitted */
  sipDomain?: string;
}

/**
 * Parameters of {@link CallstreamClient.accept}. `channel` and `uid` may be left out (portable
 * code does): the client's `media` option picks them.
 */
export interface AcceptParams extends MediaOptions {
  /** Media channel to bridge the call into. @default chosen by the client's `media` option */
  channel?: string;
  /** User id of the call in the channel. @default chosen by the client's `media` option */
  uid?: string | number;
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

/** What the client's `media` option is asked for: the call that needs a channel. */
export interface MediaRequest {
  /** `outbound` for dial, `inbound` for accept. */
  readonly direction: 'inbound' | 'outbound';
  /** The call id (accept only: a dial's id is not known yet). */
  readonly callId?: string;
  /** Caller number. */
  readonly from: string;
  /** Called number. */
  readonly to: string;
  /** The app id the command will carry, when known. */
  readonly appId?: string;
}

/** What the client's `media` option answers: where the call goes, and its RTC token if any. */
export interface MediaChoice {
  /** Media channel to bridge the call into. */
  readonly channel: string;
  /** User id of the call in the channel. */
  readonly uid: string | number;
  /** RTC token for that channel and uid. @default the app id (projects with tokens disabled) */
  readonly token?: string;
}

/** Options of {@link CallstreamClient.hangup}. */
export interface HangupOptions extends CommandOptions {
  /**
   * Wire action to use. By default `endcall` for calls this client dialled and `hangup` for
   * inbound ones; required for a callId this client does not track.
   */
  action?: 'endcall' | 'hangup';
}
