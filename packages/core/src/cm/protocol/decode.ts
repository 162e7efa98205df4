import { asNumber, asString } from './strings';
import { type WireEventMeaning, type WireObject, wireEventMeaning, wireEvents } from './wire';

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

/**
 * Call fields an event may carry; each is undefined unless the frame had a non-empty value.
 * Always all six keys (never absent): every decoded event has the same shape, so the code that
 * reads them stays monomorphic.
 */
export interface EventCallFields {
  readonly channel: string | undefined;
  readonly uid: string | undefined;
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly direction: string | undefined;
  readonly appId: string | undefined;
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

/** A server event after validation, before it is matched to a call; carries its call fields. */
export interface DecodedEvent extends EventCallFields {
  /** The wire event name. */
  readonly event: string;
  /** Whether the name is one this SDK understands. */
  readonly known: boolean;
  /** What a known event means (its event type and target state); undefined when unknown. */
  readonly meaning: WireEventMeaning | undefined;
  /** `callid` as sent: may be `''` (early outbound events) or `appid:channel:uid` (quirk hangups). */
  readonly wireCallId: string;
  readonly details: EventDetails;
  readonly raw: WireObject;
}

/** No event-specific fields: shared by every event that has none (it is never written to). */
const noDetails: EventDetails = Object.freeze({});

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
  const meaning = wireEventMeaning(event);
  return {
    event,
    known: meaning !== undefined,
    meaning,
    wireCallId: typeof callId === 'string' ? callId : '',
    channel: nonEmpty(frame.channel),
    uid: nonEmpty(frame.uid),
    from: nonEmpty(frame.from),
    to: nonEmpty(frame.to),
    direction: nonEmpty(frame.direction),
    appId: nonEmpty(frame.appid),
    details: meaning === undefined ? noDetails : readDetails(meaning, frame),
    raw: frame,
  };
}

/** A call field: a non-empty string (numbers converted), else undefined. */
function nonEmpty(value: unknown): string | undefined {
  const text = asString(value);
  return text === '' ? undefined : text;
}

function readDetails(meaning: WireEventMeaning, frame: WireObject): EventDetails {
  switch (meaning) {
    case wireEvents.dtmf_received: {
      const details: EventDetails = {};
      setString(details, 'digits', frame.digits);
      return details;
    }
    case wireEvents.agora_bridge_start: {
      const details: EventDetails = { rebridge: isTrue(frame.rebridge) };
      setString(details, 'previousChannel', frame.previous_channel);
      setString(details, 'previousUid', frame.previous_uid);
      return details;
    }
    case wireEvents.agora_bridge_end: {
      const details: EventDetails = { rebridge: isTrue(frame.rebridge) };
      setNumber(details, 'segmentBillsec', frame.segment_billsec);
      return details;
    }
    case wireEvents.agora_bridge_failed: {
      const details: EventDetails = {};
      setString(details, 'reason', frame.reason);
      return details;
    }
    case wireEvents.call_hangup: {
      const details: EventDetails = {};
      setString(details, 'hangupCause', frame.hangup_cause);
      setNumber(details, 'duration', frame.duration);
      setNumber(details, 'billsec', frame.billsec);
      setString(details, 'sipDisposition', frame.sip_disposition);
      return details;
    }
    default:
      return noDetails;
  }
}

/** `rebridge` is a boolean, or the string "true" from some gateways. */
function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

type StringDetail =
  | 'digits'
  | 'previousChannel'
  | 'previousUid'
  | 'reason'
  | 'hangupCause'
  | 'sipDisposition';
type NumberDetail = 'segmentBillsec' | 'duration' | 'billsec';

/** Sets a string detail when the wire value reads as one (absent otherwise, never undefined). */
function setString(details: EventDetails, key: StringDetail, value: unknown): void {
  const text = asString(value);
  if (text !== undefined) details[key] = text;
}

/** Sets a numeric detail when the wire value reads as one. */
function setNumber(details: EventDetails, key: NumberDetail, value: unknown): void {
  const number = asNumber(value);
  if (number !== undefined) details[key] = number;
}
