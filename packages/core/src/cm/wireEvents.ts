import type {
  BridgedEvent,
  BridgeFailedEvent,
  CallEvent,
  DtmfEvent,
  HangupEvent,
  UnbridgedEvent,
} from '../engine/events';
import type { Call } from './call';
import { cmEndedBy, cmOutcome } from './outcome';
import type { DecodedEvent } from './protocol/decode';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Builds the frozen {@link CallEvent} a decoded CM event stands for, about `call` (its snapshot
 * after the event was applied). Every event is one object literal plus the optional fields its
 * frame had: this runs for every event, so no spreads (they cost more than the rest together).
 */
export function buildCmEvent(decoded: DecodedEvent, call: Call, receivedAt: number): CallEvent {
  const type = decoded.meaning?.type ?? 'initiated';
  const { callId } = call;
  const { details, raw } = decoded;
  switch (type) {
    case 'bridged': {
      const event: Mutable<BridgedEvent> = {
        type,
        callId,
        call,
        receivedAt,
        raw,
        rebridge: details.rebridge ?? false,
      };
      if (details.previousChannel !== undefined) event.previousChannel = details.previousChannel;
      if (details.previousUid !== undefined) event.previousUid = details.previousUid;
      return Object.freeze(event);
    }
    case 'unbridged': {
      const event: Mutable<UnbridgedEvent> = {
        type,
        callId,
        call,
        receivedAt,
        raw,
        rebridge: details.rebridge ?? false,
      };
      if (details.segmentBillsec !== undefined) event.segmentBillsec = details.segmentBillsec;
      return Object.freeze(event);
    }
    case 'bridge-failed': {
      const event: Mutable<BridgeFailedEvent> = { type, callId, call, receivedAt, raw };
      if (details.reason !== undefined) event.reason = details.reason;
      return Object.freeze(event);
    }
    case 'hangup':
      return Object.freeze(hangupEvent(decoded, call, receivedAt));
    case 'dtmf': {
      const event: DtmfEvent = {
        type,
        callId,
        call,
        receivedAt,
        raw,
        digits: details.digits ?? '',
      };
      return Object.freeze(event);
    }
    default:
      return Object.freeze({ type, callId, call, receivedAt, raw });
  }
}

function hangupEvent(decoded: DecodedEvent, call: Call, receivedAt: number): HangupEvent {
  const { details, raw } = decoded;
  const event: Mutable<HangupEvent> = {
    type: 'hangup',
    callId: call.callId,
    call,
    receivedAt,
    raw,
  };
  if (details.hangupCause !== undefined) event.hangupCause = details.hangupCause;
  if (details.duration !== undefined) event.duration = details.duration;
  if (details.billsec !== undefined) event.billsec = details.billsec;
  if (details.sipDisposition !== undefined) event.sipDisposition = details.sipDisposition;
  const outcome = cmOutcome(details.hangupCause);
  if (outcome !== undefined) event.outcome = outcome;
  const endedBy = cmEndedBy(details.sipDisposition);
  if (endedBy !== undefined) event.endedBy = endedBy;
  return event;
}
