import type { CallState } from '../../engine/call';
import type { CallEvent } from '../../engine/events';
/**
 * Wire shapes of the Call Manager WebSocket API (see docs/PROTOCOL.md). Field names are exactly
 * the protocol's; the TypeScript surface elsewhere is camelCase.
 */

/** Any JSON object frame. */
export type WireObject = { [key: string]: unknown };

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

/**
 * Every event the CM is known to send, with the neutral event type it becomes and the call state
 * it moves the call to (others are passed through as `unknown`). The one table the decoder, the
 * call tracker and the event builder share.
 */
export const wireEvents = {
  call_incoming: { type: 'incoming' },
  call_initiated: { type: 'initiated' },
  call_ringing: { type: 'ringing', state: 'ringing' },
  call_answered: { type: 'answered', state: 'answered' },
  agora_bridge_start: { type: 'bridged', state: 'bridged' },
  agora_bridge_end: { type: 'unbridged', state: 'unbridged' },
  agora_bridge_failed: { type: 'bridge-failed' },
  call_hangup: { type: 'hangup', state: 'hangup' },
  dtmf_received: { type: 'dtmf' },
} as const satisfies Record<string, { type: CallEvent['type']; state?: CallState }>;

/** One of the CM's known event names. */
export type KnownWireEvent = keyof typeof wireEvents;

/** What a known event means: the neutral event type, and the state it moves its call to. */
export type WireEventMeaning = (typeof wireEvents)[KnownWireEvent];

/**
 * The {@link wireEvents} entry of `event`, or undefined for an unknown name. A switch rather
 * than a keyed lookup: event names come from `JSON.parse` as fresh strings, and comparing them
 * with a few constants is cheaper than hashing them for a property lookup, on every event.
 */
export function wireEventMeaning(event: string): WireEventMeaning | undefined {
  switch (event) {
    case 'call_incoming':
      return wireEvents.call_incoming;
    case 'call_initiated':
      return wireEvents.call_initiated;
    case 'call_ringing':
      return wireEvents.call_ringing;
    case 'call_answered':
      return wireEvents.call_answered;
    case 'agora_bridge_start':
      return wireEvents.agora_bridge_start;
    case 'agora_bridge_end':
      return wireEvents.agora_bridge_end;
    case 'agora_bridge_failed':
      return wireEvents.agora_bridge_failed;
    case 'call_hangup':
      return wireEvents.call_hangup;
    case 'dtmf_received':
      return wireEvents.dtmf_received;
    default:
      return undefined;
  }
}

/** Whether `event` is one of {@link wireEvents}. */
export function isKnownWireEvent(event: string): event is KnownWireEvent {
  return wireEventMeaning(event) !== undefined;
}

/** The call state an event with this meaning moves its call to, if it moves it. */
export function stateAfter(meaning: WireEventMeaning | undefined): CallState | undefined {
  return meaning !== undefined && 'state' in meaning ? meaning.state : undefined;
}
