import type { CallEndedBy, CallOutcome } from '@callstream/core';

/** Telnyx `hangup_cause` values and what they mean in neutral terms (telnyx-call-control.md §10). */
const outcomes: Readonly<Record<string, CallOutcome>> = {
  normal_clearing: 'completed',
  call_rejected: 'rejected',
  user_busy: 'busy',
  no_answer: 'no-answer',
  timeout: 'no-answer',
  originator_cancel: 'cancelled',
  time_limit: 'time-limit',
  not_found: 'failed',
};

/** The neutral outcome of a Telnyx `hangup_cause` (`unknown` for `unspecified` and anything new). */
export function telnyxOutcome(hangupCause: string | undefined): CallOutcome | undefined {
  if (hangupCause === undefined || hangupCause === '') return undefined;
  return Object.hasOwn(outcomes, hangupCause) ? outcomes[hangupCause] : 'unknown';
}

/**
 * Which side ended a leg, from `hangup_source` seen from the leg: this application is the
 * **caller** of an outgoing leg and the **callee** of an incoming one.
 */
export function telnyxEndedBy(
  hangupSource: string | undefined,
  direction: 'inbound' | 'outbound',
): CallEndedBy | undefined {
  if (hangupSource === 'caller') return direction === 'outbound' ? 'local' : 'remote';
  if (hangupSource === 'callee') return direction === 'outbound' ? 'remote' : 'local';
  return undefined;
}
