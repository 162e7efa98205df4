import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** A command the scripted server received, with a way to answer it exactly as the test likes. */
export interface ReceivedCommand {
  readonly frame: Record<string, unknown>;
  /** Sends `reply` as the answer (no field is added: the test writes the whole reply). */
  reply(reply: Record<string, unknown>): void;
}

/**
 * A Call Manager that says only what the test tells it to, on 127.0.0.1 port 0: it greets and
 * registers every socket, then hands each command to the test, which answers it with any frame
 * (well formed or not) and can push any text or binary frame. For the replies and frames a real
 * CM (and the emulator) never sends.
 */
export interface ScriptedCm extends AsyncDisposable {
  readonly url: string;
  /** The next command (past or future) whose action is `action`. */
  nextCommand(action: string): Promise<ReceivedCommand>;
  /** Every command received so far. */
  readonly commands: readonly ReceivedCommand[];
  /** Sends a JSON frame to every registered socket. */
  send(frame: Record<string, unknown>): void;
  /** Sends raw data to every registered socket: text as given, or a binary frame. */
  sendRaw(data: string | Uint8Array): void;
}

/** Starts a {@link ScriptedCm}; dispose it with `await using`. */
export async function startScriptedCm(): Promise<ScriptedCm> {
  const http = createServer();
  const rawSockets = new Set<Socket>();
  http.on('connection', (raw) => {
    rawSockets.add(raw);
    raw.once('close', () => rawSockets.delete(raw));
  });
  const server = new WebSocketServer({ server: http });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', resolve);
  });
  const registered = new Set<WebSocket>();
  const commands: ReceivedCommand[] = [];
  const waiters: Array<{ action: string; resolve: (command: ReceivedCommand) => void }> = [];
  let sessions = 0;

  server.on('connection', (socket) => {
    socket.on('error', () => {});
    sessions += 1;
    socket.send(JSON.stringify({ status: 'connected', session_id: `scripted-${sessions}` }));
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      if (frame.action === 'register') {
        registered.add(socket);
        socket.send(JSON.stringify({ status: 'registered' }));
        return;
      }
      const command: ReceivedCommand = {
        frame,
        reply: (reply) => socket.send(JSON.stringify(reply)),
      };
      commands.push(command);
      const index = waiters.findIndex((waiter) => waiter.action === frame.action);
      if (index >= 0) waiters.splice(index, 1)[0]?.resolve(command);
    });
    socket.once('close', () => registered.delete(socket));
  });

  const port = (http.address() as { port: number }).port;
  const close = async () => {
    for (const socket of server.clients) socket.terminate();
    for (const raw of rawSockets) raw.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  return {
    url: `ws://127.0.0.1:${port}/v1/ws/events`,
    commands,
    nextCommand(action) {
      const seen = commands.find(
        (command) => command.frame.action === action && !claimed.has(command),
      );
      if (seen) {
        claimed.add(seen);
        return Promise.resolve(seen);
      }
      return new Promise((resolve) =>
        waiters.push({
          action,
          resolve: (command) => {
            claimed.add(command);
            resolve(command);
          },
        }),
      );
    },
    send(frame) {
      for (const socket of registered) socket.send(JSON.stringify(frame));
    },
    sendRaw(data) {
      for (const socket of registered) socket.send(data, { binary: typeof data !== 'string' });
    },
    [Symbol.asyncDispose]: close,
  };
}

const claimed = new WeakSet<ReceivedCommand>();
