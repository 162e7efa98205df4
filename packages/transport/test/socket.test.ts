import type { WebSocketConstructor } from '@callstream/ws';
import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import { createTransport, openSocket, TransportError } from '../src/index';
import { endedWithError, subscribeSocket } from './fixtures/client';
import { startServer } from './fixtures/server';

describe('openSocket: open and close', () => {
  it('emits one Connection on open and completes after Connection.close()', async () => {
    await using server = await startServer();
    using socket = subscribeSocket({ url: server.url });
    const connection = await socket.connection;
    const peer = await server.connection(0);

    connection.close(4001, 'done here');

    expect(await peer.closed).toEqual({ code: 4001, reason: 'done here' });
    expect(await socket.ended).toEqual({ kind: 'complete' });
    expect(socket.states).toEqual([
      { status: 'connecting', url: `${server.url}/` },
      { status: 'open', connectionId: connection.id },
      { status: 'closing', code: 4001, reason: 'done here' },
      { status: 'closed', code: 4001, reason: 'done here', wasClean: true },
    ]);
    expect(() => connection.send({ late: true })).toThrowError(
      expect.objectContaining({ code: 'not-open' }),
    );
  });

  it('closes with 1000 when the subscriber unsubscribes', async () => {
    await using server = await startServer();
    const socket = subscribeSocket({ url: server.url });
    await socket.connection;
    const peer = await server.connection(0);

    socket.subscription.unsubscribe();

    expect(await peer.closed).toEqual({ code: 1000, reason: '' });
    expect(socket.states.map((state) => state.status)).toEqual([
      'connecting',
      'open',
      'closing',
      'closed',
    ]);
  });

  it('sends JSON text frames the server receives verbatim, in order', async () => {
    await using server = await startServer();
    using socket = subscribeSocket({ url: server.url });
    const connection = await socket.connection;
    const peer = await server.connection(0);
    const echoed = new Promise<void>((resolve) =>
      peer.socket.on('message', () => peer.received.length === 3 && resolve()),
    );

    connection.send({ a: 1 });
    connection.send({ b: 'two', nested: { c: [3] } });
    connection.send({});

    await echoed;
    expect(peer.received).toEqual(['{"a":1}', '{"b":"two","nested":{"c":[3]}}', '{}']);
  });

  it('gives increasing connection ids', async () => {
    await using server = await startServer();
    using first = subscribeSocket({ url: server.url });
    using second = subscribeSocket({ url: server.url });
    const [a, b] = [await first.connection, await second.connection];
    expect(a.id).not.toBe(b.id);
    using third = subscribeSocket({ url: server.url });
    expect((await third.connection).id).toBeGreaterThan(Math.max(a.id, b.id));
  });
});

describe('openSocket: failures', () => {
  it('errors with closed (retryable) when the server closes, even with 1000', async () => {
    await using server = await startServer({
      onConnection: (peer) => setImmediate(() => peer.socket.close(1000, 'bye')),
    });
    using socket = subscribeSocket({ url: server.url });
    const connection = await socket.connection;
    const messagesDone = firstValueFrom(connection.messages$.pipe(toArray()));

    const error = await endedWithError(socket);

    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({
      code: 'closed',
      closeCode: 1000,
      closeReason: 'bye',
      fatal: false,
    });
    expect(await messagesDone).toEqual([]);
    expect(socket.states.at(-1)).toEqual({
      status: 'closed',
      code: 1000,
      reason: 'bye',
      wasClean: false,
      error,
    });
  });

  it('errors with connect-failed when the server refuses the upgrade', async () => {
    await using server = await startServer({ ws: { verifyClient: () => false } });
    using socket = subscribeSocket({ url: server.url });

    const error = await endedWithError(socket);

    expect(error.code).toBe('connect-failed');
    expect(error.cause).toBeDefined();
    expect(socket.states.map((state) => state.status)).toEqual(['connecting', 'closed']);
  });

  it('errors with connect-timeout when the handshake hangs, and aborts it', async () => {
    const held: Array<{ clientHungUp: Promise<void> }> = [];
    await using server = await startServer({
      ws: {
        verifyClient: (info, _callback) => {
          const raw = info.req.socket;
          // Flowing, so the FIN is read; the HTTP server keeps sockets half-open, hence 'end'.
          raw.resume();
          held.push({ clientHungUp: new Promise((resolve) => raw.once('end', () => resolve())) });
        },
      },
    });
    using socket = subscribeSocket({ url: server.url, openTimeoutMs: 50 });

    const error = await endedWithError(socket);

    expect(error.code).toBe('connect-timeout');
    expect(error.message).toContain('50 ms');
    await held[0]?.clientHungUp;
    expect(server.connections).toHaveLength(0);
  });

  it('never puts the URL query (where tokens travel) in states or errors', async () => {
    await using server = await startServer({ ws: { verifyClient: () => false } });
    using socket = subscribeSocket({ url: `${server.url}/v1?token=SECRET` });
    const error = await endedWithError(socket);
    expect(JSON.stringify(socket.states)).not.toContain('SECRET');
    expect(error.message).not.toContain('SECRET');
    expect(socket.states[0]).toEqual({ status: 'connecting', url: `${server.url}/v1?…` });
  });
});

