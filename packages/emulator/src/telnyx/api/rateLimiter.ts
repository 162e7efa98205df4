import type { TelnyxRateLimit } from '../options';

/** Whether one more request fits, and if not, when it will. */
export type RateDecision =
  | { ok: true; remaining: number }
  | { ok: false; retryAfterSeconds: number };

/**
 * A rolling-window limiter: at most `perSecond × windowMs / 1000` requests in any window of
 * `windowMs` (so 30/s over 5 s allows bursts up to 150). Keeps one timestamp per admitted
 * request, never more than the capacity.
 */
export class RollingWindowLimiter {
  readonly capacity: number;
  readonly #windowMs: number;
  #stamps: number[] = [];

  constructor(limit: Readonly<TelnyxRateLimit>) {
    this.capacity = Math.max(1, Math.floor((limit.perSecond * limit.windowMs) / 1000));
    this.#windowMs = limit.windowMs;
  }

  /** Admits one request at `now` (ms) when it fits. */
  take(now = Date.now()): RateDecision {
    const horizon = now - this.#windowMs;
    let expired = 0;
    while (expired < this.#stamps.length && (this.#stamps[expired] ?? 0) <= horizon) expired += 1;
    if (expired > 0) this.#stamps = this.#stamps.slice(expired);
    if (this.#stamps.length >= this.capacity) {
      const oldest = this.#stamps[0] ?? now;
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.#windowMs - now) / 1000)),
      };
    }
    this.#stamps.push(now);
    return { ok: true, remaining: this.capacity - this.#stamps.length };
  }

  reset(): void {
    this.#stamps = [];
  }
}
