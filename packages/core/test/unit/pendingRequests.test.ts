import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PendingRequests } from '../../src/engine/pendingRequests';
import { createError } from '../../src/errors';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** Waits for `requestId` with `timeoutMs`; records how and when it settled. */
function waitFor(
  pending: PendingRequests<string>,
  requestId: string,
  timeoutMs: number,
  log: string[],
): Promise<void> {
  const started = Date.now();
  return pending
    .wait(requestId, 'send_dtmf', {
      timeoutMs,
      timeoutError: () => createError('command-timeout', `${requestId} timed out`),
      onReply: (reply) => reply,
    })
    .then(
      (reply) => void log.push(`${requestId} replied ${reply} at +${Date.now() - started}`),
      (error: Error) => void log.push(`${error.message} at +${Date.now() - started}`),
    );
}

describe('PendingRequests', () => {
  it('times each request out at its own deadline', async () => {
    const pending = new PendingRequests<string>();
    const log: string[] = [];
    const settled = Promise.all([
      waitFor(pending, 'a', 100, log),
      waitFor(pending, 'b', 50, log),
      waitFor(pending, 'c', 200, log),
      waitFor(pending, 'd', Number.POSITIVE_INFINITY, log),
    ]);
    await vi.advanceTimersByTimeAsync(49);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['b timed out at +50']);
    await vi.advanceTimersByTimeAsync(150);
    expect(log).toEqual(['b timed out at +50', 'a timed out at +100', 'c timed out at +200']);
    expect(pending.isExpired('a')).toBe(true);
    // Only the request without a deadline is left: no timer for it.
    expect(vi.getTimerCount()).toBe(0);
    expect(pending.settle('d', 'ok')).toBe(true);
    await settled;
    expect(log.at(-1)).toBe('d replied ok at +200');
  });

  it('a reply settles its request before the deadline and releases its timer', async () => {
    const pending = new PendingRequests<string>();
    const log: string[] = [];
    const first = waitFor(pending, 'a', 100, log);
    const second = waitFor(pending, 'b', 100, log);
    await vi.advanceTimersByTimeAsync(10);
    expect(pending.settle('a', 'ok')).toBe(true);
    await first;
    expect(pending.settle('b', 'ok')).toBe(true);
    await second;
    expect(vi.getTimerCount()).toBe(0);
    expect(log).toEqual(['a replied ok at +10', 'b replied ok at +10']);
    expect(pending.settle('a', 'again')).toBe(false);
    expect(pending.isExpired('a')).toBe(false);
  });

  it('a later request with a shorter timeout times out first', async () => {
    const pending = new PendingRequests<string>();
    const log: string[] = [];
    const slow = waitFor(pending, 'slow', 1_000, log);
    await vi.advanceTimersByTimeAsync(100);
    const fast = waitFor(pending, 'fast', 10, log);
    await vi.advanceTimersByTimeAsync(10);
    await fast;
    expect(log).toEqual(['fast timed out at +10']);
    await vi.advanceTimersByTimeAsync(890);
    await slow;
    expect(log).toEqual(['fast timed out at +10', 'slow timed out at +1000']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
