import type {
  BridgedEvent,
  CallEvent,
  DtmfEvent,
  HangupEvent,
  UnbridgedEvent,
} from '../engine/events';
import type { Call } from './call';
import { cmEndedBy, cmOutcome } from './outcome';
import type { DecodedEvent, EventDetails } from './protocol/decode';
import { isKnownWireEvent, wireEvents } from './protocol/wire';

/** The fields every CM event shares once its call is known. */
export type EventBase = {
  callId: string;
  call: Call;
  receivedAt: number;
  raw: CallEvent['raw'];
};

/** Builds the frozen {@link CallEvent} a decoded CM event stands for, on `base`. */
export function buildCmEvent(decoded: DecodedEvent, base: EventBase): CallEvent {
  const type = isKnownWireEvent(decoded.event) ? wireEvents[decoded.event].type : 'initiated';
  return Object.freeze(eventOf(type, base, decoded.details));
}

function eventOf(type: CallEvent['type'], base: EventBase, details: EventDetails): CallEvent {
  switch (type) {
    case 'bridged':
      return {
        ...base,
        type,
        rebridge: details.rebridge ?? false,
        ...pick(details, 'previousChannel', 'previousUid'),
      } satisfies BridgedEvent;
    case 'unbridged':
      return {
        ...base,
        type,
        rebridge: details.rebridge ?? false,
        ...pick(details, 'segmentBillsec'),
      } satisfies UnbridgedEvent;
    case 'bridge-failed':
      return { ...base, type, ...pick(details, 'reason') };
    case 'hangup': {
      const outcome = cmOutcome(details.hangupCause);
      const endedBy = cmEndedBy(details.sipDisposition);
      return {
        ...base,
        type,
        ...pick(details, 'hangupCause', 'duration', 'billsec', 'sipDisposition'),
        ...(outcome === undefined ? {} : { outcome }),
        ...(endedBy === undefined ? {} : { endedBy }),
      } satisfies HangupEvent;
    }
    case 'dtmf':
      return { ...base, type, digits: details.digits ?? '' } satisfies DtmfEvent;
    case 'incoming':
    case 'initiated':
    case 'ringing':
    case 'answered':
      return { ...base, type };
    default:
      return { ...base, type: 'initiated' };
  }
}

function pick<T extends object, K extends keyof T>(source: T, ...keys: K[]): Partial<Pick<T, K>> {
  const result: Partial<Pick<T, K>> = {};
  for (const key of keys) {
    if (source[key] !== undefined) result[key] = source[key];
  }
  return result;
}
