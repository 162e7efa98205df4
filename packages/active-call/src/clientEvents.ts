import type { DtmfEvent, HoldEvent } from '@callstream/core';
import type { ActiveCall } from './call';
import type { AcKnownEvent } from './protocol/events';
import type { ActiveCallBackendEvent } from './tracker';

/*
 * The events built for every frame (digits, holds, events with no neutral meaning), each one
 * object literal with `occurredAt` in it when the frame had a `timestamp` (it nearly always
 * has): a field added after a literal costs the object a map transition and an out-of-object
 * property array, on every frame. Frozen before they are returned.
 */

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** `event` with `occurredAt` when there is one, frozen: for the events built once per call. */
export function occurred<E extends { readonly occurredAt?: number }>(
  event: E,
  occurredAt: number | undefined,
): E {
  if (occurredAt !== undefined) (event as { occurredAt?: number }).occurredAt = occurredAt;
  return Object.freeze(event);
}

/** A `dtmf` frame's event about `call`. */
export function dtmfEvent(
  call: ActiveCall,
  receivedAt: number,
  occurredAt: number | undefined,
  raw: AcKnownEvent,
  digits: string,
): DtmfEvent<ActiveCall> {
  const { callId } = call;
  return Object.freeze(
    occurredAt === undefined
      ? { type: 'dtmf', callId, call, receivedAt, raw, digits }
      : { type: 'dtmf', callId, call, receivedAt, occurredAt, raw, digits },
  );
}

/** A `hold` frame's event about `call` (its snapshot after the frame). */
export function holdEvent(
  call: ActiveCall,
  receivedAt: number,
  occurredAt: number | undefined,
  raw: AcKnownEvent,
  held: boolean,
): HoldEvent<ActiveCall> {
  const { callId } = call;
  return Object.freeze(
    occurredAt === undefined
      ? { type: 'hold', callId, call, receivedAt, raw, held }
      : { type: 'hold', callId, call, receivedAt, occurredAt, raw, held },
  );
}

/** A known frame with no neutral meaning, about `call` when this client tracks it. */
export function backendEvent(
  callId: string,
  call: ActiveCall | undefined,
  receivedAt: number,
  occurredAt: number | undefined,
  event: AcKnownEvent,
): ActiveCallBackendEvent {
  const name = event.event;
  if (call !== undefined && occurredAt !== undefined) {
    return Object.freeze({
      type: 'backend',
      callId,
      call,
      receivedAt,
      occurredAt,
      raw: event,
      backend: 'active-call',
      name,
      event,
    });
  }
  const backend: Mutable<ActiveCallBackendEvent> = {
    type: 'backend',
    callId,
    receivedAt,
    raw: event,
    backend: 'active-call',
    name,
    event,
  };
  if (call !== undefined) backend.call = call;
  return occurred(backend, occurredAt);
}
