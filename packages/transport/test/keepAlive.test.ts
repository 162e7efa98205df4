import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { endedWithError, subscribeSocket } from './fixtures/client';
import { type ServerConnection, startServer } from './fixtures/server';

/** Resolves after the server socket has seen `count` events of `name`. */
function countEvents(peer: ServerConnection, name: 'ping' | 'pong', count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    peer.socket.on(name, () => {
      seen += 1;
      if (seen === count) resolve();
    });
  });
}

/** Runs `tick` every `ms` on the server side, `times` times; resolves after the last one. */
function every(ms: number, times: number, tick: () => void): Promise<void> {
  return new Promise((resolve) => {
    let done = 0;
    const timer = setInterval(() => {
      tick();
      done += 1;
      if (done === times) {
        clearInterval(timer);
        resolve();
      }
    }, ms);
  });
}

describe('keep-alive (Node pings)', () => {
  it('terminates a half-open peer that stops answering pings, within pongTimeoutMs', async () => {
    await using server = await startServer({ ws: { autoPong: false } });
    using socket = subscribeSocket({
      url: server.url,
      keepAlive: { pingIntervalMs: 50, pongTimeoutMs: 150 },
    });
    await socket.connection;
    const openedAt = performance.now();
    const peer = await server.connection(0);
    const pinged = countEvents(peer, 'ping', 1);

    const error = await endedWithError(socket);
    const elapsed = performance.now() - openedAt;

    await pinged;
    expect(error).toMatchObject({ code: 'liveness-timeout', fatal: false });
    expect(error.message).toContain('nothing arrived within 150 ms of a ping');
    // First ping at 50 ms, deadline 150 ms later; generous upper bound for a loaded machine.
    expect(elapsed).toBeGreaterThanOrEqual(195);
    expect(elapsed).toBeLessThan(1000);
    // terminate(): no close handshake with a dead peer, the server just sees the TCP close.
    expect((await peer.closed).code).toBe(1006);
  });

  it('completes a requested close when the peer never answers it', async () => {
    await using server = await startServer();
    using socket = subscribeSocket({
      url: server.url,
      keepAlive: { pingIntervalMs: 30, pongTimeoutMs: 60 },
    });
    const connection = await socket.connection;
    const peer = await server.connection(0);
    (peer.socket as unknown as { _socket: Socket })._socket.pause(); // reads neither pings nor the close frame

    connection.close(4002, 'bye');

    expect(await socket.ended).toEqual({ kind: 'complete' });
    expect(socket.states.slice(-2)).toEqual([
      { status: 'closing', code: 4002, reason: 'bye' },
      { status: 'closed', code: 4002, reason: 'bye', wasClean: false },
    ]);
  });

  it('keeps a peer that answers pings', async () => {
    await using server = await startServer();
    using socket = subscribeSocket({
      url: server.url,
      keepAlive: { pingIntervalMs: 20, pongTimeoutMs: 100 },
    });
    await socket.connection;
    const peer = await server.connection(0);

    await countEvents(peer, 'ping', 15); // 300 ms: three pong timeouts

    expect(socket.states.at(-1)?.status).toBe('open');
  });
});

describe('keep-alive (idle timeout, every runtime)', () => {
  it('fires when no inbound frame arrives', async () => {
    await using server = await startServer();
    using socket = subscribeSocket({
      url: server.url,
      keepAlive: { pingIntervalMs: Number.POSITIVE_INFINITY, idleTimeoutMs: 100 },
    });
    await socket.connection;
    const openedAt = performance.now();

    const error = await endedWithError(socket);

    expect(error.code).toBe('liveness-timeout');
    expect(error.message).toContain('no inbound frame for 100 ms');
    expect(performance.now() - openedAt).toBeGreaterThanOrEqual(95);
    expect((await (await server.connection(0)).closed).code).toBe(1006);
  });

  it('is kept alive by data frames and by server pings', async () => {
    await using server = await startServer();
    let frames = 0;
    using socket = subscribeSocket(
      {
        url: server.url,
        keepAlive: { pingIntervalMs: Number.POSITIVE_INFINITY, idleTimeoutMs: 200 },
      },
      (connection) => connection.messages$.subscribe(() => (frames += 1)),
    );
    await socket.connection;
    const peer = await server.connection(0);
    const pongs = countEvents(peer, 'pong', 6);

    // 12 × 30 ms = 360 ms of traffic, well beyond the 200 ms idle timeout.
    await every(30, 6, () => peer.socket.send('{"tick":true}'));
    await every(30, 6, () => peer.socket.ping());
    await pongs;
    expect(socket.states.at(-1)?.status).toBe('open');
    const quietFrom = performance.now();

    const error = await endedWithError(socket);

    expect(frames).toBe(6);
    expect(error.code).toBe('liveness-timeout');
    expect(performance.now() - quietFrom).toBeGreaterThan(40);
  });
});
