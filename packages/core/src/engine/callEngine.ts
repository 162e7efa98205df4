import { Multicast } from '@callstream/transport';
import type { Observable } from 'rxjs';
import type { ErrorCode } from '../codes';
import { CallError, type CallstreamError, createError, isCallstreamError } from '../errors';
import type { Logger } from '../logger';
import type { CallEndReason, CallSnapshot } from './call';
import { CallTable } from './callTable';
import type { AnyCallEvent, RemovedEvent } from './events';
import { RecentMap } from './recentMap';
import { finalSnapshot, freezeSnapshot } from './snapshots';
import { CallTimers } from './timers';

/** Settings of a {@link CallEngine}. */
export interface CallEngineOptions<C extends CallSnapshot = CallSnapshot> {
  /** Where the engine logs (already redacting). */
  readonly logger: Logger;
  /** Claim window of an offer that carries no `expiresAt` of its own. */
  readonly incomingTimeoutMs: number;
  /** How long a stale call may wait for a confirming event once {@link CallEngine.armStaleTimers} ran. */
  readonly staleCallTimeoutMs: number;
  /** Clock for snapshot timestamps. @default Date.now */
  readonly now?: () => number;
  /** Told synchronously when a call leaves the table, so a driver can drop its own indexes. */
  readonly onRemoved?: (call: C) => void;
}

type Published<C extends CallSnapshot> = AnyCallEvent<C> | CallstreamError;

/**
 * The provider-neutral heart of every client: the call table, ordered publishing, offer rules
 * (deadlines, first accept, ignore), stale marking, per-call timers and the memory of ended calls.
 * Backends (protocol drivers) decide *what* happened and build snapshots and events; the engine
 * decides how it reaches subscribers:
 *
 * - every change runs in a batch; the new table is emitted once, then the batch's events in
 *   order (tables before their events);
 * - a subscriber that changes calls while being notified queues its batch behind the current one,
 *   so every subscriber sees the same order;
 * - errors go through the same queue, so `errors$` never overtakes the events before it;
 * - every snapshot is frozen at runtime before anyone sees it.
 */
