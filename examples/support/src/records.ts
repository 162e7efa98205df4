import type { AnyCallEvent, CallSnapshot, ClientState } from '@callstream/core';
import { describeError } from './errors';
import type { JsonRecord } from './output';

/** The fields of a call snapshot worth printing (no timestamps table, no raw frames). */
export function callFields(call: CallSnapshot): Record<string, unknown> {
  // The Call Manager's calls also say which media channel they are in.
  const media = call as Partial<Record<'channel' | 'uid', string>>;
  return {
    callId: call.callId,
    direction: call.direction,
    state: call.state,
    from: call.from,
    to: call.to,
    ...(media.channel === undefined ? {} : { channel: media.channel }),
    ...(media.uid === undefined ? {} : { uid: media.uid }),
    ...(call.hangupCause === undefined ? {} : { hangupCause: call.hangupCause }),
    ...(call.outcome === undefined ? {} : { outcome: call.outcome }),
    ...(call.endReason === undefined ? {} : { endReason: call.endReason }),
  };
}

/** The details particular to each event type. */
function eventDetails(event: AnyCallEvent<CallSnapshot>): Record<string, unknown> {
  switch (event.type) {
    case 'dtmf':
      return { digits: event.digits };
    case 'hangup':
      return {
        hangupCause: event.hangupCause,
        sipDisposition: event.sipDisposition,
        duration: event.duration,
        billsec: event.billsec,
      };
    case 'removed':
      return { reason: event.reason };
    case 'bridged':
      return event.rebridge ? { rebridge: true, previousChannel: event.previousChannel } : {};
    case 'unbridged':
      return event.rebridge ? { rebridge: true } : {};
    case 'bridge-failed':
      return { reason: event.reason };
    case 'unknown':
      return { wireEvent: event.event };
    case 'hold':
      return { held: event.held };
    case 'backend':
      return { name: event.name };
    default:
      return {};
  }
}

/**
 * One `events$` item as a JSON record: `{type: "event", event: <type>, callId, direction,
 * state, from, to, channel, uid, …details}`. Raw wire frames are left out on purpose.
 */
export function eventRecord(event: AnyCallEvent<CallSnapshot>): JsonRecord {
  const call = event.call ? callFields(event.call) : { callId: event.callId };
  const details = Object.fromEntries(
    Object.entries(eventDetails(event)).filter(([, value]) => value !== undefined),
  );
  return { type: 'event', event: event.type, ...call, ...details };
}

/** One `state$` item as a JSON record: `{type: "state", status, …}` (errors as code + message). */
export function stateRecord(state: ClientState): JsonRecord {
  switch (state.status) {
    case 'connecting':
      return { type: 'state', status: state.status, attempt: state.attempt };
    case 'connected':
      return {
        type: 'state',
        status: state.status,
        sessionId: state.sessionId,
        reconnects: state.reconnects,
      };
    case 'reconnecting':
      return {
        type: 'state',
        status: state.status,
        attempt: state.attempt,
        delayMs: state.delayMs,
        error: describeError(state.error),
      };
    case 'closed':
      return state.error === undefined
        ? { type: 'state', status: state.status }
        : { type: 'state', status: state.status, error: describeError(state.error) };
    default:
      return { type: 'state', status: state.status };
  }
}

/** A failure as a JSON record: `{type: "error", code, message, …context}`. */
export function errorRecord(error: unknown, context: Record<string, unknown> = {}): JsonRecord {
  return { type: 'error', ...describeError(error), ...context };
}
