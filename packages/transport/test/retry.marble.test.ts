import { defer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it, vi } from 'vitest';
import { exponentialBackoff, type RetryInfo, retryWithBackoff, TransportError } from '../src/index';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const drop = new TransportError('closed', 'dropped', { closeCode: 1006 });

/** A source that behaves like the next entry of `behaviours` on each subscription. */
function sequence<T>(behaviours: Observable<T>[]): Observable<T> {
  let index = 0;
  return defer(() => behaviours[Math.min(index++, behaviours.length - 1)]!);
}

describe('retryWithBackoff (marbles)', () => {
  it('retries after 1, 2, 4, 8, 16, 30, 30 s, then re-throws the same error when the policy says null', () => {
    const retries: RetryInfo[] = [];
    const ts = scheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<string>('#', undefined, drop);
      const result = source.pipe(
        retryWithBackoff({
          scheduler: ts,
          policy: exponentialBackoff({ jitter: 'none', maxAttempts: 7 }),
          onRetry: (info) => retries.push(info),
        }),
      );
      expectObservable(result).toBe('91s #', undefined, drop);
      expectSubscriptions(source.subscriptions).toBe([
        '(^!)',
        '1s (^!)',
        '3s (^!)',
        '7s (^!)',
        '15s (^!)',
        '31s (^!)',
        '61s (^!)',
        '91s (^!)',
      ]);
    });
    expect(retries.map(({ attempt, delayMs, elapsedMs }) => [attempt, delayMs, elapsedMs])).toEqual(
      [
        [1, 1000, 0],
        [2, 2000, 1000],
        [3, 4000, 3000],
        [4, 8000, 7000],
        [5, 16000, 15000],
        [6, 30000, 31000],
        [7, 30000, 61000],
      ],
    );
    expect(retries.every((info) => info.error === drop)).toBe(true);
  });

  it('uses deterministic jitter and resubscribes on the value the policy returns', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const source = sequence([
        cold<string>('#', undefined, drop),
        cold<string>('#', undefined, drop),
        cold('a'),
      ]);
      const result = source.pipe(
        retryWithBackoff({ scheduler: ts, policy: exponentialBackoff({ random: () => 0.25 }) }),
      );
      expectObservable(result).toBe('750ms a');
    });
  });

  it('passes attempt, elapsedMs and reason to the policy', () => {
    const policy = vi.fn((attempt: number) => (attempt < 3 ? 100 : null));
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(
        cold<string>('5ms #', undefined, drop).pipe(retryWithBackoff({ scheduler: ts, policy })),
      ).toBe('215ms #', undefined, drop);
    });
    expect(policy.mock.calls).toEqual([
      [1, 0, drop],
      [2, 105, drop],
      [3, 210, drop],
    ]);
  });

  it('resets the attempt counter only after the source emitted and stayed up for stableAfterMs', () => {
    const retries: RetryInfo[] = [];
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const source = sequence([
        cold<string>('#', undefined, drop), // fails at once
        cold<string>('#', undefined, drop), // fails at once
        cold<string>('a 9998ms #', undefined, drop), // up 9999 ms: one short of stable
        cold<string>('a 10s #', undefined, drop), // up 10001 ms: stable, the counter resets
        cold<string>('a'),
      ]);
      const result = source.pipe(
        retryWithBackoff({
          scheduler: ts,
          policy: exponentialBackoff({ jitter: 'none' }),
          stableAfterMs: 10_000,
          onRetry: (info) => retries.push(info),
        }),
      );
      //          fails@0 →1s, fails@1000 →2s, a@3000 fails@12999 →4s, a@16999 fails@27000 →1s, a@28000
      expectObservable(result).toBe('3s a 13998ms a 11000ms a');
    });
    expect(retries.map(({ attempt, delayMs, elapsedMs }) => [attempt, delayMs, elapsedMs])).toEqual(
      [
        [1, 1000, 0],
        [2, 2000, 1000],
        [3, 4000, 12999],
        [1, 1000, 0],
      ],
    );
  });

  it('never retries a fatal error and does not ask the policy', () => {
    const policy = vi.fn(() => 0);
    const fatal = new TransportError('unauthorized', 'bad token');
    const custom = Object.assign(new Error('custom fatal'), { fatal: true });
    const ts = scheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<string>('a #', undefined, fatal);
      expectObservable(source.pipe(retryWithBackoff({ scheduler: ts, policy }))).toBe(
        'a #',
        undefined,
        fatal,
      );
      expectSubscriptions(source.subscriptions).toBe('^!');
      expectObservable(
        cold('#', undefined, custom).pipe(retryWithBackoff({ scheduler: ts, policy })),
      ).toBe('#', undefined, custom);
    });
    expect(policy).not.toHaveBeenCalled();
  });

  it('keeps a separate counter per subscription', () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const failing = cold<string>('#', undefined, drop);
      const retried = failing.pipe(
        retryWithBackoff({
          scheduler: ts,
          policy: exponentialBackoff({ jitter: 'none', maxAttempts: 1 }),
        }),
      );
      expectObservable(retried).toBe('1s #', undefined, drop);
      expectObservable(retried).toBe('1s #', undefined, drop);
    });
  });
});
