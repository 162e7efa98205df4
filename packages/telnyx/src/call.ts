import type { CallSnapshot } from '@callstream/core';

/** What Telnyx reports about a call leg beyond the neutral model (`details` of a {@link TelnyxCall}). */
export interface TelnyxCallDetails {
  /** The leg's command token (the same as `callId`). */
  readonly callControlId: string;
  /** The leg's UUID (`call.recording.saved` names legs only by it). */
  readonly callLegId: string;
  /** The group of related legs: both sides of a bridge, a transfer's legs, `link_to` dials. */
  readonly callSessionId: string;
  /** The Call Control Application (`connection_id`) the leg belongs to. */
  readonly connectionId: string;
  /**
   * The leg's `client_state`, decoded from base64 as UTF-8 text (what `clientState` options
   * set). Absent when none is set; when the value is not base64 of UTF-8 text (another system
   * set it), see `clientStateRaw`.
   */
  readonly clientState?: string;
  /** The `client_state` exactly as Telnyx sent it (base64). */
  readonly clientStateRaw?: string;
  /** `caller_id_name` of an inbound call, when Telnyx sent one. */
  readonly callerIdName?: string;
  /** The leg this one is bridged with, when known (from our `bridge`, or the session's other leg). */
  readonly bridgedWith?: string;
  /** For a leg a `transfer` created: the leg that was transferred. */
  readonly transferredFrom?: string;
  /** `hangup_source` once ended: `caller`, `callee` or `unknown`. */
  readonly hangupSource?: string;
  /** `sip_hangup_cause` once ended (e.g. `"486"`). */
  readonly sipHangupCause?: string;
  /** The latest answering-machine-detection result (`human`, `machine`, `not_sure`, …). */
  readonly machineDetection?: string;
  /** Whether a recording is running on the leg (set by `recordStart`, cleared when saved or stopped). */
  readonly recording?: boolean;
  /** `occurred_at` (epoch ms) of the newest event applied to the leg. */
  readonly lastEventAt?: number;
}

/**
 * A Telnyx call leg: the neutral `CallSnapshot` keyed by `call_control_id`, with the Telnyx
 * ids and `client_state` in `details` (always present).
 */
export interface TelnyxCall extends CallSnapshot<TelnyxCallDetails> {
  /** What Telnyx reports about the leg beyond the neutral model. */
  readonly details: TelnyxCallDetails;
}
