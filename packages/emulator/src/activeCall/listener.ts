import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { closeServer, listenOn } from '../http/listen';
import type { EmulatorLogger } from '../logger';
import { CALL_PATHS, type CallQuery, type CallType, isRejection, parseCallQuery } from './query';

/** What the listener asks the emulator about an upgrade and hands over once it is done. */
export interface AcListenerHandlers {
  request: (req: IncomingMessage, res: ServerResponse) => void;
  /** Why an upgrade for this session id is refused (status and text), or undefined to accept. */
  admit: (query: CallQuery) => { status: number; message: string } | undefined;
  /** A session socket completed its upgrade. */
  connection: (ws: WebSocket, query: CallQuery, callType: CallType) => void;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  503: 'Service Unavailable',
};

function refuse(socket: Duplex, status: number, message: string): void {
  const body = Buffer.from(message);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n${message}`,
  );
}

/** One HTTP server with the Active Call WebSocket routes on a single port. */
export class AcListener {
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
    handlers: AcListenerHandlers,
    logger: EmulatorLogger,
  ): Promise<{ listener: AcListener; port: number }> {
    const wss = new WebSocketServer({
      noServer: true,
      maxPayload: maxFrameBytes,
      perMessageDeflate: false,
      clientTracking: false,
    });
    wss.on('error', (error) => logger.warn('websocket server error', { error: error.message }));
    const server = createServer(handlers.request);
    const upgrading = new Set<string>();
    server.on('clientError', (_error, socket) => socket.destroy());
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      const url = new URL(req.url ?? '/', 'http://emulator.local');
      const callType = CALL_PATHS.get(url.pathname);
      if (callType === undefined) return refuse(socket, 404, 'not found');
      const query = parseCallQuery(url.search);
      if (isRejection(query)) {
        return refuse(socket, 400, `Failed to deserialize query string: ${query.error}`);
      }
      // Two upgrades with one id may overlap before either session exists.
      if (upgrading.has(query.id)) return refuse(socket, 409, `session id in use: ${query.id}`);
      const refusal = handlers.admit(query);
      if (refusal) return refuse(socket, refusal.status, refusal.message);
      upgrading.add(query.id);
      socket.once('close', () => upgrading.delete(query.id));
      wss.handleUpgrade(req, socket, head, (ws) => {
        upgrading.delete(query.id);
        handlers.connection(ws, query, callType);
      });
    });
    const bound = await listenOn(server, host, port, logger);
    return { listener: new AcListener(server, wss), port: bound };
  }

  /** Stops listening and destroys every remaining HTTP connection. */
  async close(): Promise<void> {
    await closeServer(this.#server);
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}
