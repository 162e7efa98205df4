import type { Call, CallEndReason } from './calls/call';

/** Fields every {@link CallEvent} has. */
interface EventBase {
  /** The call id the event is about (after resolving composite keys). */
  readonly callId: string;
  /** Snapshot of the call after the event was applied. */
  readonly call: Call;
  /** Epoch ms when the client received the event. */
  readonly receivedAt: number;
  /** The wire frame as received (never contains secrets: the CM does not put tokens in events). */
  readonly raw: { readonly [key: string]: unknown };
}

/** An inbound call is offered on a DID (`call_incoming`). */
export interface IncomingEvent extends EventBase {
  /** Discriminant: `incoming`. */
  readonly type: 'incoming';
}
/** The gateway started a leg (`call_initiated`). */
export interface InitiatedEvent extends EventBase {
  /** Discriminant: `initiated`. */
  readonly type: 'initiated';
}
/** The remote side is ringing (`call_ringing`). */
export interface RingingEvent extends EventBase {
  /** Discriminant: `ringing`. */
  readonly type: 'ringing';
}
/** The remote side answered (`call_answered`). */
export interface AnsweredEvent extends EventBase {
  /** Discriminant: `answered`. */
  readonly type: 'answered';
}
/** The leg joined a media channel (`agora_bridge_start`). */
export interface BridgedEvent extends EventBase {
  /** Discriminant: `bridged`. */
  readonly type: 'bridged';
  /** True when this moved an already bridged call to another channel. */
  readonly rebridge: boolean;
  /** Channel the call left, on a re-bridge. */
  readonly previousChannel?: string;
  /** Uid the call had in the channel it left, on a re-bridge. */
  readonly previousUid?: string;
}
/** The leg left its media channel (`agora_bridge_end`); the phone leg stays up. */
export interface UnbridgedEvent extends EventBase {
  /** Discriminant: `unbridged`. */
  readonly type: 'unbridged';
  /** True when the call left only to join another channel (a re-bridge follows). */
  readonly rebridge: boolean;
  /** Billed seconds of the channel segment that ended, on a re-bridge. */
  readonly segmentBillsec?: number;
}
/** Moving the leg to another channel failed; the phone leg stays up (`agora_bridge_failed`). */
export interface BridgeFailedEvent extends EventBase {
  /** Discriminant: `bridge-failed`. */
  readonly type: 'bridge-failed';
  /** The server's explanation. */
  readonly reason?: string;
}
/** The leg ended (`call_hangup`). */
export interface HangupEvent extends EventBase {
  /** Discriminant: `hangup`. */
  readonly type: 'hangup';
  /** Why the leg ended: `NORMAL_CLEARING`, `USER_BUSY`, `NO_ANSWER`, `CALL_REJECTED`, … */
  readonly hangupCause?: string;
  /** Seconds from start to end. */
  readonly duration?: number;
  /** Billed seconds (answered time). */
  readonly billsec?: number;
  /** `recv_bye` (remote hung up) or `send_bye` (we hung up). */
  readonly sipDisposition?: string;
}
/** DTMF digits were detected on the leg (`dtmf_received`): one digit or several per event. */
export interface DtmfEvent extends EventBase {
  /** Discriminant: `dtmf`. */
  readonly type: 'dtmf';
  /** One or more of `0-9 * #`, as the server reported them. */
  readonly digits: string;
}
/** A call left `calls$` (client-side lifecycle event; the final snapshot is in `call`). */
export interface RemovedEvent extends EventBase {
  /** Discriminant: `removed`. */
  readonly type: 'removed';
  /** Why the call left `calls$`. */
  readonly reason: CallEndReason;
}
/**
 * An event with a name this SDK does not know, passed through untouched. `call` is set when the
 * event names a call this client tracks.
 */
export interface UnknownEvent extends Omit<EventBase, 'call'> {
  /** Discriminant: `unknown`. */
  readonly type: 'unknown';
  /** Snapshot of the call, when the event names one this client tracks. */
  readonly call?: Call;
  /** The wire `event` name. */
  readonly event: string;
}

/** Every lifecycle event on `events$`, discriminated by `type`. */
export type CallEvent =
  | IncomingEvent
  | InitiatedEvent
  | RingingEvent
  | AnsweredEvent
  | BridgedEvent
  | UnbridgedEvent
  | BridgeFailedEvent
  | HangupEvent
  | DtmfEvent
  | RemovedEvent
  | UnknownEvent;

/** One item of `dtmf$`. */
export interface DtmfReceived {
  /** The call the digits were detected on. */
  readonly callId: string;
  /** One or more digits, exactly as the server reported them. */
  readonly digits: string;
  /** Snapshot of the call when the digits arrived. */
  readonly call: Call;
  /** Epoch ms when the client received the digits. */
  readonly receivedAt: number;
}
