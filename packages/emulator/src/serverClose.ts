import type { WebSocket } from 'ws';

/** Sockets the emulator itself closed or terminated (faults, handshake failures, shutdown). */
const closedByServer = new WeakSet<WebSocket>();

/** Records that the server is the one ending this socket (so the close is not "clean"). */
export function markServerClose(ws: WebSocket): void {
  closedByServer.add(ws);
}

/** Whether the emulator ended this socket itself. */
export function isServerClose(ws: WebSocket): boolean {
  return closedByServer.has(ws);
}
