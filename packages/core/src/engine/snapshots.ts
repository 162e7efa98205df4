import type { CallEndReason, CallSnapshot, CallState } from './call';
import { nextState } from './transitions';

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
 * `call` moved towards `state` at `at` (forward only, see `nextState`): the state, its
 * timestamp and `updatedAt` change; an event about the call also proves it alive (`stale` goes).
 */
export function withState<C extends CallSnapshot>(call: C, state: CallState, at: number): C {
  const target = nextState(call.state, state);
  const { stale: _confirmed, ...rest } = call;
  return {
    ...rest,
    state: target,
    updatedAt: at,
    timestamps: target === call.state ? call.timestamps : { ...call.timestamps, [target]: at },
  } as C;
}

/** The last snapshot of a call leaving `calls$`: state `hangup` (stamped now if new) and why. */
export function finalSnapshot<C extends CallSnapshot>(
  call: C,
  reason: CallEndReason,
  at: number,
): C {
  const outcome = call.outcome ?? (reason === 'rejected' ? 'rejected' : undefined);
  return {
    ...call,
    updatedAt: at,
    endReason: reason,
    ...(call.state === 'hangup'
      ? {}
      : { state: 'hangup', timestamps: { ...call.timestamps, hangup: at } }),
    ...(outcome === undefined ? {} : { outcome }),
  };
}
