import { isRetryable, TransportError } from './errors';

/**
 * Decides whether and when to retry. `attempt` is 1 for the first retry of a failure streak,
 * `elapsedMs` counts from the start of the streak, `reason` is the error. Returns the delay in
 * milliseconds, or `null` to give up (the error then reaches the subscriber unchanged).
 */
export type RetryPolicy = (attempt: number, elapsedMs: number, reason: unknown) => number | null;

/** Options of {@link exponentialBackoff}. */
export interface ExponentialBackoffOptions {
  /** Delay cap before jitter for the first retry. @default 1000 */
  initialDelayMs?: number;
  /** Largest delay before jitter. @default 30000 */
  maxDelayMs?: number;
  /** Growth factor per attempt. @default 2 */
  multiplier?: number;
  /**
   * `full`: a uniformly random delay between 0 and the capped exponential value, so clients
   * dropped together do not reconnect together. `none`: exactly the capped value.
   * @default 'full'
   */
  jitter?: 'full' | 'none';
  /** Retries per failure streak before giving up. @default Infinity */
  maxAttempts?: number;
  /** Source of randomness in [0, 1), injectable for tests. @default Math.random */
  random?: () => number;
}

/**
 * The default {@link RetryPolicy}: capped exponential backoff with full jitter,
 * `delay = random() * min(maxDelayMs, initialDelayMs * multiplier^(attempt - 1))`. With the
 * defaults and no jitter: 1, 2, 4, 8, 16, 30, 30… seconds. Returns `null` for errors that are
 * not retryable (see `isRetryable`) and after `maxAttempts` retries.
 *
 * Throws `TransportError('invalid-options')` for nonsensical options.
 */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): RetryPolicy {
  const initialDelayMs = options.initialDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const multiplier = options.multiplier ?? 2;
  const jitter = options.jitter ?? 'full';
  const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
  const random = options.random ?? Math.random;
  check(
    initialDelayMs >= 0 && Number.isFinite(initialDelayMs),
    'initialDelayMs must be a finite number >= 0',
  );
  check(
    maxDelayMs >= initialDelayMs && Number.isFinite(maxDelayMs),
    'maxDelayMs must be finite and >= initialDelayMs',
  );
  check(multiplier >= 1 && Number.isFinite(multiplier), 'multiplier must be a finite number >= 1');
  check(jitter === 'full' || jitter === 'none', "jitter must be 'full' or 'none'");
  check(
    maxAttempts >= 0 && (Number.isInteger(maxAttempts) || maxAttempts === Number.POSITIVE_INFINITY),
    'maxAttempts must be a whole number >= 0 or Infinity',
  );
  check(typeof random === 'function', 'random must be a function returning a number in [0, 1)');

  return (attempt, _elapsedMs, reason) => {
    if (attempt > maxAttempts || !isRetryable(reason)) return null;
    const capped = Math.min(maxDelayMs, initialDelayMs * multiplier ** (attempt - 1));
    return jitter === 'none' ? capped : Math.round(random() * capped);
  };
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new TransportError('invalid-options', `exponentialBackoff: ${message}.`);
}

/**
 * The policy a `retry`/`reconnect` option describes: a policy function as it is, backoff
 * options through {@link exponentialBackoff}, `false` as "never retry".
 */
export function toRetryPolicy(
  retry: RetryPolicy | ExponentialBackoffOptions | false | undefined,
): RetryPolicy {
  if (retry === false) return () => null;
  if (typeof retry === 'function') return retry;
  return exponentialBackoff(retry);
}
