import type { CallSnapshot } from './call';

const BITS = 6;
const WIDTH = 1 << BITS; // 64 slots per level, two levels: 4,096 leaves
const MASK = WIDTH - 1;

type Leaf<C> = readonly C[];
type Branch<C> = ReadonlyArray<Leaf<C> | undefined>;
type Root<C> = ReadonlyArray<Branch<C> | undefined>;

/** FNV-1a: fast, spreads UUID-like ids evenly over the slots. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * An immutable, structurally shared table of calls by id: `with`/`without` return a new table
 * that shares all untouched slots with the old one, so a change costs two 64-slot copies plus one
 * tiny leaf, whatever the number of live calls. This is what lets `calls$` emit a fresh
 * `ReadonlyMap` for every event without copying the whole table (architecture rule: per-event
 * cost must not grow with the number of calls).
 */
export class CallTable<C extends CallSnapshot = CallSnapshot> implements ReadonlyMap<string, C> {
  private static readonly none = new CallTable<CallSnapshot>([], 0);

  /** The table with no calls (one shared instance: it is immutable). */
  static empty<C extends CallSnapshot>(): CallTable<C> {
    return CallTable.none as CallTable<C>;
  }

  private constructor(
    private readonly root: Root<C>,
    /** Number of calls in the table. */
    readonly size: number,
  ) {}

  /** The call with this id, if any. */
  get(callId: string): C | undefined {
    const h = hash(callId);
    return this.root[h & MASK]?.[(h >>> BITS) & MASK]?.find((call) => call.callId === callId);
  }

  /** Whether a call with this id is in the table. */
  has(callId: string): boolean {
    return this.get(callId) !== undefined;
  }

  /** A table with `call` added or replaced (keyed by `call.callId`). */
  with(call: C): CallTable<C> {
    const h = hash(call.callId);
    const leaf = this.leaf(h);
    const index = leaf.findIndex((existing) => existing.callId === call.callId);
    const next = index === -1 ? [...leaf, call] : leaf.map((old, i) => (i === index ? call : old));
    return new CallTable(this.replaceLeaf(h, next), this.size + (index === -1 ? 1 : 0));
  }

  /** A table without the call with this id (the same table when it is absent). */
  without(callId: string): CallTable<C> {
    const h = hash(callId);
    const leaf = this.leaf(h);
    const next = leaf.filter((call) => call.callId !== callId);
    if (next.length === leaf.length) return this;
    return new CallTable(this.replaceLeaf(h, next), this.size - 1);
  }

  private leaf(h: number): Leaf<C> {
    return this.root[h & MASK]?.[(h >>> BITS) & MASK] ?? [];
  }

  private replaceLeaf(h: number, leaf: Leaf<C>): Root<C> {
    const top = h & MASK;
    const branch = [...(this.root[top] ?? new Array<Leaf<C> | undefined>(WIDTH))];
    branch[(h >>> BITS) & MASK] = leaf.length > 0 ? leaf : undefined;
    const root = [...(this.root.length > 0 ? this.root : new Array<Branch<C> | undefined>(WIDTH))];
    root[top] = branch;
    return root;
  }

  /** Every `[callId, call]` pair. */
  *entries(): MapIterator<[string, C]> {
    for (const call of this.values()) yield [call.callId, call];
  }

  /** Every call id. */
  *keys(): MapIterator<string> {
    for (const call of this.values()) yield call.callId;
  }

  /** Every call. */
  *values(): MapIterator<C> {
    for (const branch of this.root) {
      if (!branch) continue;
      for (const leaf of branch) {
        if (leaf) yield* leaf;
      }
    }
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
    for (const call of this.values()) callback.call(thisArg, call, call.callId, this);
  }

  /** `CallTable`, for `Object.prototype.toString`. */
  get [Symbol.toStringTag](): string {
    return 'CallTable';
  }
}
