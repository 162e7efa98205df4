import type { CallSnapshot } from './call';

const BITS = 5;
const MASK = (1 << BITS) - 1; // 32 slots per node

/** The last id hashed and its hash: one event looks its call up, then replaces it. */
let lastKey = '';
let lastHash = 0x811c9dc5;

/**
 * FNV-1a over pairs of UTF-16 code units (half the multiplications of the per-character
 * version, which dominated a lookup), finished with murmur3's mixer so that every bit of the
 * result depends on every character. Exported for collision tests.
 */
export function hashCallId(key: string): number {
  if (key === lastKey) return lastHash;
  let h = 0x811c9dc5;
  const length = key.length;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    h ^= key.charCodeAt(i) | (key.charCodeAt(i + 1) << 16);
    h = Math.imul(h, 0x01000193);
  }
  if (i < length) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  lastKey = key;
  lastHash = h >>> 0;
  return lastHash;
}

/** Number of set bits. */
function popcount(bits: number): number {
  let x = bits - ((bits >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * An inner node: `bitmap` says which of the 32 slots are used, `children` holds only those, in
 * slot order (so a node with three calls is a three-element array, not a 32-slot one).
 */
class Branch<C> {
  constructor(
    readonly bitmap: number,
    readonly children: readonly Entry<C>[],
  ) {}
}

/** Calls whose ids have the same 32-bit hash (rare; found by a full compare). */
class Collision<C> {
  constructor(
    readonly hash: number,
    readonly calls: readonly C[],
  ) {}
}

type Entry<C> = C | Branch<C> | Collision<C>;

const emptyRoot = new Branch<never>(0, []);

/** `children` with `entry` at `index` (replacing, or inserting when `insert`). */
function copyWith<T>(children: readonly T[], index: number, entry: T, insert: boolean): T[] {
  const next = children.slice();
  if (insert) next.splice(index, 0, entry);
  else next[index] = entry;
  return next;
}

/**
 * An immutable, structurally shared table of calls by id (a hash array mapped trie): `with` and
 * `without` return a new table that shares every untouched node with the old one, so a change
 * copies one small node per level (about two levels for 1,000 calls, three for 10,000) whatever
 * the number of live calls. This is what lets `calls$` emit a fresh `ReadonlyMap` for every
 * change without copying the whole table (architecture rule: per-event cost must not grow with
 * the number of calls).
 */
export class CallTable<C extends CallSnapshot = CallSnapshot> implements ReadonlyMap<string, C> {
  static readonly #none = new CallTable<CallSnapshot>(emptyRoot, 0);

  /** The table with no calls (one shared instance: it is immutable). */
  static empty<C extends CallSnapshot>(): CallTable<C> {
    return CallTable.#none as CallTable<C>;
  }

  readonly #root: Branch<C>;
  /** Number of calls in the table. */
  readonly size: number;

  private constructor(root: Branch<C>, size: number) {
    this.#root = root;
    this.size = size;
  }

  /** The call with this id, if any. */
  get(callId: string): C | undefined {
    const hash = hashCallId(callId);
    let node = this.#root;
    for (let shift = 0; ; shift += BITS) {
      const bit = 1 << ((hash >>> shift) & MASK);
      if ((node.bitmap & bit) === 0) return undefined;
      const child = node.children[popcount(node.bitmap & (bit - 1))] as Entry<C>;
      if (child instanceof Branch) {
        node = child;
        continue;
      }
      if (child instanceof Collision) return child.calls.find((call) => call.callId === callId);
      return child.callId === callId ? child : undefined;
    }
  }

  /** Whether a call with this id is in the table. */
  has(callId: string): boolean {
    return this.get(callId) !== undefined;
  }

  /** A table with `call` added or replaced (keyed by `call.callId`). */
  with(call: C): CallTable<C> {
    inserted = false;
    const root = insert(this.#root, call, hashCallId(call.callId), 0);
    return new CallTable(root, this.size + (inserted ? 1 : 0));
  }

  /** A table without the call with this id (the same table when it is absent). */
  without(callId: string): CallTable<C> {
    const root = remove(this.#root, callId, hashCallId(callId), 0);
    if (root === this.#root) return this;
    // The root is never lifted away (shift 0), so it is a branch or, once empty, undefined.
    return new CallTable((root as Branch<C> | undefined) ?? emptyRoot, this.size - 1);
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
  values(): MapIterator<C> {
    return walk(this.#root);
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

function* walk<C>(node: Branch<C>): Generator<C, undefined, unknown> {
  for (const child of node.children) {
    if (child instanceof Branch) yield* walk(child);
    else if (child instanceof Collision) yield* child.calls;
    else yield child;
  }
  return undefined;
}

/**
 * Set by {@link insert} when the call was new rather than replaced. A module variable rather than
 * a result object: `with` runs for every change, and insertion never re-enters.
 */
let inserted = false;

function insert<C extends CallSnapshot>(
  node: Branch<C>,
  call: C,
  hash: number,
  shift: number,
): Branch<C> {
  const bit = 1 << ((hash >>> shift) & MASK);
  const index = popcount(node.bitmap & (bit - 1));
  if ((node.bitmap & bit) === 0) {
    inserted = true;
    return new Branch(node.bitmap | bit, copyWith(node.children, index, call, true));
  }
  const child = node.children[index] as Entry<C>;
  let replacement: Entry<C>;
  if (child instanceof Branch) {
    replacement = insert(child, call, hash, shift + BITS);
  } else if (child instanceof Collision) {
    replacement = intoCollision(child, call, hash, shift + BITS);
  } else if (child.callId === call.callId) {
    replacement = call;
  } else {
    inserted = true;
    replacement = split(child, hashCallId(child.callId), call, hash, shift + BITS);
  }
  return new Branch(node.bitmap, copyWith(node.children, index, replacement, false));
}

function intoCollision<C extends CallSnapshot>(
  bucket: Collision<C>,
  call: C,
  hash: number,
  shift: number,
): Entry<C> {
  if (bucket.hash !== hash) {
    inserted = true;
    return split(bucket, bucket.hash, call, hash, shift);
  }
  const index = bucket.calls.findIndex((existing) => existing.callId === call.callId);
  if (index === -1) {
    inserted = true;
    return new Collision(hash, [...bucket.calls, call]);
  }
  return new Collision(hash, copyWith(bucket.calls, index, call, false));
}

/** A branch holding two entries whose hashes agree on the bits above `shift`. */
function split<C extends CallSnapshot>(
  existing: Entry<C>,
  existingHash: number,
  call: C,
  hash: number,
  shift: number,
): Entry<C> {
  if (existingHash === hash) return new Collision(hash, [existing as C, call]);
  const existingSlot = (existingHash >>> shift) & MASK;
  const slot = (hash >>> shift) & MASK;
  if (existingSlot === slot) {
    return new Branch(1 << slot, [split(existing, existingHash, call, hash, shift + BITS)]);
  }
  const children = existingSlot < slot ? [existing, call] : [call, existing];
  return new Branch((1 << existingSlot) | (1 << slot), children);
}

/**
 * `node` without `callId`: the same node when absent, `undefined` when it became empty, or its
 * only remaining call (or collision bucket) so the parent holds it directly.
 */
function remove<C extends CallSnapshot>(
  node: Branch<C>,
  callId: string,
  hash: number,
  shift: number,
): Entry<C> | undefined {
  const bit = 1 << ((hash >>> shift) & MASK);
  if ((node.bitmap & bit) === 0) return node;
  const index = popcount(node.bitmap & (bit - 1));
  const child = node.children[index] as Entry<C>;
  let replacement: Entry<C> | undefined;
  if (child instanceof Branch) {
    replacement = remove(child, callId, hash, shift + BITS);
  } else if (child instanceof Collision) {
    const calls = child.calls.filter((call) => call.callId !== callId);
    if (calls.length === child.calls.length) return node;
    replacement = calls.length === 1 ? calls[0] : new Collision(child.hash, calls);
  } else {
    if (child.callId !== callId) return node;
    replacement = undefined;
  }
  if (replacement === child) return node;
  if (replacement === undefined) {
    if (node.children.length === 1) return undefined;
    const children = node.children.slice();
    children.splice(index, 1);
    const remaining = children[0] as Entry<C>;
    // A branch left with one call is lifted into its parent, so lookups stay short.
    if (children.length === 1 && !(remaining instanceof Branch) && shift > 0) return remaining;
    return new Branch(node.bitmap & ~bit, children);
  }
  if (node.children.length === 1 && !(replacement instanceof Branch) && shift > 0) {
    return replacement;
  }
  return new Branch(node.bitmap, copyWith(node.children, index, replacement, false));
}
