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

/** Whether `event` is one of {@link wireEvents}. */
export function isKnownWireEvent(event: string): event is KnownWireEvent {
  return Object.hasOwn(wireEvents, event);
}

/** The call state a known event moves its call to, if it moves it. */
export function stateAfter(event: KnownWireEvent): CallState | undefined {
  const entry = wireEvents[event];
  return 'state' in entry ? entry.state : undefined;
}
