/**
 * An append-only log that keeps the newest `capacity` entries. A ring buffer, so appending stays
 * O(1) however long the emulator runs.
 */
export class BoundedLog<T> {
  readonly #entries: (T | undefined)[];
  #start = 0;
  #size = 0;

  constructor(capacity: number) {
    this.#entries = new Array<T | undefined>(capacity);
  }

  push(entry: T): void {
    const capacity = this.#entries.length;
    if (this.#size < capacity) {
      this.#entries[(this.#start + this.#size) % capacity] = entry;
      this.#size += 1;
      return;
    }
    this.#entries[this.#start] = entry;
    this.#start = (this.#start + 1) % capacity;
  }

  /** The kept entries, oldest first. */
  list(): T[] {
    const capacity = this.#entries.length;
    const result: T[] = [];
    for (let index = 0; index < this.#size; index += 1) {
      const entry = this.#entries[(this.#start + index) % capacity];
      if (entry !== undefined) result.push(entry);
    }
    return result;
  }

  clear(): void {
    this.#entries.fill(undefined);
    this.#start = 0;
    this.#size = 0;
  }
}
