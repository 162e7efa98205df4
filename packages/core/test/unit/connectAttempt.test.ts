import { Subject } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectAttempt } from '../../src/engine/connectAttempt';

afterEach(() => {
  vi.useRealTimers();
});

/** An attempt over subjects the test drives; records what reaches the subscriber. */
function harness(firstWithinMs = 1_000) {
  const links = new Subject<string>();
  const handshakes = new Map<string, Subject<number>>();
  const failures: unknown[] = [];
  const seen: string[] = [];
  const attempt = connectAttempt<string, number>({
    open: () => links,
    handshake: (link) => {
      const handshake = new Subject<number>();
      handshakes.set(link, handshake);
      return handshake;
    },
    firstWithinMs,
    timeoutError: () => new Error('late'),
    onFailure: (error) => {
      failures.push(error);
      return new Error(`mapped: ${(error as Error).message}`);
    },
  });
  const subscription = attempt.subscribe({
    next: (value) => seen.push(`next ${value}`),
    error: (error: Error) => seen.push(`error ${error.message}`),
    complete: () => seen.push('complete'),
  });
  return { links, handshakes, failures, seen, subscription };
}

describe('connectAttempt', () => {
  it('passes the handshake values of the latest link, and maps a failure once', () => {
    const { links, handshakes, failures, seen } = harness();
    links.next('a');
    handshakes.get('a')?.next(1);
    links.next('b');
    handshakes.get('a')?.next(99); // replaced: ignored
    handshakes.get('b')?.next(2);
    expect(handshakes.get('a')?.observed).toBe(false);
    handshakes.get('b')?.error(new Error('dropped'));
    expect(seen).toEqual(['next 1', 'next 2', 'error mapped: dropped']);
    expect(failures).toHaveLength(1);
    expect(links.observed).toBe(false);
  });

  it('fails with the timeout error when nothing arrives in time, and releases everything', () => {
    vi.useFakeTimers();
    const { links, handshakes, seen } = harness(500);
    links.next('a');
    vi.advanceTimersByTime(499);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['error mapped: late']);
    expect(links.observed).toBe(false);
    expect(handshakes.get('a')?.observed).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clears the timer at the first value, so a long-lived link is not cut', () => {
    vi.useFakeTimers();
    const { links, handshakes, seen } = harness(500);
    links.next('a');
    handshakes.get('a')?.next(1);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(seen).toEqual(['next 1']);
  });

  it('completes once the link and its handshake are both done', () => {
    const { links, handshakes, seen } = harness();
    links.next('a');
    handshakes.get('a')?.next(1);
    links.complete();
    expect(seen).toEqual(['next 1']);
    handshakes.get('a')?.complete();
    expect(seen).toEqual(['next 1', 'complete']);
  });

  it('unsubscribing releases the link, the handshake and the timer without a failure', () => {
    vi.useFakeTimers();
    const { links, handshakes, failures, seen, subscription } = harness();
    links.next('a');
    subscription.unsubscribe();
    expect(links.observed).toBe(false);
    expect(handshakes.get('a')?.observed).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    expect(failures).toEqual([]);
    expect(seen).toEqual([]);
  });
});
