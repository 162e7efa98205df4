import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSocket } from '../src/index';
import { capturingWebSocket, clientClosed } from './fixtures/capture';
import { subscribeSocket } from './fixtures/client';
import { startServer } from './fixtures/server';

// Only timers: sockets, nextTick and setImmediate stay real.
const fakeTimers = () =>
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });

afterEach(() => {
  vi.useRealTimers();
});

describe('unsubscribe', () => {
  it('right after subscribe aborts the socket and leaves no timer', async () => {
    await using server = await startServer();
    const capture = capturingWebSocket();
    fakeTimers();

    const socket = subscribeSocket({ url: server.url, WebSocket: capture.WebSocket });
    expect(vi.getTimerCount()).toBe(1); // the open timeout
    socket.subscription.unsubscribe();

    expect(vi.getTimerCount()).toBe(0);
    await clientClosed(capture.sockets[0]!);
    // A probe that completes its handshake proves the server has nothing else open.
    using probe = subscribeSocket({ url: server.url });
    await probe.connection;
    await server.connection(0);
    expect(
      server.connections.filter((peer) => peer.socket.readyState === peer.socket.OPEN),
    ).toHaveLength(1);
    expect(socket.states.map((state) => state.status)).toEqual(['connecting', 'closed']);
  });

  it('while the server holds the upgrade: the server never gets an open connection', async () => {
    const held: Array<{ accept: () => void; clientHungUp: Promise<void> }> = [];
    let heard!: () => void;
    const requestHeard = new Promise<void>((resolve) => {
      heard = resolve;
    });
    await using server = await startServer({
      ws: {
        verifyClient: (info, callback) => {
          const raw = info.req.socket;
          raw.resume(); // so the client's FIN is read (HTTP keeps the socket half-open: 'end')
          held.push({
            accept: () => callback(true),
            clientHungUp: new Promise((resolve) => raw.once('end', () => resolve())),
          });
          heard();
        },
      },
    });
    fakeTimers();
    const socket = subscribeSocket({ url: server.url });
    await requestHeard;

    socket.subscription.unsubscribe();

    expect(vi.getTimerCount()).toBe(0);
    await held[0]!.clientHungUp;
    held[0]!.accept();
    expect(server.connections).toHaveLength(0);
  });

  it('after open closes with 1000 and clears the keep-alive timers', async () => {
    await using server = await startServer();
    const capture = capturingWebSocket();
    fakeTimers();
    const socket = subscribeSocket({
      url: server.url,
      WebSocket: capture.WebSocket,
      keepAlive: { idleTimeoutMs: 60_000 },
    });
    await socket.connection;
    // ping interval + pong deadline + idle timer (the open timeout is gone)
    expect(vi.getTimerCount()).toBe(3);

    socket.subscription.unsubscribe();

    expect((await (await server.connection(0)).closed).code).toBe(1000);
    await clientClosed(capture.sockets[0]!); // `ws` keeps its own close timer until then
    expect(vi.getTimerCount()).toBe(0);
  });

  it('from inside next (firstValueFrom) still closes with 1000', async () => {
    await using server = await startServer();
    const connection = await firstValueFrom(openSocket({ url: server.url }));
    expect((await (await server.connection(0)).closed).code).toBe(1000);
    expect(() => connection.send({ late: true })).toThrowError(
      expect.objectContaining({ code: 'not-open' }),
    );
  });
});
