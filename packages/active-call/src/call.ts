import type { CallSnapshot } from '@callstream/core';
import type { CallType } from './protocol/url';

/**
 * An Active Call call: the neutral `CallSnapshot` with this backend's facts in
 * `details`. Its `callId` is the session id (for an inbound call, the webhook's `dialogId`).
 */
export type ActiveCall = CallSnapshot<ActiveCallDetails>;

/** What the Active Call backend knows about a call beyond the neutral model. */
export interface ActiveCallDetails {
  /** The media transport of the call's session. */
  readonly callType: CallType;
  /** Caller URI as the server has it (`sip:1001@10.0.0.5`). */
  readonly caller?: string;
  /** Callee URI as the server has it. */
  readonly callee?: string;
  /** Inbound: when the server created the offer (the webhook's `createdAt`, RFC 3339). */
  readonly offeredAt?: string;
  /** Inbound: the INVITE headers of the webhook (`Name: value`), credentials redacted. */
  readonly headers?: readonly string[];
  /** Inbound: the caller's SDP offer from the webhook. */
  readonly offer?: string;
  /** Outbound: whether the last 18x carried SDP (early media). */
  readonly earlyMedia?: boolean;
  /** The SIP code of a `reject`. */
  readonly rejectCode?: number;
  /** `hangup.initiator` as the server sent it. */
  readonly initiator?: string;
  /** The server's message when the call's set-up failed (an `error` event). */
  readonly failure?: string;
}
