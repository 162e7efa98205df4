import { map, switchMap } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import {
  openSocket,
  type RetryInfo,
  retryWithBackoff,
  type SocketState,
  TransportError,
} from '../src/index';
import { capturingWebSocket } from './fixtures/capture';
import { manualClock } from './fixtures/manualClock';
import { startServer } from './fixtures/server';

/** Collects onRetry reports and lets the test await the next one. */
function retryRecorder() {
  const infos: RetryInfo[] = [];
  const waiting: Array<(info: RetryInfo) => void> = [];
  return {
    infos,
    onRetry: (info: RetryInfo) => {
      infos.push(info);
      waiting.shift()?.(info);
    },
    next: () => new Promise<RetryInfo>((resolve) => waiting.push(resolve)),
  };
}

describe('retryWithBackoff over real sockets', () => {
  it('reconnects after server closes with the policy’s delays, resetting only after stableAfterMs', async () => {
    await using server = await startServer();
    const capture = capturingWebSocket();
    const clock = manualClock();
    const retries = retryRecorder();
    const policy = vi.fn((attempt: number, _elapsedMs: number, _reason: unknown) => attempt * 100);
    let opened = 0;
    const openWaiters = new Map<number, () => void>();
    /** Resolves when the client saw its `count`-th socket open (the server sees it earlier). */
    const clientOpened = (count: number) =>
      new Promise<void>((resolve) =>
        opened >= count ? resolve() : openWaiters.set(count, resolve),
      );
    const onState = (state: SocketState) => {
      if (state.status !== 'open') return;
      opened += 1;
      openWaiters.get(opened)?.();
    };
    const subscription = openSocket({ url: server.url, WebSocket: capture.WebSocket, onState })
      .pipe(
        retryWithBackoff({
          policy,
          stableAfterMs: 1000,
          scheduler: clock.scheduler,
          onRetry: retries.onRetry,
        }),
      )
      .subscribe();

    // Failure 1 at t=0: wait 100.
    await clientOpened(1);
    let retry = retries.next();
    (await server.connection(0)).socket.close(1000, 'bye');
    expect(await retry).toMatchObject({ attempt: 1, delayMs: 100, elapsedMs: 0 });
    clock.advance(99);
    expect(capture.sockets).toHaveLength(1);
    clock.advance(1);
    expect(capture.sockets).toHaveLength(2);

    // Up for 500 (< stableAfterMs), then failure 2 at t=600: still the same streak.
    await clientOpened(2);
    clock.advance(500);
    retry = retries.next();
    (await server.connection(1)).socket.close(1000, 'bye');
    expect(await retry).toMatchObject({ attempt: 2, delayMs: 200, elapsedMs: 600 });
    clock.advance(199);
    expect(capture.sockets).toHaveLength(2);
    clock.advance(1);
    expect(capture.sockets).toHaveLength(3);

    // Up for stableAfterMs: the next failure starts a new streak.
    await clientOpened(3);
    clock.advance(1000);
    retry = retries.next();
    (await server.connection(2)).socket.close(4000, 'again');
    expect(await retry).toMatchObject({ attempt: 1, delayMs: 100, elapsedMs: 0 });

    expect(policy.mock.calls.map(([attempt, elapsedMs]) => [attempt, elapsedMs])).toEqual([
      [1, 0],
      [2, 600],
      [1, 0],
    ]);
    const reasons = policy.mock.calls.map(([, , reason]) => reason as TransportError);
    expect(reasons.map((reason) => [reason.code, reason.closeCode, reason.closeReason])).toEqual([
      ['closed', 1000, 'bye'],
      ['closed', 1000, 'bye'],
      ['closed', 4000, 'again'],
    ]);
    subscription.unsubscribe();
  });

  it('never retries a fatal error raised by an upper layer', async () => {
    await using server = await startServer({
      onConnection: (peer) =>
        peer.socket.once('message', () => peer.socket.send('{"error":"unauthorized"}')),
    });
    const capture = capturingWebSocket();
    const policy = vi.fn(() => 0);
    const failed = new Promise<unknown>((resolve) => {
      openSocket({ url: server.url, WebSocket: capture.WebSocket })
        .pipe(
          switchMap((connection) => {
            const replies = connection.messages$.pipe(
              map((frame) => {
                if (frame.error === 'unauthorized')
                  throw new TransportError('unauthorized', 'token refused');
                return frame;
              }),
            );
            connection.send({ register: true });
            return replies;
          }),
          retryWithBackoff({ policy }),
        )
        .subscribe({ error: resolve });
    });

    expect(await failed).toMatchObject({ code: 'unauthorized', fatal: true });
    expect(policy).not.toHaveBeenCalled();
    expect(capture.sockets).toHaveLength(1);
    expect((await (await server.connection(0)).closed).code).toBe(1000);
  });
});
