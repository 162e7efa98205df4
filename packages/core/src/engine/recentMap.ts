/**
 * A map that remembers only its most recent `capacity` entries (oldest inserted first out).
 * For "what happened to this id lately" memories that must not grow without bound.
 */
export class RecentMap<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(private readonly capacity = 1024) {}

  /** The value remembered for `key`, if it is still remembered. */
  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  /** Whether `key` is still remembered. */
  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** Remembers `value` for `key`, forgetting the oldest entry when over capacity. */
  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  /** Forgets `key` and returns what was remembered for it. */
  take(key: K): V | undefined {
    const value = this.#entries.get(key);
    this.#entries.delete(key);
    return value;
  }
}
