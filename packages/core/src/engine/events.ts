import type { Call } from '../cm/call';
import type { CallEndedBy, CallEndReason, CallOutcome, CallSnapshot } from './call';

/*
 * The event union every backend emits on `events$`. Each type is generic over the backend's call
 * snapshot; the default is the Call Manager's `Call` (the primary backend), so `CallEvent` alone
 * keeps meaning what it always did. Portable code uses `CallEvent<CallSnapshot>`.
 */

/** Fields every {@link CallEvent} has. */
export interface CallEventBase<C extends CallSnapshot = Call> {
  /** The call id the event is about. */
  readonly callId: string;
  /** Snapshot of the call after the event was applied. */
  readonly call: C;
  /** Epoch ms when the client received the event. */
  readonly receivedAt: number;
  /** Epoch ms when the backend says it happened, when it says (Telnyx `occurred_at`). */
  readonly occurredAt?: number;
  /** The wire message as received (backends do not put secrets in events). */
  readonly raw: { readonly [key: string]: unknown };
}

/** An inbound call is offered to this client (CM `call_incoming`, Telnyx incoming `call.initiated`, Active Call webhook). */
export interface IncomingEvent<C extends CallSnapshot = Call> extends CallEventBase<C> {
  /** Discriminant: `incoming`. */
  readonly type: 'incoming';
}
/** The backend started a leg (CM `call_initiated`, Telnyx outgoing `call.initiated`). */
export interface InitiatedEvent<C extends CallSnapshot = Call> extends CallEventBase<C> {
  /** Discriminant: `initiated`. */
  readonly type: 'initiated';
}
/** The remote side is ringing. */
export interface RingingEvent<C extends CallSnapshot = Call> extends CallEventBase<C> {
  /** Discriminant: `ringing`. */
  readonly type: 'ringing';
}
/** The call was answered (by the remote side for outbound calls, by this client for inbound ones). */
export interface AnsweredEvent<C extends CallSnapshot = Call> extends CallEventBase<C> {
  /** Discriminant: `answered`. */
  readonly type: 'answered';
}
/** The call joined a bridge: a media channel (CM) or another leg (Telnyx). */
export interface BridgedEvent<C extends CallSnapshot = Call> extends CallEventBase<C> {
  /** Discriminant: `bridged`. */
  readonly type: 'bridged';
  /** True when this moved an already bridged call to another channel. */
  readonly rebridge: boolean;
  /** Channel the call left, on a re-bridge (CM). */
  readonly previousChannel?: string;
  /** Uid the call had in the channel it left, on a re-bridge (CM). */
  readonly previousUid?: string;
}
/** The call left its bridge; the phone leg stays up. */
export interface UnbridgedEvent<C extends CallSnapshot = Call> extends CallEventBase<C> {
  /** Discriminant: `unbridged`. */
  readonly type: 'unbridged';
  /** True when the call left only to join another channel (a re-bridge follows). */
  readonly rebridge: boolean;
  /** Billed seconds of the channel segment that ended, on a re-bridge (CM). */
  readonly segmentBillsec?: number;
}
/** Bridging failed; the phone leg stays up. */
export interface BridgeFailedEvent<C extends CallSnapshot = Call> extends CallEventBase<C> {
  /** Discriminant: `bridge-failed`. */
  readonly type: 'bridge-failed';
  /** The backend's explanation. */
  readonly reason?: string;
}
/** The remote party put the call on hold or took it off hold (`call.held` says which). */
export interface HoldEvent<C extends CallSnapshot = Call> extends CallEventBase<C> {
  /** Discriminant: `hold`. */
  readonly type: 'hold';
  /** True when the call is now on hold. */
  readonly held: boolean;
}
/** The call ended on the network. */
export interface HangupEvent<C extends CallSnapshot = Call> extends CallEventBase<C> {
  /** Discriminant: `hangup`. */
  readonly type: 'hangup';
  /** The backend's cause: `NORMAL_CLEARING`, `USER_BUSY`, `user_busy`, … */
  readonly hangupCause?: string;
  /** The cause in neutral terms. */
  readonly outcome?: CallOutcome;
  /** Which side ended the call, when the backend said. */
  readonly endedBy?: CallEndedBy;
  /** Seconds from start to end. */
  readonly duration?: number;
  /** Billed seconds (answered time). */
  readonly billsec?: number;
  /** `recv_bye` (remote hung up) or `send_bye` (we hung up), on the CM. */
  readonly sipDisposition?: string;
}
/** DTMF digits were detected on the call: one digit or several per event. */
export interface DtmfEvent<C extends CallSnapshot = Call> extends CallEventBase<C> {
  /** Discriminant: `dtmf`. */
  readonly type: 'dtmf';
  /** One or more digits, as the backend reported them. */
  readonly digits: string;
}
/** A call left `calls$` (client-side lifecycle event; the final snapshot is in `call`). */
export interface RemovedEvent<C extends CallSnapshot = Call> extends CallEventBase<C> {
  /** Discriminant: `removed`. */
  readonly type: 'removed';
  /** Why the call left `calls$`. */
  readonly reason: CallEndReason;
}
/**
 * An event with a name this SDK does not know, passed through untouched. `call` is set when the
 * event names a call this client tracks.
 */
export interface UnknownEvent<C extends CallSnapshot = Call>
  extends Omit<CallEventBase<C>, 'call'> {
  /** Discriminant: `unknown`. */
  readonly type: 'unknown';
  /** Snapshot of the call, when the event names one this client tracks. */
  readonly call?: C;
  /** The wire event name. */
  readonly event: string;
}

/** Every lifecycle event on `events$`, discriminated by `type`. */
export type CallEvent<C extends CallSnapshot = Call> =
  | IncomingEvent<C>
  | InitiatedEvent<C>
  | RingingEvent<C>
  | AnsweredEvent<C>
  | BridgedEvent<C>
  | UnbridgedEvent<C>
  | BridgeFailedEvent<C>
  | HangupEvent<C>
  | DtmfEvent<C>
  | RemovedEvent<C>
  | UnknownEvent<C>;

/**
 * A known event that has no neutral meaning (Active Call `asrFinal`, Telnyx `call.speak.ended`, …):
 * it reaches `events$` with its backend's name, and the backend's own types describe `raw`.
 */
export interface BackendEvent<C extends CallSnapshot = CallSnapshot>
  extends Omit<CallEventBase<C>, 'call'> {
  /** Discriminant: `backend`. */
  readonly type: 'backend';
  /** The backend that sent it (`active-call`, `telnyx`). */
  readonly backend: string;
  /** The backend's event name. */
  readonly name: string;
  /** Snapshot of the call, when the event names one this client tracks. */
  readonly call?: C;
}

/**
 * What `events$` of a `CallControl` emits: {@link CallEvent}, plus `hold` (backends that report
 * holds) and `backend` (events with no neutral meaning). The Call Manager emits neither, so its
 * `events$` stays typed as `CallEvent`.
 */
export type AnyCallEvent<C extends CallSnapshot = CallSnapshot> =
  | CallEvent<C>
  | HoldEvent<C>
  | BackendEvent<C>;

/** One item of `dtmf$`. */
export interface DtmfReceived<C extends CallSnapshot = Call> {
  /** The call the digits were detected on. */
  readonly callId: string;
  /** One or more digits, exactly as the backend reported them. */
  readonly digits: string;
  /** Snapshot of the call when the digits arrived. */
  readonly call: C;
  /** Epoch ms when the client received the digits. */
  readonly receivedAt: number;
}
