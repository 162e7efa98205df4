import type { CallSnapshot } from '../engine/call';

/**
 * A Call Manager call: the neutral {@link CallSnapshot} plus the media channel it is (or will be)
 * bridged into. These CM facts stay top-level (not in `details`) because they always were.
 */
export interface Call extends CallSnapshot<CmCallDetails> {
  /** Media channel the call is (or will be) bridged into; `''` when not known. */
  readonly channel: string;
  /** User id of the call inside the media channel; `''` when not known. */
  readonly uid: string;
  /** App id the call belongs to; `''` when not known. */
  readonly appId: string;
}

/** What the Call Manager reports about a call beyond the neutral model. */
export interface CmCallDetails {
  /** Gateway that placed an outbound call, from the dial reply. */
  readonly gatewayIp?: string;
  /** Billed seconds (answered time), from `call_hangup`. */
  readonly billsec?: number;
  /** Seconds from start to end, from `call_hangup`. */
  readonly duration?: number;
  /** `recv_bye` (remote hung up) or `send_bye` (we hung up), from `call_hangup`. */
  readonly sipDisposition?: string;
}
