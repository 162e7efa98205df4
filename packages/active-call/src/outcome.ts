import type { CallEndedBy, CallOutcome } from '@callstream/core';

/** SIP final codes of a `reject` and what they mean in neutral terms (docs/concepts.md). */
const byCode: Readonly<Record<number, CallOutcome>> = {
  486: 'busy',
  600: 'busy',
  408: 'no-answer',
  480: 'no-answer',
  487: 'cancelled',
  603: 'rejected',
  403: 'rejected',
  404: 'failed',
};

/** The neutral outcome of a `reject` code (`unknown` when the code says nothing we map). */
export function rejectOutcome(code: number | undefined): CallOutcome {
  if (code === undefined) return 'unknown';
  return byCode[code] ?? (code >= 500 && code <= 599 ? 'failed' : 'unknown');
}

/**
 * The neutral outcome of a `hangup` event, from its `Some(…)` reason: a transfer that finished,
 * an inactivity timeout, a cancel; otherwise `completed` once answered, `cancelled` before.
 */
export function hangupOutcome(reason: string | undefined, answered: boolean): CallOutcome {
  const text = reason ?? '';
  if (text.includes('ByRefer')) return 'transferred';
  if (text.includes('InactivityTimeout')) return 'time-limit';
  if (text.includes('Canceled')) return 'cancelled';
  return answered ? 'completed' : 'cancelled';
}

/**
 * Which side ended the call: ours when this client sent `hangup` or closed the session; the
 * remote party's when the server says `caller`/`callee` ended it otherwise (the server reports
 * a local teardown as `caller` too, so only our own knowledge tells them apart).
 */
export function endedBy(local: boolean, initiator: string | undefined): CallEndedBy | undefined {
  if (local) return 'local';
  return initiator === 'caller' || initiator === 'callee' ? 'remote' : undefined;
}
