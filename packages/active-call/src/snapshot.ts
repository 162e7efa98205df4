import type { ActiveCall } from './call';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * `call` with `held` set and `updatedAt` moved to `at` (a `hold` event), every other field kept.
 * Not frozen yet: the engine freezes what it stores.
 *
 * One object literal with the fields every snapshot has, then the optional ones that are set,
 * in a fixed order: a spread of the frozen snapshot plus two fields cost more than the rest of a
 * `hold` frame's handling together, and the frames of a held/unheld call can come in bursts.
 */
export function withHeld(call: ActiveCall, held: boolean, at: number): ActiveCall {
  const { callId, state, direction, from, to, createdAt, timestamps, details } = call;
  // `details` inside the literal (every Active Call call has them): a field added after the
  // literal would give every such snapshot an out-of-object property array.
  const next: Mutable<ActiveCall> =
    details === undefined
      ? { callId, state, direction, from, to, createdAt, updatedAt: at, timestamps, held }
      : { callId, state, direction, from, to, createdAt, updatedAt: at, timestamps, held, details };
  if (call.expiresAt !== undefined) next.expiresAt = call.expiresAt;
  if (call.claimed !== undefined) next.claimed = call.claimed;
  if (call.stale !== undefined) next.stale = call.stale;
  if (call.hangupCause !== undefined) next.hangupCause = call.hangupCause;
  if (call.outcome !== undefined) next.outcome = call.outcome;
  if (call.endedBy !== undefined) next.endedBy = call.endedBy;
  if (call.endReason !== undefined) next.endReason = call.endReason;
  return next;
}
