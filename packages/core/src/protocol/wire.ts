/**
 * Wire shapes of the Call Manager WebSocket API (see docs/PROTOCOL.md). Field names are exactly
 * the protocol's; the TypeScript surface elsewhere is camelCase.
 */

/** Any JSON object frame. */
export type WireObject = { [key: string]: unknown };

/** First server message after the socket opens. */
export interface WireGreeting {
  status: string;
  session_id?: string;
}

/** The register command: the only frame without a `request_id`. */
export interface WireRegister {
  action: 'register';
  auth_token: string;
  client_id: string;
  appid: string;
  subscribe_numbers?: string[];
}

/** Every command action the client sends after registration. */
export type WireAction =
  | 'outbound'
  | 'accept'
  | 'reject'
  | 'bridge'
  | 'unbridge'
  | 'endcall'
  | 'hangup'
  | 'transfer'
  | 'send_dtmf'
  | 'subscribe';

/** A command frame: the action, its fields (strings, `video` boolean, `numbers` array) and the id. */
export interface WireCommand {
  action: WireAction;
  request_id: string;
  [field: string]: string | boolean | string[];
}

/** The reply envelope the CM sends for a command. */
export interface WireReply {
  request_id: string;
  response?: string;
  status_code?: number;
  data?: WireObject;
  error?: unknown;
}

/** Event names the CM is known to send (others are passed through as unknown). */
export const knownWireEvents = [
  'call_incoming',
  'call_initiated',
  'call_ringing',
  'call_answered',
  'agora_bridge_start',
  'agora_bridge_end',
  'agora_bridge_failed',
  'call_hangup',
  'dtmf_received',
] as const;

/** One of {@link knownWireEvents}. */
export type KnownWireEvent = (typeof knownWireEvents)[number];
