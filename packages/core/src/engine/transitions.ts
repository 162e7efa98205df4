import type { CallState } from './call';

/** How far a call has progressed; events never move a call backwards (duplicates, reordering). */
const progress: Record<CallState, number> = {
  incoming: 0,
  ringing: 0,
  answered: 1,
  bridged: 2,
  unbridged: 2,
  hangup: 3,
};

/**
 * The state a call moves to when an event asks for `next`. Late or duplicated events (a ringing
 * after the answer, a second answer after bridging) keep the current state; `bridged` and
 * `unbridged` alternate freely, and a backend without an unbridge event (Telnyx: the peer leg
 * hung up) asks for `unbridged` rather than going back to `answered`.
 */
export function nextState(current: CallState, next: CallState): CallState {
  return progress[next] >= progress[current] ? next : current;
}
