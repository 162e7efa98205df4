import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/** One socket of the fake server, with what it received. */
export interface FakeSession {
  readonly url: string;
  readonly socket: WebSocket;
  readonly received: Array<Record<string, unknown>>;
  /** Sends a JSON event (or any text/binary as it is). */
  send(data: unknown): void;
}

/**
 * A scriptable stand-in for an Active Call server, for what the emulator never does (garbage
 * frames, unknown events, malformed events). `onCommand` runs for every JSON command.
 */
export interface FakeServer extends AsyncDisposable {
  readonly wsUrl: string;
  readonly sessions: FakeSession[];
  /** Resolves with the next session to open. */
  nextSession(): Promise<FakeSession>;
}

export async function startFakeServer(
  onCommand: (session: FakeSession, command: Record<string, unknown>) => void,
): Promise<FakeServer> {
  const http: Server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server: http });
  const sessions: FakeSession[] = [];
  const waiting: Array<(session: FakeSession) => void> = [];
  wss.on('connection', (socket, request) => {
    const session: FakeSession = {
      url: request.url ?? '',
      socket,
      received: [],
      send(data) {
        if (socket.readyState !== WebSocket.OPEN) return;
        socket.send(
          typeof data === 'string' || data instanceof Uint8Array ? data : JSON.stringify(data),
        );
      },
    };
    sessions.push(session);
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const command = JSON.parse(String(data)) as Record<string, unknown>;
      session.received.push(command);
      onCommand(session, command);
    });
    waiting.shift()?.(session);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    sessions,
    nextSession: () => new Promise((resolve) => waiting.push(resolve)),
    async [Symbol.asyncDispose]() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Answers an invite the way the server does: `trackStart`, then `answer`. */
export function answerInvites(session: FakeSession, command: Record<string, unknown>): void {
  if (command.command !== 'invite') return;
  const id = new URL(session.url, 'ws://x').searchParams.get('id') ?? '';
  session.send({ event: 'trackStart', trackId: id, timestamp: Date.now() });
  session.send({ event: 'answer', trackId: id, timestamp: Date.now(), sdp: 'v=0\r\n' });
}
