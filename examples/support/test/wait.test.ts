import { Subject } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExampleError, waitFor, within } from '../src/index';

describe('waitFor', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves with the first matching item', async () => {
    const items = new Subject<number>();
    const found = waitFor(items, (item) => item > 1, { timeoutMs: 1000, what: 'a big number' });
    items.next(1);
    items.next(2);
    items.next(3);
    await expect(found).resolves.toBe(2);
  });

  it('fails with step-timeout naming what it waited for', async () => {
    vi.useFakeTimers();
    const found = waitFor(new Subject<number>(), () => true, {
      timeoutMs: 250,
      what: 'the answer',
    });
    await vi.advanceTimersByTimeAsync(250);
    await expect(found).rejects.toMatchObject({
      code: 'step-timeout',
      exitCode: 1,
      message: 'timed out after 250 ms waiting for the answer',
    });
  });

  it('fails with aborted when the signal fires, and at once when it already did', async () => {
    const controller = new AbortController();
    const found = waitFor(new Subject<number>(), () => true, {
      timeoutMs: 10_000,
      what: 'x',
      signal: controller.signal,
    });
    controller.abort();
    await expect(found).rejects.toMatchObject({ code: 'aborted', exitCode: 0 });
    await expect(
      waitFor(new Subject<number>(), () => true, {
        timeoutMs: 10_000,
        what: 'y',
        signal: controller.signal,
      }),
    ).rejects.toBeInstanceOf(ExampleError);
  });

  it('is pre-handled: a wait that fails before anyone awaits it raises no unhandled rejection', async () => {
    vi.useFakeTimers();
    const found = waitFor(new Subject<number>(), () => true, { timeoutMs: 10, what: 'nothing' });
    await vi.advanceTimersByTimeAsync(50);
    // Reaching this point without vitest reporting an unhandled rejection is the assertion;
    // the promise still rejects for whoever awaits it later.
    await expect(found).rejects.toMatchObject({ code: 'step-timeout' });
  });

  it('bounds a promise with within()', async () => {
    await expect(within(Promise.resolve('ok'), { timeoutMs: 100, what: 'ok' })).resolves.toBe('ok');
    const failure = new Error('boom');
    await expect(within(Promise.reject(failure), { timeoutMs: 100, what: 'boom' })).rejects.toBe(
      failure,
    );
  });
});