export class CallEngine<C extends CallSnapshot> {
  #current: CallTable<C> = CallTable.empty<C>();
  /** The table `calls$` emitted last. */
  #published: CallTable<C> = this.#current;
  /** Publishers without a Subject's per-emission allocations: these emit for every event. */
  readonly #tables = new Multicast<CallTable<C>>(() => this.#published);
  readonly #eventStream = new Multicast<AnyCallEvent<C>>();
  readonly #errorStream = new Multicast<CallstreamError>();
  readonly #timers = new CallTimers();
  /** Why recently removed calls ended, to explain later commands on them. */
  readonly #ended = new RecentMap<string, CallEndReason>();
  readonly #acceptsInFlight = new Set<string>();
  #batchDepth = 0;
  #batchItems: Published<C>[] = [];
  readonly #queue: Published<C>[][] = [];
  #dispatching = false;
  readonly #clock: () => number;
  /** `Date.now()` read once for the current macrotask (see {@link now}); -1 when not read yet. */
  #tickTime = -1;
  readonly #endTick = () => {
    this.#tickTime = -1;
  };

  /** Every tracked call by id: the current table on subscribe, then a new immutable table per change. */
  readonly calls$: Observable<ReadonlyMap<string, C>> = this.#tables.observable;
  /** Every event, in order, after the table that reflects it. */
  readonly events$: Observable<AnyCallEvent<C>> = this.#eventStream.observable;
  /** Non-fatal problems, in order with the events. */
  readonly errors$: Observable<CallstreamError> = this.#errorStream.observable;

  constructor(private readonly options: CallEngineOptions<C>) {
    this.#clock = options.now ?? Date.now;
  }

  /** The current immutable table. */
  get calls(): CallTable<C> {
    return this.#current;
  }

  /** One call's snapshot, if tracked. */
  get(callId: string): C | undefined {
    return this.#current.get(callId);
  }

  /**
   * The engine's clock (epoch ms), for the timestamps of what arrives (`receivedAt`,
   * `updatedAt`, state stamps). With the default clock it is read once per macrotask: every
   * frame of one socket read gets the time of that read (a clock read per event cost more
   * than all the rest of a DTMF event's handling). An injected `now` is called every time.
   */
  now(): number {
    if (this.options.now !== undefined) return this.#clock();
    if (this.#tickTime < 0) {
      this.#tickTime = Date.now();
      queueMicrotask(this.#endTick);
    }
    return this.#tickTime;
  }

  /** Number of pending per-call timers (for leak checks). */
  get timerCount(): number {
    return this.#timers.size;
  }

  /**
   * Runs `change` as one batch: whatever it tracks, updates, removes, emits or reports is
   * published after it returns, table first. Batches nest; the outermost one publishes.
   */
  batch<T>(change: () => T): T {
    this.#batchDepth += 1;
    try {
      return change();
    } finally {
      this.#endBatch();
    }
  }

  /**
   * Tracks a new call, or replaces a tracked call's snapshot, and publishes `event` (built from
   * the frozen snapshot). An unclaimed offer (`incoming`) gets its claim deadline armed.
   */
  track(call: C, event?: (call: C) => AnyCallEvent<C>): C {
    return this.batch(() => {
      const frozen = this.#put(call, this.#current.get(call.callId));
      if (frozen.state === 'incoming' && !frozen.claimed) this.#armExpiry(frozen);
      if (event) this.emit(event(frozen));
      return frozen;
    });
  }

  /**
   * Replaces a tracked call's snapshot with `change(current)` and publishes `event(next,
   * previous)` when given. Returns the new snapshot, or undefined when the call is not tracked.
   */
  update(
    callId: string,
    change: (call: C) => C,
    event?: (call: C, previous: C) => AnyCallEvent<C> | undefined,
  ): C | undefined {
    const previous = this.#current.get(callId);
    if (!previous) return undefined;
    // batch() inlined: this runs for every event that changes a call.
    this.#batchDepth += 1;
    try {
      const next = this.#put(change(previous), previous);
      const built = event?.(next, previous);
      if (built) this.#batchItems.push(built);
      return next;
    } finally {
      this.#endBatch();
    }
  }

  /**
   * Removes a call: publishes its final snapshot (state `hangup`, `endReason`) on a `removed`
   * event, clears its timers and remembers why it ended. No-op for an untracked call.
   */
  remove(callId: string, reason: CallEndReason, raw: RemovedEvent['raw'] = {}): void {
    const call = this.#current.get(callId);
    if (!call) return;
    this.batch(() => {
      this.#current = this.#current.without(callId);
      this.#timers.clearCall(callId);
      this.#acceptsInFlight.delete(callId);
      this.#ended.set(callId, reason);
      this.options.onRemoved?.(call);
      const at = this.#clock();
      const removed: RemovedEvent<C> = {
        type: 'removed',
        callId,
        call: freezeSnapshot(finalSnapshot(call, reason, at)),
        reason,
        receivedAt: at,
        raw,
      };
      this.emit(Object.freeze(removed));
    });
  }

  /** Removes every call (on close, or when the backend's link-loss rule ends them all). */
  removeAll(reason: CallEndReason): void {
    this.batch(() => {
      for (const call of this.#current.values()) this.remove(call.callId, reason);
    });
    this.#timers.clearAll();
  }

  /** Publishes an event that changes no snapshot (digits on a call, unknown events). */
  emit(event: AnyCallEvent<C>): void {
    if (this.#batchDepth > 0 || this.#dispatching || this.#published !== this.#current) {
      this.#batchItems.push(event);
      if (this.#batchDepth === 0) this.#flush();
      return;
    }
    // Nothing pending and nobody being notified: deliver at once, without a batch array.
    this.#dispatching = true;
    try {
      this.#eventStream.next(event);
      this.#drain();
    } finally {
      this.#dispatching = false;
    }
  }

  /** Publishes a non-fatal error on `errors$`, in order with the events. */
  report(error: CallstreamError): void {
    this.#batchItems.push(error);
    if (this.#batchDepth === 0) this.#flush();
  }

  // ---- offers ----------------------------------------------------------------------------

  /** The tracked call `callId`, or a typed error explaining why there is none. */
  requireCall(callId: string, command: string): C {
    const call = this.#current.get(callId);
    if (!call) throw this.untracked(callId, command);
    return call;
  }

  /**
   * An offer this client can still answer: incoming, not claimed by an earlier accept, and not
   * being accepted right now (a double click must not lose the call we won).
   */
  requireOffer(callId: string, command: string): C {
    const call = this.requireCall(callId, command);
    if (call.state !== 'incoming' || call.claimed || this.#acceptsInFlight.has(callId)) {
      const why = call.state !== 'incoming' ? call.state : 'already being accepted or accepted';
      throw createError(
        'invalid-call-state',
        `${command}: call ${callId} is ${why}, not an open offer`,
        {
          callId,
        },
      );
    }
    return call;
  }

  /**
   * Runs an accept of the offer `callId`: while it runs the deadline cannot remove the call
   * (the backend decides), and when it fails the offer is dropped if the backend no longer knows
   * it or its deadline passed.
   */
  async accepting<T>(callId: string, run: () => Promise<T>): Promise<T> {
    this.#acceptsInFlight.add(callId);
    try {
      return await run();
    } catch (error) {
      this.dropLostOffer(callId, error);
      throw error;
    } finally {
      this.#acceptsInFlight.delete(callId);
    }
  }

  /** Marks an offer as ours after a successful accept: no deadline any more, then `patch`. */
  claim(callId: string, patch: (call: C) => C = (call) => call): void {
    this.#timers.clear(callId, 'expire');
    this.update(callId, (call) => {
      const { expiresAt: _claimed, ...rest } = patch(call);
      return { ...rest, claimed: true } as C;
    });
  }

  /** After a failed accept/reject: the offer is gone if the backend no longer knows it or it expired. */
  dropLostOffer(callId: string, error: unknown): void {
    const call = this.#current.get(callId);
    if (!call || call.claimed) return;
    if (isCallstreamError(error, 'call-not-found')) this.remove(callId, 'claimed-elsewhere');
    else if (call.expiresAt !== undefined && this.#clock() >= call.expiresAt) {
      this.remove(callId, 'expired');
    }
  }

  /** Drops an offer locally (the backend is not told). No-op unless the call is an offer. */
  ignore(callId: string): void {
    if (this.#current.get(callId)?.state === 'incoming') this.remove(callId, 'ignored');
  }

  // ---- timers ----------------------------------------------------------------------------

  /** Removes `callId` as `hangup` after `delayMs` unless its end is reported first. */
  expectEnd(callId: string, delayMs: number): void {
    if (!this.#current.has(callId)) return;
    this.#timers.set(callId, 'hangup', delayMs, () => this.remove(callId, 'hangup'));
  }

  /** Marks a call stale: kept, but unconfirmed until an event about it arrives. */
  markStale(callId: string): void {
    this.update(callId, (call) => ({ ...call, stale: true }));
  }

  /** Gives every stale call `staleCallTimeoutMs` to be confirmed, else removes it as `stale`. */
  armStaleTimers(): void {
    for (const call of this.#current.values()) {
      if (!call.stale) continue;
      this.#timers.set(call.callId, 'stale', this.options.staleCallTimeoutMs, () => {
        if (this.#current.get(call.callId)?.stale) this.remove(call.callId, 'stale');
      });
    }
  }

  // ---- errors ----------------------------------------------------------------------------

  /** Explains a command on a call this client does not (or no longer) track. */
  untracked(callId: string, command: string): CallstreamError {
    const reason = this.#ended.get(callId);
    if (reason === 'expired') {
      return new CallError(
        'call-expired',
        `${command}: incoming call ${callId} expired before it was claimed`,
        { callId },
      );
    }
    const code: ErrorCode =
      reason === 'claimed-elsewhere' || reason === 'not-found' ? 'call-not-found' : 'unknown-call';
    const why = reason ? ` (it ended: ${reason})` : '';
    return createError(code, `${command}: call ${callId} is not tracked by this client${why}`, {
      callId,
    });
  }

  /** Why a recently removed call ended, if it is still remembered. */
  endReasonOf(callId: string): CallEndReason | undefined {
    return this.#ended.get(callId);
  }

  // ---- internals -------------------------------------------------------------------------

  #put(call: C, previous?: C): C {
    // What the new snapshot shares with the one it replaces is frozen already (freezing costs
    // about as much as building the snapshot, on every event).
    if (call.timestamps !== previous?.timestamps) Object.freeze(call.timestamps);
    if (call.details !== undefined && call.details !== previous?.details) {
      Object.freeze(call.details);
    }
    const frozen = Object.freeze(call);
    this.#current = this.#current.with(frozen);
    return frozen;
  }

  #armExpiry(call: C): void {
    const deadline = call.expiresAt ?? this.#clock() + this.options.incomingTimeoutMs;
    this.#timers.set(call.callId, 'expire', deadline - this.#clock(), () => {
      const latest = this.#current.get(call.callId);
      // While an accept is in flight the backend decides; its reply removes or keeps the call.
      // Only a claim lifts the deadline: an offer that events moved on without our accept would
      // otherwise have no way out of the table.
      if (latest !== undefined && !latest.claimed && !this.#acceptsInFlight.has(call.callId)) {
        this.remove(call.callId, 'expired');
      }
    });
  }

  #endBatch(): void {
    this.#batchDepth -= 1;
    if (this.#batchDepth === 0) this.#flush();
  }

  /**
   * Publishes the finished batch: at once, or behind the batches already queued when a
   * subscriber changed calls while being notified (every subscriber sees the same order).
   */
  #flush(): void {
    const items = this.#batchItems;
    if (items.length === 0 && this.#published === this.#current) return;
    this.#batchItems = [];
    if (this.#dispatching) {
      this.#queue.push(items);
      return;
    }
    this.#dispatching = true;
    try {
      this.#publish(items);
      this.#drain();
    } finally {
      this.#dispatching = false;
    }
  }

  /** Publishes queued batches until none is left (only while `dispatching`). */
  #drain(): void {
    while (this.#queue.length > 0) this.#publish(this.#queue.shift() as Published<C>[]);
  }

  /** The current table when it was not emitted yet, then the batch's items in order. */
  #publish(items: readonly Published<C>[]): void {
    if (this.#published !== this.#current) {
      this.#published = this.#current;
      this.#tables.next(this.#current);
    }
    for (const item of items) {
      if (item instanceof Error) this.#errorStream.next(item);
      else this.#eventStream.next(item);
    }
  }
}
