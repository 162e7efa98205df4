import type { CallstreamError } from '@callstream/core';
import type { TelnyxCall } from './call';
import { telnyxError } from './codes';
import type { TelnyxBackendEvent } from './events';

/** What a command's promise waits for. */
export type WaiterKind = 'speak' | 'playback' | 'gather' | 'record' | 'end';

interface Waiter {
  readonly resolve: (value: never) => void;
  readonly reject: (error: CallstreamError) => void;
}

/**
 * How long media and recording waiters keep waiting after their call left `calls$`: Telnyx
 * sends `call.recording.saved` after `call.hangup`, and reordered webhooks may bring a
 * `call.speak.ended` late.
 */
export const AFTER_END_MS = 15_000;

/** Which waiter kind an event settles, and whether it settles all of them or the oldest. */
function kindOf(name: string): { kind: WaiterKind; all: boolean } | undefined {
  switch (name) {
    case 'call.speak.ended':
      return { kind: 'speak', all: false };
    case 'call.playback.ended':
      return { kind: 'playback', all: false };
    case 'call.gather.ended':
      return { kind: 'gather', all: false };
    case 'call.recording.saved':
    case 'call.recording.error':
      return { kind: 'record', all: true };
    default:
      return undefined;
  }
}

/**
 * The promises of commands whose meaning is an event (`speak().ended`, `gather().ended`,
 * `hangup().ended`, …). Speaks, playbacks and gathers queue on a leg, so each ended event
 * settles the oldest waiter of its kind. Every waiter settles: by its event, by the call's end
 * (then `call-ended` after {@link AFTER_END_MS}), or by `close()` (`closed`). The promises
 * handed out never cause an unhandled rejection when nobody awaits them.
 */
export class EventWaiters {
  private readonly calls = new Map<string, Map<WaiterKind, Waiter[]>>();
  private readonly afterEnd = new Map<string, ReturnType<typeof setTimeout>>();

  /** Pending waiters (for leak checks). */
  get size(): number {
    let size = 0;
    for (const kinds of this.calls.values()) {
      for (const list of kinds.values()) size += list.length;
    }
    return size;
  }

  /**
   * A promise settled by the next `kind` event of `callId`, and `fail` to settle this one waiter
   * with an error (its command failed before Telnyx took it).
   */
  add<T>(
    callId: string,
    kind: WaiterKind,
  ): { promise: Promise<T>; fail: (error: CallstreamError) => void } {
    let waiter: Waiter | undefined;
    const promise = new Promise<T>((resolve, reject) => {
      waiter = { resolve: resolve as (value: never) => void, reject };
    });
    promise.catch(() => {});
    const entry = waiter as Waiter;
    let kinds = this.calls.get(callId);
    if (!kinds) {
      kinds = new Map();
      this.calls.set(callId, kinds);
    }
    const list = kinds.get(kind) ?? [];
    list.push(entry);
    kinds.set(kind, list);
    const fail = (error: CallstreamError) => {
      const current = this.calls.get(callId)?.get(kind);
      const index = current?.indexOf(entry) ?? -1;
      if (!current || index < 0) return;
      current.splice(index, 1);
      if (current.length === 0) this.calls.get(callId)?.delete(kind);
      this.dropIfEmpty(callId);
      entry.reject(error);
    };
    return { promise, fail };
  }

  /** Settles the waiters a Telnyx-only event is for. */
  onEvent(event: TelnyxBackendEvent): void {
    const match = kindOf(event.name);
    if (!match) return;
    const kinds = this.calls.get(event.callId);
    const list = kinds?.get(match.kind);
    if (!kinds || !list || list.length === 0) return;
    const settled = match.all ? list.splice(0) : list.splice(0, 1);
    if (list.length === 0) kinds.delete(match.kind);
    this.dropIfEmpty(event.callId);
    for (const waiter of settled) waiter.resolve(event as never);
  }

  /** The call left `calls$`: `end` waiters get its final snapshot; the others a grace period. */
  onRemoved(call: TelnyxCall): void {
    const kinds = this.calls.get(call.callId);
    const ends = kinds?.get('end') ?? [];
    kinds?.delete('end');
    this.dropIfEmpty(call.callId);
    for (const waiter of ends) waiter.resolve(call as never);
    if (!this.calls.has(call.callId) || this.afterEnd.has(call.callId)) return;
    this.afterEnd.set(
      call.callId,
      setTimeout(() => {
        this.afterEnd.delete(call.callId);
        this.rejectCall(
          call.callId,
          telnyxError(
            'call-ended',
            `call ${call.callId} ended before the event this command waited for arrived`,
            {
              callId: call.callId,
            },
          ),
        );
      }, AFTER_END_MS),
    );
  }

  /** Rejects every waiter (on close) and clears every timer. */
  closeAll(error: CallstreamError): void {
    for (const timer of this.afterEnd.values()) clearTimeout(timer);
    this.afterEnd.clear();
    for (const callId of [...this.calls.keys()]) this.rejectCall(callId, error);
  }

  private rejectCall(callId: string, error: CallstreamError): void {
    const kinds = this.calls.get(callId);
    this.calls.delete(callId);
    for (const list of kinds?.values() ?? []) {
      for (const waiter of list) waiter.reject(error);
    }
  }

  private dropIfEmpty(callId: string): void {
    if (this.calls.get(callId)?.size === 0) {
      this.calls.delete(callId);
      const timer = this.afterEnd.get(callId);
      if (timer !== undefined) clearTimeout(timer);
      this.afterEnd.delete(callId);
    }
  }
}
