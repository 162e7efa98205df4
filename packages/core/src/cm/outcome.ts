import type { CallEndedBy, CallOutcome } from '../engine/call';

/** CM (FreeSWITCH-style) hangup causes and what they mean in neutral terms. */
const outcomes: Readonly<Record<string, CallOutcome>> = {
  NORMAL_CLEARING: 'completed',
  USER_BUSY: 'busy',
  NO_ANSWER: 'no-answer',
  NO_USER_RESPONSE: 'no-answer',
  CALL_REJECTED: 'rejected',
  ORIGINATOR_CANCEL: 'cancelled',
  BLIND_TRANSFER: 'transferred',
  ATTENDED_TRANSFER: 'transferred',
  ALLOTTED_TIMEOUT: 'time-limit',
  MEDIA_TIMEOUT: 'failed',
  NO_ROUTE_DESTINATION: 'failed',
  UNALLOCATED_NUMBER: 'failed',
  INVALID_NUMBER_FORMAT: 'failed',
  NETWORK_OUT_OF_ORDER: 'failed',
  DESTINATION_OUT_OF_ORDER: 'failed',
  RECOVERY_ON_TIMER_EXPIRE: 'failed',
  NORMAL_TEMPORARY_FAILURE: 'failed',
  SERVICE_UNAVAILABLE: 'failed',
};

/** The neutral outcome of a CM `hangup_cause` (`unknown` for causes not in the table). */
export function cmOutcome(hangupCause: string | undefined): CallOutcome | undefined {
  if (hangupCause === undefined || hangupCause === '') return undefined;
  return outcomes[hangupCause.toUpperCase()] ?? 'unknown';
}

/** Which side ended a CM leg, from `sip_disposition` (`recv_bye`: remote, `send_bye`: us). */
export function cmEndedBy(sipDisposition: string | undefined): CallEndedBy | undefined {
  if (sipDisposition === 'recv_bye') return 'remote';
  if (sipDisposition === 'send_bye') return 'local';
  return undefined;
}
