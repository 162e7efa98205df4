import type { Socket } from 'node:net';
import type { WebSocketLike } from '@callstream/ws';
import { describe, expect, it } from 'vitest';
import WsWebSocket from 'ws';
import { writeBatchFor } from '../src/writeBatch';
import { subscribeSocket } from './fixtures/client';
import { startServer } from './fixtures/server';

/** A `ws` client that remembers its instances, so a test can look at the stream under them. */
function recordingWebSocket() {
  const sockets: WsWebSocket[] = [];
  class Recorded extends WsWebSocket {
    constructor(...args: ConstructorParameters<typeof WsWebSocket>) {
      super(...args);
      sockets.push(this);
    }
  }
  return { WebSocket: Recorded, sockets };
}

/** Counts the writes that reach the TCP stream (each one a system call). */
function countWrites(stream: Socket): () => number {
  let writes = 0;
  const target = stream as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>;
  for (const method of ['_write', '_writev'] as const) {
    const original = target[method].bind(stream);
    target[method] = (...args: unknown[]) => {
      writes += 1;
      original(...args);
    };
  }
  return () => writes;
}

function streamOf(socket: WsWebSocket): Socket {
  return (socket as unknown as { _socket: Socket })._socket;
}

function received(peer: { received: string[]; socket: WsWebSocket }, count: number) {
  return new Promise<void>((resolve) => {
    if (peer.received.length >= count) resolve();
    peer.socket.on('message', () => {
      if (peer.received.length === count) resolve();
    });
  });
}

describe('write batching', () => {
  it('sends the frames of one tick in one write, in order, once the microtasks ran', async () => {
    await using server = await startServer();
    const recorded = recordingWebSocket();
    using socket = subscribeSocket({ url: server.url, WebSocket: recorded.WebSocket });
    const connection = await socket.connection;
    const stream = streamOf(recorded.sockets[0] as WsWebSocket);
    const writes = countWrites(stream);

    for (let seq = 0; seq < 50; seq += 1) connection.send({ seq });
    expect(stream.writableCorked).toBe(1);
    expect(writes()).toBe(0);
    await Promise.resolve();

    expect(stream.writableCorked).toBe(0);
    expect(writes()).toBe(1);
    const peer = await server.connection(0);
    await received(peer, 50);
    expect(peer.received.map((text) => (JSON.parse(text) as { seq: number }).seq)).toEqual([
      ...Array(50).keys(),
    ]);
  });

  it('writes at once when a batch reaches its bound', async () => {
    await using server = await startServer();
    const recorded = recordingWebSocket();
    using socket = subscribeSocket({ url: server.url, WebSocket: recorded.WebSocket });
    const connection = await socket.connection;
    const stream = streamOf(recorded.sockets[0] as WsWebSocket);

    connection.send({ small: true });
    expect(stream.writableCorked).toBe(1);
    connection.send({ padding: 'p'.repeat(70 * 1024) });
    expect(stream.writableCorked).toBe(0);
    // The next frame starts a new batch; the one released early must not uncork it.
    connection.send({ after: true });
    expect(stream.writableCorked).toBe(1);
    await Promise.resolve();
    expect(stream.writableCorked).toBe(0);
    await received(await server.connection(0), 3);
  });

  it('delivers frames sent just before close, then the close', async () => {
    await using server = await startServer();
    using socket = subscribeSocket({ url: server.url });
    const connection = await socket.connection;
    connection.send({ seq: 1 });
    connection.send({ seq: 2 });
    connection.close(1000, 'done');

    const peer = await server.connection(0);
    expect(await peer.closed).toEqual({ code: 1000, reason: 'done' });
    expect(peer.received).toEqual(['{"seq":1}', '{"seq":2}']);
  });

  it('leaves sockets without a Node stream (browsers) and a zero high-water mark alone', async () => {
    const browserLike = { send() {} } as unknown as WebSocketLike;
    expect(writeBatchFor(browserLike, 1024)).toBeUndefined();
    await using server = await startServer();
    const ws = new WsWebSocket(server.url);
    await new Promise((resolve) => ws.once('open', resolve));
    expect(writeBatchFor(ws as unknown as WebSocketLike, 0)).toBeUndefined();
    expect(writeBatchFor(ws as unknown as WebSocketLike, 1024)).toBeDefined();
    ws.terminate();
  });
});
