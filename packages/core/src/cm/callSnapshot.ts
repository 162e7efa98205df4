import type { CallState } from '../engine/call';
import { stamped } from '../engine/snapshots';
import { nextState } from '../engine/transitions';
import type { Call } from './call';
import type { EventCallFields } from './protocol/decode';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * `call` after a CM event: moved towards `state` (forward only) and stamped, the event's
 * non-empty call fields applied (an app id only where ours is unknown), `stale` gone (an event
 * proves the call alive). Not frozen yet: the engine freezes what it stores.
 *
 * One object literal with every field of {@link Call}, then the optional ones that are set: the
 * generic spread-based update costs several times as much, and this runs for every event.
 */
export function afterEvent(
  call: Call,
  state: CallState,
  at: number,
  fields: EventCallFields,
): Call {
  const target = nextState(call.state, state);
  const timestamps = target === call.state ? call.timestamps : stamped(call.timestamps, target, at);
  const from = updated(call.from, fields.from);
  const to = updated(call.to, fields.to);
  const channel = updated(call.channel, fields.channel);
  const uid = updated(call.uid, fields.uid);
  const appId = call.appId === '' && fields.appId !== undefined ? fields.appId : call.appId;
  const { callId, direction, createdAt, details } = call;
  // `details` inside the literal when there are some (outbound calls always have them): a
  // field added after the literal would give every snapshot an out-of-object property array.
  const next: Mutable<Call> =
    details === undefined
      ? {
          callId,
          state: target,
          direction,
          from,
          to,
          createdAt,
          updatedAt: at,
          timestamps,
          channel,
          uid,
          appId,
        }
      : {
          callId,
          state: target,
          direction,
          from,
          to,
          createdAt,
          updatedAt: at,
          timestamps,
          channel,
          uid,
          appId,
          details,
        };
  if (call.expiresAt !== undefined) next.expiresAt = call.expiresAt;
  if (call.claimed !== undefined) next.claimed = call.claimed;
  if (call.held !== undefined) next.held = call.held;
  if (call.hangupCause !== undefined) next.hangupCause = call.hangupCause;
  if (call.outcome !== undefined) next.outcome = call.outcome;
  if (call.endedBy !== undefined) next.endedBy = call.endedBy;
  if (call.endReason !== undefined) next.endReason = call.endReason;
  return next;
}

/**
 * A call field after an event: the event's value when it has a different one. An equal value
 * keeps the snapshot's own string: the frame's copy is garbage at once, while the old one has
 * usually been promoted with the snapshot, and a new snapshot pointing at fresh strings would
 * drag them out of the young generation with it.
 */
function updated(current: string, incoming: string | undefined): string {
  return incoming === undefined || incoming === current ? current : incoming;
}

/** Whether applying the event's call fields would change the snapshot (see {@link afterEvent}). */
export function changesFields(fields: EventCallFields, call: Call): boolean {
  return (
    (fields.from !== undefined && fields.from !== call.from) ||
    (fields.to !== undefined && fields.to !== call.to) ||
    (fields.channel !== undefined && fields.channel !== call.channel) ||
    (fields.uid !== undefined && fields.uid !== call.uid) ||
    (call.appId === '' && fields.appId !== undefined)
  );
}
