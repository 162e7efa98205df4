import type { CallstreamError } from '@callstream/core';
import { telnyxError } from '../codes';

/** The dial rate Telnyx allows: `perSecond` dials per second, counted over a rolling window. */
export interface DialRateLimit {
  /** Dials per second. @default 30 */
  perSecond?: number;
  /** Length of the rolling window; at most `perSecond × windowMs / 1000` dials start in any window. @default 5000 */
  windowMs?: number;
  /** Most dials waiting for a slot; more are refused with `rate-limited`. @default 1000 */
  maxQueued?: number;
}

/** {@link DialRateLimit} with defaults applied. */
export interface DialRateSettings {
  readonly perSecond: number;
  readonly windowMs: number;
  readonly maxQueued: number;
}

interface Waiter {
  readonly grant: () => void;
  readonly fail: (error: CallstreamError) => void;
}

/**
 * A client-side dial limiter matching Telnyx's (30 per second over a rolling 5 s: at most 150
 * dials in any 5 s), so bursts wait here instead of collecting 429 `90103` answers. Waiting
 * dials are served first come, first served; one timer at most; `close()` fails every waiter.
 */
export class DialLimiter {
  private readonly starts: number[] = [];
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly capacity: number;

  constructor(
    private readonly settings: DialRateSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.capacity = Math.max(1, Math.floor((settings.perSecond * settings.windowMs) / 1000));
  }

  /** Dials waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves when a dial may start (at once when a slot is free). */
  acquire(): Promise<void> {
    if (this.queue.length === 0 && this.take()) return Promise.resolve();
    if (this.queue.length >= this.settings.maxQueued) {
      return Promise.reject(
        telnyxError(
          'rate-limited',
          `dial: ${this.queue.length} dials already wait for the dial rate limit (${this.settings.perSecond}/s over ${this.settings.windowMs} ms)`,
          { action: 'dial' },
        ),
      );
    }
    return new Promise<void>((grant, fail) => {
      this.queue.push({ grant, fail });
      this.arm();
    });
  }

  /** Fails every waiting dial and stops the timer. */
  close(error: CallstreamError): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const waiting = this.queue.splice(0);
    for (const waiter of waiting) waiter.fail(error);
  }

  private take(): boolean {
    const now = this.now();
    while (this.starts.length > 0 && (this.starts[0] ?? 0) <= now - this.settings.windowMs) {
      this.starts.shift();
    }
    if (this.starts.length >= this.capacity) return false;
    this.starts.push(now);
    return true;
  }

  private arm(): void {
    if (this.timer !== undefined) return;
    const oldest = this.starts[0] ?? this.now();
    const delay = Math.max(0, oldest + this.settings.windowMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      while (this.queue.length > 0 && this.take()) this.queue.shift()?.grant();
      if (this.queue.length > 0) this.arm();
    }, delay);
  }
}
