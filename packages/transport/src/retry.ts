import {
  asyncScheduler,
  defer,
  type MonoTypeOperatorFunction,
  retry,
  type SchedulerLike,
  type Subscription,
  tap,
  throwError,
  timer,
} from 'rxjs';
import { exponentialBackoff, type RetryPolicy } from './backoff';
import { isFatal } from './errors';

/** What {@link RetryWithBackoffOptions.onRetry} learns before each wait. */
export interface RetryInfo {
  /** 1 for the first retry of the current failure streak. */
  attempt: number;
  /** How long the source will wait before it is subscribed again. */
  delayMs: number;
  /** Time since the streak's first failure. */
  elapsedMs: number;
  /** The error that ended the previous subscription. */
  error: unknown;
}

/** Options of {@link retryWithBackoff}. */
export interface RetryWithBackoffOptions {
  /** When and whether to retry. @default exponentialBackoff() */
  policy?: RetryPolicy;
  /**
   * The attempt counter (and `elapsedMs`) resets only after the source emitted and then stayed
   * subscribed this long without an error, so a link that flaps right after opening keeps
   * backing off instead of retrying at full speed.
   * @default 10000
   */
  stableAfterMs?: number;
  /** Called before each wait, e.g. to report a `reconnecting` state. @default undefined */
  onRetry?: (info: RetryInfo) => void;
  /** Clock and timers (a `TestScheduler` in marble tests). @default asyncScheduler */
  scheduler?: SchedulerLike;
}

/**
 * Resubscribes to the source after an error, waiting as long as the policy says. Built on RxJS
 * `retry({ delay })`. Fatal errors (a fatal `TransportError`, or any error with `fatal: true`)
 * are re-thrown without asking the policy; when the policy returns `null` the error is
 * re-thrown downstream unchanged. Each subscription to the result has its own counter.
 */
export function retryWithBackoff<T>(
  options: RetryWithBackoffOptions = {},
): MonoTypeOperatorFunction<T> {
  const policy = options.policy ?? exponentialBackoff();
  const stableAfterMs = options.stableAfterMs ?? 10_000;
  const scheduler = options.scheduler ?? asyncScheduler;
  const onRetry = options.onRetry;

  return (source) =>
    defer(() => {
      let attempt = 0;
      let streakStartedAt = 0;
      let stableTimer: Subscription | undefined;
      const cancelStableTimer = () => {
        stableTimer?.unsubscribe();
        stableTimer = undefined;
      };

      const watched = source.pipe(
        tap({
          next: () => {
            if (attempt === 0 || stableTimer !== undefined) return;
            stableTimer = scheduler.schedule(() => {
              stableTimer = undefined;
              attempt = 0;
            }, stableAfterMs);
          },
          error: cancelStableTimer,
          finalize: cancelStableTimer,
        }),
      );

      return watched.pipe(
        retry({
          delay: (error: unknown) => {
            if (isFatal(error)) return throwError(() => error);
            const now = scheduler.now();
            if (attempt === 0) streakStartedAt = now;
            attempt += 1;
            const elapsedMs = now - streakStartedAt;
            const delayMs = policy(attempt, elapsedMs, error);
            if (delayMs === null) return throwError(() => error);
            onRetry?.({ attempt, delayMs, elapsedMs, error });
            return timer(delayMs, scheduler);
          },
        }),
      );
    });
}
