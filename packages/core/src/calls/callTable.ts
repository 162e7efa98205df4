import type { Call } from './call';

const BITS = 6;
const WIDTH = 1 << BITS; // 64 slots per level, two levels: 4,096 leaves
const MASK = WIDTH - 1;

type Leaf = readonly Call[];
type Branch = ReadonlyArray<Leaf | undefined>;
type Root = ReadonlyArray<Branch | undefined>;

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
export class CallTable implements ReadonlyMap<string, Call> {
  /** The table with no calls. */
  static readonly empty = new CallTable([], 0);

  private constructor(
    private readonly root: Root,
    /** Number of calls in the table. */
    readonly size: number,
  ) {}

  /** The call with this id, if any. */
  get(callId: string): Call | undefined {
    const h = hash(callId);
    return this.root[h & MASK]?.[(h >>> BITS) & MASK]?.find((call) => call.callId === callId);
  }

  /** Whether a call with this id is in the table. */
  has(callId: string): boolean {
    return this.get(callId) !== undefined;
  }

  /** A table with `call` added or replaced (keyed by `call.callId`). */
  with(call: Call): CallTable {
    const h = hash(call.callId);
    const leaf = this.leaf(h);
    const index = leaf.findIndex((existing) => existing.callId === call.callId);
    const next = index === -1 ? [...leaf, call] : leaf.map((old, i) => (i === index ? call : old));
    return new CallTable(this.replaceLeaf(h, next), this.size + (index === -1 ? 1 : 0));
  }

  /** A table without the call with this id (the same table when it is absent). */
  without(callId: string): CallTable {
    const h = hash(callId);
    const leaf = this.leaf(h);
    const next = leaf.filter((call) => call.callId !== callId);
    if (next.length === leaf.length) return this;
    return new CallTable(this.replaceLeaf(h, next), this.size - 1);
  }

  private leaf(h: number): Leaf {
    return this.root[h & MASK]?.[(h >>> BITS) & MASK] ?? [];
  }

  private replaceLeaf(h: number, leaf: Leaf): Root {
    const top = h & MASK;
    const branch = [...(this.root[top] ?? new Array<Leaf | undefined>(WIDTH))];
    branch[(h >>> BITS) & MASK] = leaf.length > 0 ? leaf : undefined;
    const root = [...(this.root.length > 0 ? this.root : new Array<Branch | undefined>(WIDTH))];
    root[top] = branch;
    return root;
  }

  *entries(): MapIterator<[string, Call]> {
    for (const call of this.values()) yield [call.callId, call];
  }

  *keys(): MapIterator<string> {
    for (const call of this.values()) yield call.callId;
  }

  *values(): MapIterator<Call> {
    for (const branch of this.root) {
      if (!branch) continue;
      for (const leaf of branch) {
        if (leaf) yield* leaf;
      }
    }
  }

  [Symbol.iterator](): MapIterator<[string, Call]> {
    return this.entries();
  }

  forEach(
    callback: (value: Call, key: string, map: ReadonlyMap<string, Call>) => void,
    thisArg?: unknown,
  ): void {
    for (const call of this.values()) callback.call(thisArg, call, call.callId, this);
  }

  get [Symbol.toStringTag](): string {
    return 'CallTable';
  }
}
