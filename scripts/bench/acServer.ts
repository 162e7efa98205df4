/**
 * A minimal Active Call session server for the event-ingest rows, run as a child process (its
 * own core, as the CM bench server): it answers the first command of a session with `answer`,
 * then sends, in corked batches, the number of `dtmf` event frames the session id asks for (`bench-<count>-<n>`),
 * then `hangup`. Frames are shaped as the Active Call emulator sends them (`event`, `trackId`,
 * the event's fields, `timestamp`).
 */
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** Frames per corked write: one syscall per frame would make the server the bottleneck. */
const BATCH = 512;

function frame(event: string, trackId: string, fields: Record<string, unknown>): string {
  return JSON.stringify({ event, trackId, ...fields, timestamp: Date.now() });
}

function blast(socket: WebSocket, trackId: string, count: number): void {
  const raw = (socket as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
  const dtmf = frame('dtmf', trackId, { digit: '5' });
  raw.cork();
  for (let sent = 1; sent <= count; sent += 1) {
    socket.send(dtmf);
    if (sent % BATCH === 0) {
      raw.uncork();
      raw.cork();
    }
  }
  socket.send(
    frame('hangup', trackId, { reason: 'byCaller', initiator: 'caller', hangupTime: 'now' }),
  );
  raw.uncork();
}

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
server.on('connection', (socket, request) => {
  const id = new URL(request.url ?? '/', 'ws://x').searchParams.get('id') ?? '';
  const count = Number(/^bench-(\d+)-/.exec(id)?.[1] ?? 0);
  socket.once('message', () => {
    socket.send(frame('answer', id, { refer: false }));
    blast(socket, id, count);
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
