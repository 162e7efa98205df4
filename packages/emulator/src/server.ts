import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { WS_PATH } from './constants';
import { closeServer, listenOn } from './http/listen';
import type { EmulatorLogger } from './logger';

/** Why an upgrade is refused: the HTTP status and the JSON `error` sent back. */
export interface UpgradeRefusal {
  status: 404 | 429 | 503;
  error: string;
}

/** What the listener hands to the emulator. */
export interface ListenerHandlers {
  request: (req: IncomingMessage, res: ServerResponse) => void;
  /** A WebSocket on `/v1/ws/events` completed its upgrade. */
  connection: (ws: WebSocket, req: IncomingMessage) => void;
  /** Whether an upgrade may proceed now (undefined) or why not (closing, a session cap). */
  admit: (req: IncomingMessage) => UpgradeRefusal | undefined;
}

const STATUS_TEXT: Record<UpgradeRefusal['status'] | 400, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** Answers a refused upgrade with a JSON error and closes the socket. */
function refuseUpgrade(socket: Duplex, status: keyof typeof STATUS_TEXT, error: string): void {
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function upgradePath(req: IncomingMessage): string | undefined {
  try {
    return new URL(req.url ?? '/', 'http://emulator.local').pathname;
  } catch {
    return undefined;
  }
}

/** One HTTP server + WebSocket upgrade handling on a single port. */
export class Listener {
  readonly #server: Server;
  readonly #wss: WebSocketServer;

  private constructor(server: Server, wss: WebSocketServer) {
    this.#server = server;
    this.#wss = wss;
  }

  /** Listens on host:port; rejects with `EmulatorError` `LISTEN_FAILED`. */
  static async open(
    host: string,
    port: number,
    maxFrameBytes: number,
    handlers: ListenerHandlers,
    logger: EmulatorLogger,
  ): Promise<{ listener: Listener; port: number }> {
    const wss = new WebSocketServer({
      noServer: true,
      maxPayload: maxFrameBytes,
      perMessageDeflate: false,
      clientTracking: false,
    });
    wss.on('error', (error) => logger.warn('websocket server error', { error: error.message }));
    const server = createServer(handlers.request);
    server.on('clientError', (_error, socket) => socket.destroy());
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      // An exception here would escape into node:http and end the process.
      try {
        const path = upgradePath(req);
        if (path === undefined) return refuseUpgrade(socket, 400, 'invalid request target');
        if (path !== WS_PATH) return refuseUpgrade(socket, 404, 'not found');
        const refusal = handlers.admit(req);
        if (refusal) return refuseUpgrade(socket, refusal.status, refusal.error);
        wss.handleUpgrade(req, socket, head, (ws) => handlers.connection(ws, req));
      } catch (error) {
        logger.error('upgrade failed', { error: String(error) });
        socket.destroy();
      }
    });
    const bound = await listenOn(server, host, port, logger);
    return { listener: new Listener(server, wss), port: bound };
  }

  /** Stops listening and destroys every remaining HTTP connection. */
  async close(): Promise<void> {
    await closeServer(this.#server);
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}
