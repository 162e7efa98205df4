import type { AcContext } from './context';

/** Events are dropped rather than buffered once a client has this much unread data. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

interface Pending {
  text: string;
  due: number;
}

/**
 * The single queue every JSON event of a session goes through, so the socket order is the
 * emission order even while the `delayEvents` fault holds events back.
 */
export class EventOutbox {
  readonly #ctx: AcContext;
  readonly #group: string;
  readonly #write: (text: string) => void;
  #queue: Pending[] = [];
  #cancelTimer: (() => void) | undefined;
  #drainWaiters: (() => void)[] = [];

  /** `write` sends one text frame; `group` owns the outbox's timer. */
  constructor(ctx: AcContext, group: string, write: (text: string) => void) {
    this.#ctx = ctx;
    this.#group = group;
    this.#write = write;
  }

  /** Sends now, or after the current delay fault, behind everything queued before. */
  push(text: string): void {
    const delay = this.#ctx.faults.delayEventsMs;
    if (delay === null && this.#queue.length === 0) {
      this.#write(text);
      return;
    }
    this.#queue.push({ text, due: Date.now() + (delay ?? 0) });
    this.#schedule();
  }

  #schedule(): void {
    if (this.#cancelTimer !== undefined) return;
    const head = this.#queue[0];
    if (!head) return;
    this.#cancelTimer = this.#ctx.timers.set(
      Math.max(0, head.due - Date.now()),
      () => {
        this.#cancelTimer = undefined;
        this.#flushDue();
      },
      this.#group,
    );
  }

  #flushDue(): void {
    const now = Date.now();
    while (this.#queue.length > 0 && (this.#queue[0] as Pending).due <= now) {
      this.#write((this.#queue.shift() as Pending).text);
    }
    if (this.#queue.length > 0) {
      this.#schedule();
      return;
    }
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves once every queued event was written (or the outbox was cleared). */
  drained(): Promise<void> {
    if (this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  /** Forgets queued events (the socket is gone) and releases drain waiters. */
  clear(): void {
    this.#queue = [];
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
