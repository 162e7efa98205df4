/**
 * A minimal Active Call session server for the event-ingest rows, run as a child process (its
 * own core, as the CM bench server): it answers the first command of a session with `answer`,
 * then sends the number of `dtmf` event frames the session id asks for (`bench-<count>-<n>`),
 * then `hangup`. Frames are shaped as the Active Call emulator sends them (`event`, `trackId`,
 * the event's fields, `timestamp`).
 */
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** Frames sent between two yields to the event loop (and the socket's buffer checks). */
const BATCH = 512;
/** Pause sending while this much is buffered in the socket. */
const HIGH_WATER = 4 * 1024 * 1024;

function frame(event: string, trackId: string, fields: Record<string, unknown>): string {
  return JSON.stringify({ event, trackId, ...fields, timestamp: Date.now() });
}

async function blast(socket: WebSocket, trackId: string, count: number): Promise<void> {
  const dtmf = frame('dtmf', trackId, { digit: '5' });
  for (let sent = 0; sent < count; ) {
    const end = Math.min(count, sent + BATCH);
    for (; sent < end; sent += 1) socket.send(dtmf);
    while (socket.bufferedAmount > HIGH_WATER) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  socket.send(
    frame('hangup', trackId, { reason: 'byCaller', initiator: 'caller', hangupTime: 'now' }),
  );
}

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
server.on('connection', (socket, request) => {
  const id = new URL(request.url ?? '/', 'ws://x').searchParams.get('id') ?? '';
  const count = Number(/^bench-(\d+)-/.exec(id)?.[1] ?? 0);
  socket.once('message', () => {
    socket.send(frame('answer', id, { refer: false }));
    void blast(socket, id, count).catch(() => socket.terminate());
  });
});
server.on('listening', () => {
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });
});
process.on('message', (message: { type?: string }) => {
  if (message.type === 'stop') {
    for (const client of server.clients) client.terminate();
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
