/**
 * A minimal Active Call session server for the event-ingest rows, run as a child process (its
 * own core, as the CM bench server): it answers the first command of a session with `answer`,
 * then sends, in corked batches, the frames the session id asks for (`bench-<kind>-<count>-<n>`,
 * see acFrames.ts), then `hangup`.
 */
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { type AcFrameKind, frameCycle, hangupFrame, parseBenchSessionId } from './acFrames';

/** Frames per corked write: one syscall per frame would make the server the bottleneck. */
const BATCH = 512;

function blast(socket: WebSocket, id: string, kind: AcFrameKind, count: number): void {
  const raw = (socket as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
  const cycle = frameCycle(kind, id, Date.now());
  raw.cork();
  for (let sent = 0; sent < count; sent += 1) {
    socket.send(cycle[sent % cycle.length] as string);
    if ((sent + 1) % BATCH === 0) {
      raw.uncork();
      raw.cork();
    }
  }
  socket.send(hangupFrame(id, Date.now()));
  raw.uncork();
}

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
server.on('connection', (socket, request) => {
  const id = new URL(request.url ?? '/', 'ws://x').searchParams.get('id') ?? '';
  const { kind, count } = parseBenchSessionId(id);
  socket.once('message', () => {
    socket.send(
      JSON.stringify({
        event: 'answer',
        trackId: id,
        timestamp: Date.now(),
        sdp: '',
        refer: false,
      }),
    );
    blast(socket, id, kind, count);
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
