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
  const next: Mutable<Call> = {
    callId: call.callId,
    state: target,
    direction: call.direction,
    from: fields.from ?? call.from,
    to: fields.to ?? call.to,
    createdAt: call.createdAt,
    updatedAt: at,
    timestamps: target === call.state ? call.timestamps : stamped(call.timestamps, target, at),
    channel: fields.channel ?? call.channel,
    uid: fields.uid ?? call.uid,
    appId: call.appId === '' && fields.appId !== undefined ? fields.appId : call.appId,
  };
  if (call.expiresAt !== undefined) next.expiresAt = call.expiresAt;
  if (call.claimed !== undefined) next.claimed = call.claimed;
  if (call.held !== undefined) next.held = call.held;
  if (call.hangupCause !== undefined) next.hangupCause = call.hangupCause;
  if (call.outcome !== undefined) next.outcome = call.outcome;
  if (call.endedBy !== undefined) next.endedBy = call.endedBy;
  if (call.endReason !== undefined) next.endReason = call.endReason;
  if (call.details !== undefined) next.details = call.details;
  return next;
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
