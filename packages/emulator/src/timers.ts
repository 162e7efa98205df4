import type { EmulatorLogger } from './logger';

// Captured at import: a test that installs fake timers afterwards must not freeze the emulator,
// which plays the role of a remote server and lives on real time.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const realSetInterval = globalThis.setInterval;
const realClearInterval = globalThis.clearInterval;

/** Cancels a scheduled callback; calling it again does nothing. */
export type CancelTimer = () => void;

interface Entry {
  handle: ReturnType<typeof setTimeout>;
  group: string | undefined;
}

/**
 * Every one-shot timer of the emulator, so that `stats().timers` is exact and a call, a session
 * or the whole emulator can drop its pending work at once. Callbacks that throw are logged, never
 * allowed to crash the process.
 */
export class TimerRegistry {
  readonly #entries = new Map<symbol, Entry>();
  /** Keys by group, so cancelling one call's timers does not scan every timer. */
  readonly #groups = new Map<string, Set<symbol>>();
  readonly #logger: EmulatorLogger;

  constructor(logger: EmulatorLogger) {
    this.#logger = logger;
  }

  /** Runs `callback` after `ms`; `group` (a callid, a session id) allows cancelling by owner. */
  set(ms: number, callback: () => void, group?: string): CancelTimer {
    const key = Symbol('timer');
    const handle = realSetTimeout(() => {
      this.#forget(key);
      try {
        callback();
      } catch (error) {
        this.#logger.error('timer callback failed', { error: String(error), group });
      }
    }, ms);
    this.#entries.set(key, { handle, group });
    if (group !== undefined) {
      let keys = this.#groups.get(group);
      if (!keys) {
        keys = new Set();
        this.#groups.set(group, keys);
      }
      keys.add(key);
    }
    return () => {
      const entry = this.#entries.get(key);
      if (!entry) return;
      realClearTimeout(entry.handle);
      this.#forget(key);
    };
  }

  #forget(key: symbol): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    if (entry.group === undefined) return;
    const keys = this.#groups.get(entry.group);
    keys?.delete(key);
    if (keys?.size === 0) this.#groups.delete(entry.group);
  }

  /** Cancels every pending timer of a group. */
  cancelGroup(group: string): void {
    const keys = this.#groups.get(group);
    if (!keys) return;
    for (const key of [...keys]) {
      const entry = this.#entries.get(key);
      if (entry) realClearTimeout(entry.handle);
      this.#forget(key);
    }
  }

  /** Cancels everything. */
  clearAll(): void {
    for (const entry of this.#entries.values()) realClearTimeout(entry.handle);
    this.#entries.clear();
    this.#groups.clear();
  }

  /** Number of pending timers. */
  get size(): number {
    return this.#entries.size;
  }
}

/** Starts a repeating real-time interval (not counted by the registry); returns its stopper. */
export function startInterval(ms: number, callback: () => void): CancelTimer {
  const handle = realSetInterval(callback, ms);
  return () => realClearInterval(handle);
}

/** A real-time one-shot timer outside the registry (for waits owned by API callers). */
export function realTimeout(ms: number, callback: () => void): CancelTimer {
  const handle = realSetTimeout(callback, ms);
  return () => realClearTimeout(handle);
}

const realSetImmediate = globalThis.setImmediate;

/** Resolves on the next turn of the real event loop (after pending I/O callbacks). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}
