/**
 * The provider-neutral call model: what every backend (Call Manager, Active Call, Telnyx) maps
 * its legs onto. docs/concepts.md has the table of what each backend maps here.
 */

/**
 * Where a call is in its life. `hangup` is the last state a call is seen in (the call ended)
 * before it leaves `calls$`. States only move forward (`incoming`/`ringing` → `answered` →
 * `bridged` ⇄ `unbridged` → `hangup`), so late or duplicated events never move a call backwards.
 */
export type CallState = 'incoming' | 'ringing' | 'answered' | 'bridged' | 'unbridged' | 'hangup';

/** `outbound`: this client dialled it. `inbound`: it was offered to this client. */
export type CallDirection = 'inbound' | 'outbound';

/** Why a call left `calls$` (the client's view; {@link CallOutcome} is the network's). */
export type CallEndReason =
  /** The backend reported that the call ended (CM `call_hangup`, Telnyx `call.hangup`, …). */
  | 'hangup'
  /** This client rejected the incoming call. */
  | 'rejected'
  /** This client ignored the incoming call locally (the backend was not told). */
  | 'ignored'
  /** Accepting failed because another client accepted first, or the backend no longer knew it. */
  | 'claimed-elsewhere'
  /** The incoming call was not claimed before its deadline. */
  | 'expired'
  /** The connection (or the call's own socket) dropped; the call could not be followed any more. */
  | 'connection-lost'
  /** After a reconnect no event confirmed the call within `staleCallTimeoutMs`. */
  | 'stale'
  /** The backend answered a command on the call with "no such call": it ended unseen. */
  | 'not-found'
  /** The client was closed. */
  | 'client-closed';

/**
 * How a call ended on the network, in provider-neutral terms. Each backend maps its own causes
 * (CM `hangup_cause`, Telnyx `hangup_cause`, Active Call `reject` codes …) onto these and keeps
 * the raw value in {@link CallSnapshot.hangupCause}.
 */
export type CallOutcome =
  /** Answered, then hung up normally by either side. */
  | 'completed'
  /** The called party was busy. */
  | 'busy'
  /** Nobody answered before the ring timeout. */
  | 'no-answer'
  /** The called party (or this client, for an inbound call) refused the call. */
  | 'rejected'
  /** The caller gave up before the call was answered. */
  | 'cancelled'
  /** The call was transferred away from this leg. */
  | 'transferred'
  /** The call hit a time limit of the backend. */
  | 'time-limit'
  /** The call could not be placed or broke (unreachable number, network or media failure). */
  | 'failed'
  /** The backend gave a cause callstream does not map; see `hangupCause`. */
  | 'unknown';

/** Which side ended a call, when the backend says. */
export type CallEndedBy = 'local' | 'remote';

/**
 * An immutable snapshot of one call, shared by every backend. A new frozen object is created for
 * every change; `details` carries what a backend knows that is not neutral.
 *
 * @typeParam Details - the backend's own facts about the call (see each backend's `Call` type)
 */
export interface CallSnapshot<Details extends object = object> {
  /** The backend's id of the call (CM `callid`, Telnyx `call_control_id`, Active Call session id). */
  readonly callId: string;
  /** Where the call is in its life. */
  readonly state: CallState;
  /** Who placed the call. */
  readonly direction: CallDirection;
  /** Caller number or URI. */
  readonly from: string;
  /** Called number or URI (the DID for inbound calls). */
  readonly to: string;
  /** Epoch ms when this client first saw the call. */
  readonly createdAt: number;
  /** Epoch ms of the latest change. */
  readonly updatedAt: number;
  /** Epoch ms when each state was (last) entered. */
  readonly timestamps: Readonly<Partial<Record<CallState, number>>>;
  /** Epoch ms after which an unclaimed incoming call can no longer be accepted. */
  readonly expiresAt?: number;
  /**
   * True once this client's `accept` succeeded: the call is ours although its state stays
   * `incoming` until the backend reports the answer.
   */
  readonly claimed?: boolean;
  /** Set after a reconnect until an event confirms the call is still alive. */
  readonly stale?: boolean;
  /** True while the remote party holds the call (a sub-state: a bridged call can be held). */
  readonly held?: boolean;
  /** The backend's own cause once the call ended (`NORMAL_CLEARING`, `user_busy`, …). */
  readonly hangupCause?: string;
  /** How the call ended, in neutral terms, when the backend said. */
  readonly outcome?: CallOutcome;
  /** Which side ended the call, when the backend said. */
  readonly endedBy?: CallEndedBy;
  /** Why the call left `calls$`; set on the final snapshot only. */
  readonly endReason?: CallEndReason;
  /** What the backend knows about the call that is not neutral. */
  readonly details?: Details;
}

/** `state` values in which a call can still be acted on (everything but `hangup`). */
export function isLive(call: CallSnapshot): boolean {
  return call.state !== 'hangup';
}
