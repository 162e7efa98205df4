import { readNumber, readString } from './strings';
import { isKnownWireEvent, type KnownWireEvent, type WireObject } from './wire';

/** What kind of server message a frame is, decided only by its shape (see docs/PROTOCOL.md §3). */
export type FrameKind = 'reply' | 'event' | 'status' | 'other';

/**
 * Classifies a frame. A frame with a string `request_id` is a reply (the CM never puts one on an
 * event); a frame with a string `event` is an event; a frame with `status` is a handshake message.
 */
export function classifyFrame(frame: WireObject): FrameKind {
  if (typeof frame.request_id === 'string') return 'reply';
  if (typeof frame.event === 'string') return 'event';
  if (typeof frame.status === 'string') return 'status';
  return 'other';
}

/** Call fields an event may carry; each is present only when the frame had a non-empty value. */
export interface EventCallFields {
  channel?: string;
  uid?: string;
  from?: string;
  to?: string;
  direction?: string;
  appId?: string;
}

/** Event-specific fields, camelCased and typed. */
export interface EventDetails {
  digits?: string;
  rebridge?: boolean;
  previousChannel?: string;
  previousUid?: string;
  segmentBillsec?: number;
  reason?: string;
  hangupCause?: string;
  duration?: number;
  billsec?: number;
  sipDisposition?: string;
}

/** A server event after validation, before it is matched to a call. */
export interface DecodedEvent {
  /** The wire event name. */
  readonly event: string;
  /** Whether the name is one this SDK understands. */
  readonly known: boolean;
  /** `callid` as sent: may be `''` (early outbound events) or `appid:channel:uid` (quirk hangups). */
  readonly wireCallId: string;
  readonly fields: EventCallFields;
  readonly details: EventDetails;
  readonly raw: WireObject;
}

const callFieldNames = [
  ['channel', 'channel'],
  ['uid', 'uid'],
  ['from', 'from'],
  ['to', 'to'],
  ['direction', 'direction'],
  ['appId', 'appid'],
] as const;

/**
 * Validates and decodes an event frame. Returns a string describing the problem when the frame is
 * not a well-formed event (the caller reports it as `malformed-frame` and skips it).
 */
export function decodeEvent(frame: WireObject): DecodedEvent | string {
  const event = frame.event;
  if (typeof event !== 'string' || event === '') return 'event name missing';
  const callId = frame.callid;
  if (callId !== undefined && callId !== null && typeof callId !== 'string') {
    return `${event}: callid is not a string`;
  }
  const fields: EventCallFields = {};
  for (const [name, wire] of callFieldNames) {
    const value = readString(frame, wire);
    if (value) fields[name] = value;
  }
  return {
    event,
    known: isKnownWireEvent(event),
    wireCallId: typeof callId === 'string' ? callId : '',
    fields,
    details: readDetails(event, frame),
    raw: frame,
  };
}

function readDetails(event: string, frame: WireObject): EventDetails {
  const details: EventDetails = {};
  const set = <K extends keyof EventDetails>(key: K, value: EventDetails[K] | undefined) => {
    if (value !== undefined) details[key] = value;
  };
  switch (event as KnownWireEvent) {
    case 'dtmf_received':
      set('digits', readString(frame, 'digits'));
      break;
    case 'agora_bridge_start':
      set('rebridge', frame.rebridge === true || frame.rebridge === 'true');
      set('previousChannel', readString(frame, 'previous_channel'));
      set('previousUid', readString(frame, 'previous_uid'));
      break;
    case 'agora_bridge_end':
      set('rebridge', frame.rebridge === true || frame.rebridge === 'true');
      set('segmentBillsec', readNumber(frame, 'segment_billsec'));
      break;
    case 'agora_bridge_failed':
      set('reason', readString(frame, 'reason'));
      break;
    case 'call_hangup':
      set('hangupCause', readString(frame, 'hangup_cause'));
      set('duration', readNumber(frame, 'duration'));
      set('billsec', readNumber(frame, 'billsec'));
      set('sipDisposition', readString(frame, 'sip_disposition'));
      break;
    default:
      break;
  }
  return details;
}
