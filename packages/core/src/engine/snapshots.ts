import type { CallEndReason, CallSnapshot, CallState } from './call';
import { nextState } from './transitions';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Timestamps = CallSnapshot['timestamps'];

/**
 * Freezes a snapshot and the objects it owns, so a plain-JavaScript subscriber cannot corrupt
 * what other subscribers see. Returns the same object.
 */
export function freezeSnapshot<C extends CallSnapshot>(call: C): C {
  Object.freeze(call.timestamps);
  if (call.details !== undefined) Object.freeze(call.details);
  return Object.freeze(call);
}

/**
 * `timestamps` with `state` stamped `at`. Copied key by key in state order rather than spread:
 * a spread plus a computed key leaves V8 a slow dictionary object, on every event.
 */
export function stamped(timestamps: Timestamps, state: CallState, at: number): Timestamps {
  const next: Mutable<Timestamps> = {};
  if (timestamps.incoming !== undefined) next.incoming = timestamps.incoming;
  if (timestamps.ringing !== undefined) next.ringing = timestamps.ringing;
  if (timestamps.answered !== undefined) next.answered = timestamps.answered;
  if (timestamps.bridged !== undefined) next.bridged = timestamps.bridged;
  if (timestamps.unbridged !== undefined) next.unbridged = timestamps.unbridged;
  if (timestamps.hangup !== undefined) next.hangup = timestamps.hangup;
  next[state] = at;
  return next;
}

/**
 * `call` moved towards `state` at `at` (forward only, see `nextState`): the state, its
 * timestamp and `updatedAt` change; an event about the call also proves it alive (`stale` goes).
 */
export function withState<C extends CallSnapshot>(call: C, state: CallState, at: number): C {
  const target = nextState(call.state, state);
  let next: Mutable<C>;
  if (call.stale === undefined) {
    next = { ...call };
  } else {
    const { stale: _confirmed, ...rest } = call;
    next = rest as Mutable<C>;
  }
  next.state = target;
  next.updatedAt = at;
  if (target !== call.state) next.timestamps = stamped(call.timestamps, target, at);
  return next;
}

/** The last snapshot of a call leaving `calls$`: state `hangup` (stamped now if new) and why. */
export function finalSnapshot<C extends CallSnapshot>(
  call: C,
  reason: CallEndReason,
  at: number,
): C {
  const next: Mutable<C> = { ...call };
  next.updatedAt = at;
  next.endReason = reason;
  if (call.state !== 'hangup') {
    next.state = 'hangup';
    next.timestamps = stamped(call.timestamps, 'hangup', at);
  }
  const outcome = call.outcome ?? (reason === 'rejected' ? 'rejected' : undefined);
  if (outcome !== undefined) next.outcome = outcome;
  return next;
}
