import type { CallSnapshot } from './call';

/**
 * A generation lasts as many changes as the table has calls, and at least this many. Longer
 * generations would copy the `Map` less often (`new Map(map)` costs about 0.4 µs per call on
 * Node 20, so about 0.4 µs per change at this length) but cost more elsewhere: a superseded
 * version that a full GC promoted keeps every later version of its generation, and the calls
 * they replaced, alive through young-generation GCs until the next full one. With four changes
 * per call, bench (c) with 10,000 calls and every event on one call went from 1.1× to 1.6-1.8×
 * the 10-call cost.
 */
const MIN_GENERATION = 256;

/**
 * Versions an old table walks towards the newest one, at most, to answer a `get`; beyond that
 * it rebuilds its own map once (see {@link CallTable}).
 */
const MAX_WALK = 32;

/**
 * An immutable table of calls by id, kept as a chain of versions over one shared `Map` (a
 * "version-chained" or diff map). The newest version of a chain reads the `Map` directly; each
 * change writes the `Map` in place and leaves behind, in the version it replaced, how to undo
 * it (the call it replaced, or the id that was absent) and a link to the version that
 * replaced it. An older table answers from those undo records on the way to the newest version,
 * or, when it lies more than a few changes behind or is iterated, rebuilds its own `Map` once.
 *
 * So a change costs two `Map` operations and one small object whatever the number of calls
 * (a persistent tree copies a path of nodes per change, and those nodes outlive V8's young
 * generation when the table is large), yet every table ever handed out keeps its content:
 * `calls$` emits a fresh `ReadonlyMap` per change (architecture rule: per-event cost must not
 * grow with the number of calls). Memory stays bounded: after `max(256, size)` changes a new
 * generation starts on a copy of the `Map`, so an old table a user keeps holds at most one
 * generation's undo records (and the calls they restore) and one `Map`; tables nobody keeps are
 * garbage at once, their undo records with them.
 *
 * Iteration lists calls in the order they were first tracked; an old table rebuilt after calls
 * left lists those last.
 */
export class CallTable<C extends CallSnapshot = CallSnapshot> implements ReadonlyMap<string, C> {
  static readonly #none = new CallTable<CallSnapshot>(new Map(), 0, 0);

  /** The table with no calls (one shared instance: it is immutable). */
  static empty<C extends CallSnapshot>(): CallTable<C> {
    return CallTable.#none as CallTable<C>;
  }

  /** This version's content while {@link #newer} is undefined; the newest version's otherwise. */
  #map: Map<string, C>;
  /** The version that replaced this one in the same chain, once there is one. */
  #newer: CallTable<C> | undefined = undefined;
  /** Turns {@link #newer}'s content back into this one's: restore this call, or drop this id. */
  #undo: C | string | undefined = undefined;
  /** Changes since this version's generation began (its `Map` was made). */
  #changes: number;
  /** Number of calls in the table. */
  readonly size: number;

  private constructor(map: Map<string, C>, size: number, changes: number) {
    this.#map = map;
    this.size = size;
    this.#changes = changes;
  }

  /** The call with this id, if any. */
  get(callId: string): C | undefined {
    if (this.#newer === undefined) return this.#map.get(callId);
    let version: CallTable<C> = this;
    for (let walked = 0; walked < MAX_WALK; walked += 1) {
      const undo = version.#undo;
      // The first change to this id after this version says what it was here.
      if (typeof undo === 'string') {
        if (undo === callId) return undefined;
      } else if (undo !== undefined && undo.callId === callId) {
        return undo;
      }
      const newer = version.#newer;
      if (newer === undefined) return version.#map.get(callId);
      version = newer;
    }
    return this.#ownMap().get(callId);
  }

  /** Whether a call with this id is in the table. */
  has(callId: string): boolean {
    return this.get(callId) !== undefined;
  }

  /** A table with `call` added or replaced (keyed by `call.callId`). */
  with(call: C): CallTable<C> {
    const callId = call.callId;
    const map = this.#ownMap();
    const previous = map.get(callId);
    const size = previous === undefined ? this.size + 1 : this.size;
    const target = this.#target(map);
    target.set(callId, call);
    return this.#next(target, size, previous ?? callId);
  }

  /** A table without the call with this id (the same table when it is absent). */
  without(callId: string): CallTable<C> {
    const map = this.#ownMap();
    const previous = map.get(callId);
    if (previous === undefined) return this;
    const target = this.#target(map);
    target.delete(callId);
    return this.#next(target, this.size - 1, previous);
  }

  /** Every `[callId, call]` pair. */
  *entries(): MapIterator<[string, C]> {
    for (const call of this.#calls()) yield [call.callId, call];
  }

  /** Every call id. */
  *keys(): MapIterator<string> {
    for (const call of this.#calls()) yield call.callId;
  }

  /** Every call. */
  *values(): MapIterator<C> {
    yield* this.#calls();
  }

  /** Same as {@link entries}. */
  [Symbol.iterator](): MapIterator<[string, C]> {
    return this.entries();
  }

  /** Calls `callback` for every call, like `Map.prototype.forEach`. */
  forEach(
    callback: (value: C, key: string, map: ReadonlyMap<string, C>) => void,
    thisArg?: unknown,
  ): void {
    for (const call of this.#calls()) callback.call(thisArg, call, call.callId, this);
  }

  /** `CallTable`, for `Object.prototype.toString`. */
  get [Symbol.toStringTag](): string {
    return 'CallTable';
  }

  /**
   * The calls of this version, copied out: a change made while a caller iterates (a subscriber
   * hanging up a call in its loop) writes the shared `Map`, which must not show through.
   */
  #calls(): C[] {
    return Array.from(this.#ownMap().values());
  }

  /**
   * A `Map` holding exactly this version's calls: the shared one when this is the newest version
   * of its chain, otherwise a copy of the newest one with the undo records applied, newest
   * first. The copy becomes this version's own: it starts a chain of its own, so later reads
   * are direct and the versions it held on to can go.
   */
  #ownMap(): Map<string, C> {
    if (this.#newer === undefined) return this.#map;
    const undos: (C | string)[] = [];
    let version: CallTable<C> = this;
    for (let newer = version.#newer; newer !== undefined; newer = version.#newer) {
      undos.push(version.#undo as C | string);
      version = newer;
    }
    const map = new Map(version.#map);
    for (let index = undos.length - 1; index >= 0; index -= 1) {
      const undo = undos[index] as C | string;
      if (typeof undo === 'string') map.delete(undo);
      else map.set(undo.callId, undo);
    }
    this.#map = map;
    this.#newer = undefined;
    this.#undo = undefined;
    this.#changes = 0;
    return map;
  }

  /**
   * The `Map` the next change writes (`map` is this version's own, see {@link #ownMap}): the
   * shared one, or a copy that starts a new generation once this one is long enough. An empty
   * table always starts one: the empty table is shared by every engine.
   */
  #target(map: Map<string, C>): Map<string, C> {
    if (this.size === 0) return new Map();
    const changes = this.#changes;
    if (changes >= MIN_GENERATION && changes >= this.size) return new Map(map);
    return map;
  }

  /**
   * The version after one change written into `target`. When that is this version's `Map`, this
   * version keeps how to undo the change and a link to its successor; otherwise (a new
   * generation) it keeps its `Map`, which nothing writes any more.
   */
  #next(target: Map<string, C>, size: number, undo: C | string): CallTable<C> {
    if (target !== this.#map) return new CallTable(target, size, 1);
    const next = new CallTable(target, size, this.#changes + 1);
    this.#undo = undo;
    this.#newer = next;
    return next;
  }
}
