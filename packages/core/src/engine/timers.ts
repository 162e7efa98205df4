import { MAX_TIMER_MS } from '../validation';

/** What a per-call timer is for. */
export type CallTimerKind = 'expire' | 'hangup' | 'stale';

/**
 * One-shot timers grouped by call, so every timer the engine starts can be found, replaced and
 * cleared when its call leaves (and on close nothing is left behind).
 */
export class CallTimers {
  readonly #calls = new Map<string, Map<CallTimerKind, ReturnType<typeof setTimeout>>>();

  /** Starts (or restarts) the `kind` timer of `callId`. Delays are clamped to what timers support. */
  set(callId: string, kind: CallTimerKind, delayMs: number, run: () => void): void {
    this.clear(callId, kind);
    let group = this.#calls.get(callId);
    if (!group) {
      group = new Map();
      this.#calls.set(callId, group);
    }
    const timer = setTimeout(
      () => {
        this.clear(callId, kind);
        run();
      },
      Math.min(Math.max(0, delayMs), MAX_TIMER_MS),
    );
    group.set(kind, timer);
  }

  /** Whether the `kind` timer of `callId` is pending. */
  has(callId: string, kind: CallTimerKind): boolean {
    return this.#calls.get(callId)?.has(kind) ?? false;
  }

  /** Stops the `kind` timer of `callId` if it is pending. */
  clear(callId: string, kind: CallTimerKind): void {
    const group = this.#calls.get(callId);
    const timer = group?.get(kind);
    if (timer === undefined || !group) return;
    clearTimeout(timer);
    group.delete(kind);
    if (group.size === 0) this.#calls.delete(callId);
  }

  /** Stops every timer of `callId`. */
  clearCall(callId: string): void {
    const group = this.#calls.get(callId);
    if (!group) return;
    for (const timer of group.values()) clearTimeout(timer);
    this.#calls.delete(callId);
  }

  /** Stops every timer. */
  clearAll(): void {
    for (const callId of [...this.#calls.keys()]) this.clearCall(callId);
  }

  /** Number of pending timers (for tests and leak checks). */
  get size(): number {
    let size = 0;
    for (const group of this.#calls.values()) size += group.size;
    return size;
  }
}
