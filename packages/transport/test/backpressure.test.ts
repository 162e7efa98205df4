import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../src/index';
import { subscribeSocket } from './fixtures/client';
import { type ServerConnection, startServer } from './fixtures/server';

const FRAME_PADDING = 'p'.repeat(256 * 1024);
const HIGH_WATER_MARK = 64 * 1024;

/** The server stops reading: TCP buffers fill up and the client's bufferedAmount grows. */
function stopReading(peer: ServerConnection): () => void {
  const raw = (peer.socket as unknown as { _socket: Socket })._socket;
  raw.pause();
  return () => raw.resume();
}

function receivedCount(peer: ServerConnection, count: number): Promise<void> {
  return new Promise((resolve) => {
    if (peer.received.length >= count) resolve();
    peer.socket.on('message', () => {
      if (peer.received.length === count) resolve();
    });
  });
}

/** Sends numbered 256 KB frames until `until` says stop; returns how many were accepted. */
function sendUntil(connection: Connection, until: () => boolean, first = 0): number {
  let seq = first;
  for (; seq < first + 1000 && !until(); seq += 1) connection.send({ seq, padding: FRAME_PADDING });
  return seq - first;
}

const seqs = (peer: ServerConnection) =>
  peer.received.map((text) => (JSON.parse(text) as { seq: number }).seq);

describe('backpressure', () => {
  it("'reject' throws a typed error above the high-water mark", async () => {
    await using server = await startServer();
    using socket = subscribeSocket({
      url: server.url,
      backpressure: { highWaterMark: HIGH_WATER_MARK, strategy: 'reject' },
    });
    const connection = await socket.connection;
    const resume = stopReading(await server.connection(0));

    const accepted = sendUntil(connection, () => connection.bufferedAmount > HIGH_WATER_MARK);

    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(1000);
    expect(() => connection.send({ seq: accepted })).toThrowError(
      expect.objectContaining({ name: 'TransportError', code: 'backpressure', fatal: false }),
    );
    expect(connection.queuedFrames).toBe(0);
    const peer = await server.connection(0);
    resume();
    await receivedCount(peer, accepted);
    expect(seqs(peer)).toEqual([...Array(accepted).keys()]);
  });

  it("'queue' holds frames in order, enforces its bound, and flushes when the buffer drains", async () => {
    await using server = await startServer();
    using socket = subscribeSocket({
      url: server.url,
      backpressure: { highWaterMark: HIGH_WATER_MARK, maxQueuedFrames: 5, pollIntervalMs: 5 },
    });
    const connection = await socket.connection;
    const peer = await server.connection(0);
    const resume = stopReading(peer);

    const written = sendUntil(connection, () => connection.queuedFrames > 0);
    const queued = sendUntil(connection, () => connection.queuedFrames === 5, written);
    const total = written + queued;

    expect(connection.queuedFrames).toBe(5);
    expect(() => connection.send({ seq: total })).toThrowError(
      expect.objectContaining({
        code: 'backpressure',
        message: expect.stringContaining('queue is full (5 frames)'),
      }),
    );
    resume();
    await receivedCount(peer, total);

    expect(seqs(peer)).toEqual([...Array(total).keys()]);
    expect(connection.queuedFrames).toBe(0);
    connection.send({ seq: total, padding: '' });
    await receivedCount(peer, total + 1);
    expect(seqs(peer).at(-1)).toBe(total);
  });

  it('discards queued frames on close and says so', async () => {
    await using server = await startServer();
    using socket = subscribeSocket({
      url: server.url,
      backpressure: { highWaterMark: HIGH_WATER_MARK, maxQueuedFrames: 3 },
    });
    const connection = await socket.connection;
    stopReading(await server.connection(0));
    sendUntil(connection, () => connection.queuedFrames === 3);

    connection.close();

    expect(connection.queuedFrames).toBe(0);
    expect(connection.discardedFrames).toBe(3);
    expect(() => connection.send({ late: true })).toThrowError(/3 queued frames were discarded/);
  });
});