describe('openSocket: options', () => {
  it('uses an injected WebSocket constructor', async () => {
    let constructed = 0;
    class CountingWebSocket extends WsWebSocket {
      constructor(...args: ConstructorParameters<typeof WsWebSocket>) {
        super(...args);
        constructed += 1;
      }
    }
    await using server = await startServer();
    using socket = subscribeSocket({
      url: server.url,
      WebSocket: CountingWebSocket as unknown as WebSocketConstructor,
    });
    const connection = await socket.connection;
    expect(constructed).toBe(1);
    const peer = await server.connection(0);
    const got = new Promise((resolve) =>
      peer.socket.once('message', (data) => resolve(data.toString())),
    );
    connection.send({ via: 'injected' });
    expect(await got).toBe('{"via":"injected"}');
  });

  it.each([
    ['a plain object', {}, /not a constructor \(got an object\)/],
    [
      'a class without the readyState constants',
      class NotASocket {},
      /missing static CONNECTING, static OPEN, static CLOSING, static CLOSED, prototype\.send\(\), prototype\.close\(\)/,
    ],
    [
      'a class without OPEN',
      Object.assign(
        class HalfSocket {
          send() {}
          close() {}
        },
        { CONNECTING: 0, CLOSING: 2, CLOSED: 3 },
      ),
      /HalfSocket\) does not look like a WebSocket constructor: missing static OPEN\. Pass a WHATWG-compatible/,
    ],
  ])(
    'rejects %s as options.WebSocket with an actionable invalid-options error',
    async (_name, impl, message) => {
      const observed = firstValueFrom(
        openSocket({
          url: 'ws://127.0.0.1:9/',
          WebSocket: impl as unknown as WebSocketConstructor,
        }),
      );
      await expect(observed).rejects.toMatchObject({
        code: 'invalid-options',
        fatal: true,
        message: expect.stringMatching(message),
      });
      expect(() =>
        createTransport({
          url: 'ws://127.0.0.1:9/',
          WebSocket: impl as unknown as WebSocketConstructor,
        }),
      ).toThrowError(message);
    },
  );

  it.each([
    ['not a URL', 'nope', /absolute URL/],
    ['an http URL', 'http://127.0.0.1/', /ws: or wss:/],
    ['a fragment', 'ws://127.0.0.1/#x', /fragment/],
  ])('rejects %s as url', async (_name, url, message) => {
    await expect(firstValueFrom(openSocket({ url }))).rejects.toMatchObject({
      code: 'invalid-options',
      message: expect.stringMatching(message),
    });
  });

  it('rejects nonsensical numbers', async () => {
    await expect(
      firstValueFrom(openSocket({ url: 'ws://127.0.0.1/', openTimeoutMs: -1 })),
    ).rejects.toMatchObject({
      code: 'invalid-options',
      message: expect.stringContaining('openTimeoutMs'),
    });
    await expect(
      firstValueFrom(
        openSocket({ url: 'ws://127.0.0.1/', backpressure: { maxQueuedFrames: 1.5 } }),
      ),
    ).rejects.toMatchObject({
      code: 'invalid-options',
      message: expect.stringContaining('maxQueuedFrames'),
    });
  });

  it('refuses close codes a browser would refuse', async () => {
    await using server = await startServer();
    using socket = subscribeSocket({ url: server.url });
    const connection = await socket.connection;
    expect(() => connection.close(1006)).toThrowError(
      expect.objectContaining({ code: 'invalid-options' }),
    );
    expect(() => connection.close(1000, 'x'.repeat(124))).toThrowError(/123 bytes/);
  });
});
