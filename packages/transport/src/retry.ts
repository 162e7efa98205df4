import {
  type MonoTypeOperatorFunction,
  Observable,
  type SchedulerLike,
  type Subscription,
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
  /**
   * Clock and timers, e.g. a `TestScheduler` in marble tests (pass it: run mode does not reach
   * the default). @default `Date.now` and `setTimeout`
   */
  scheduler?: SchedulerLike;
}

/** Timers and time for the retry loop: a scheduler, or the platform's. */
interface Clock {
  now(): number;
  /** Runs `work` after `delayMs`; returns the cancel function. */
  schedule(work: () => void, delayMs: number): () => void;
}

/** Longest delay `setTimeout` honours (a longer one would fire at once). */
const MAX_DELAY_MS = 2_147_483_647;

const platformClock: Clock = {
  now: () => Date.now(),
  schedule(work, delayMs) {
    const timer = setTimeout(work, Math.min(delayMs, MAX_DELAY_MS));
    return () => clearTimeout(timer);
  },
};

function schedulerClock(scheduler: SchedulerLike): Clock {
  return {
    now: () => scheduler.now(),
    schedule(work, delayMs) {
      const action = scheduler.schedule(work, delayMs);
      return () => action.unsubscribe();
    },
  };
}

/**
 * Resubscribes to the source after an error, waiting as long as the policy says. Fatal errors
 * (a fatal `TransportError`, or any error with `fatal: true`) are re-thrown without asking the
 * policy; when the policy returns `null` the error is re-thrown downstream unchanged. Each
 * subscription to the result has its own counter. (Written without RxJS operators: `retry`,
 * `timer` and `defer` would add a quarter of RxJS to every browser bundle of the client.)
 */
export function retryWithBackoff<T>(
  options: RetryWithBackoffOptions = {},
): MonoTypeOperatorFunction<T> {
  const policy = options.policy ?? exponentialBackoff();
  const stableAfterMs = options.stableAfterMs ?? 10_000;
  const clock = options.scheduler ? schedulerClock(options.scheduler) : platformClock;
  const onRetry = options.onRetry;

  return (source) =>
    new Observable<T>((subscriber) => {
      let attempt = 0;
      let streakStartedAt = 0;
      let current: Subscription | undefined;
      let cancelWait: (() => void) | undefined;
      let cancelStable: (() => void) | undefined;
      const stopStableTimer = () => {
        cancelStable?.();
        cancelStable = undefined;
      };

      const failed = (error: unknown) => {
        stopStableTimer();
        if (isFatal(error)) {
          subscriber.error(error);
          return;
        }
        const now = clock.now();
        if (attempt === 0) streakStartedAt = now;
        attempt += 1;
        const elapsedMs = now - streakStartedAt;
        const delayMs = policy(attempt, elapsedMs, error);
        if (delayMs === null) {
          subscriber.error(error);
          return;
        }
        onRetry?.({ attempt, delayMs, elapsedMs, error });
        cancelWait = clock.schedule(() => {
          cancelWait = undefined;
          subscribeSource();
        }, delayMs);
      };

      const subscribeSource = () => {
        current = source.subscribe({
          next: (value) => {
            // The counter resets once the source has stayed up for stableAfterMs after a value.
            if (attempt !== 0 && cancelStable === undefined) {
              cancelStable = clock.schedule(() => {
                cancelStable = undefined;
                attempt = 0;
              }, stableAfterMs);
            }
            subscriber.next(value);
          },
          error: failed,
          complete: () => {
            stopStableTimer();
            subscriber.complete();
          },
        });
      };

      subscribeSource();
      return () => {
        stopStableTimer();
        cancelWait?.();
        current?.unsubscribe();
      };
    });
}
