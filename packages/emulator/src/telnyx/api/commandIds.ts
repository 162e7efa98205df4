/** A successful answer remembered for its `command_id`. */
export interface RememberedAnswer {
  readonly status: number;
  readonly body: unknown;
}

/**
 * Telnyx's `command_id` idempotency: a second command with the same id on the same call (or a
 * second dial with the same id) within the window gets the first one's answer and has no effect.
 * Entries expire lazily (no timers) and the oldest go first beyond the cap.
 */
export class CommandIdCache {
  readonly #windowMs: number;
  readonly #max: number;
  readonly #entries = new Map<string, { at: number; answer: RememberedAnswer }>();

  constructor(windowMs: number, max: number) {
    this.#windowMs = windowMs;
    this.#max = max;
  }

  #prune(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (now - entry.at < this.#windowMs) break;
      this.#entries.delete(key);
    }
  }

  get(key: string, now = Date.now()): RememberedAnswer | undefined {
    this.#prune(now);
    return this.#entries.get(key)?.answer;
  }

  remember(key: string, answer: RememberedAnswer, now = Date.now()): void {
    this.#prune(now);
    this.#entries.delete(key);
    this.#entries.set(key, { at: now, answer });
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** The cache key of a command: per call, or per dial. */
export function commandKey(scope: string, commandId: string): string {
  return `${scope}\n${commandId}`;
}
