/**
 * The provider-neutral call model: what every backend (Call Manager today, Active Call and Telnyx
 * later) maps its legs onto.
 */

/** Where a call is in its life. `hangup` is the last state a call is seen in before it leaves `calls$`. */
export type CallState = 'incoming' | 'ringing' | 'answered' | 'bridged' | 'unbridged' | 'hangup';

/** `outbound`: this client dialled it. `inbound`: it was offered on a DID. */
export type CallDirection = 'inbound' | 'outbound';

/** Why a call left `calls$`. */
export type CallEndReason =
  /** The server reported the leg ended (`call_hangup`). */
  | 'hangup'
  /** This client rejected the incoming call. */
  | 'rejected'
  /** This client ignored the incoming call locally (the server was not told). */
  | 'ignored'
  /** Accepting failed because another client accepted first, or the server no longer knew it. */
  | 'claimed-elsewhere'
  /** The incoming call was not claimed before its lookup deadline. */
  | 'expired'
  /** The connection dropped; the call could not be followed any more (see docs/concepts.md). */
  | 'connection-lost'
  /** After a reconnect no event confirmed the call within `staleCallTimeoutMs`. */
  | 'stale'
  /** The client was closed. */
  | 'client-closed';

/** An immutable snapshot of one call. A new object is created for every change. */
export interface Call {
  /** The server's call id (`callid`). */
  readonly callId: string;
  /** Where the call is in its life. */
  readonly state: CallState;
  /** Who placed the call. */
  readonly direction: CallDirection;
  /** Caller number. */
  readonly from: string;
  /** Called number (the DID for inbound calls). */
  readonly to: string;
  /** Media channel the call is (or will be) bridged into; `''` when not known. */
  readonly channel: string;
  /** User id of the call inside the media channel; `''` when not known. */
  readonly uid: string;
  /** App id the call belongs to; `''` when not known. */
  readonly appId: string;
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
   * `incoming` until `call_answered` arrives.
   */
  readonly claimed?: boolean;
  /** Set after a reconnect until an event confirms the call is still alive. */
  readonly stale?: boolean;
  /** Server's hangup cause (`NORMAL_CLEARING`, `USER_BUSY`, …) once the call ended. */
  readonly hangupCause?: string;
  /** Why the call left `calls$`; set on the final snapshot only. */
  readonly endReason?: CallEndReason;
}

/** `state` values in which a call can still be acted on (everything but `hangup`). */
export function isLive(call: Call): boolean {
  return call.state !== 'hangup';
}
