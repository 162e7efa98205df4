import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { WS_PATH } from './constants';
import { EmulatorError } from './errors';
import type { EmulatorLogger } from './logger';
import { nextTurn } from './timers';

/** What the listener hands to the emulator. */
export interface ListenerHandlers {
  request: (req: IncomingMessage, res: ServerResponse) => void;
  /** A WebSocket on `/v1/ws/events` completed its upgrade. */
  connection: (ws: WebSocket) => void;
  /** Whether upgrades are accepted right now (false while closing). */
  accepting: () => boolean;
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
      const path = new URL(req.url ?? '/', 'http://emulator.local').pathname;
      if (path !== WS_PATH || !handlers.accepting()) {
        const status = path !== WS_PATH ? '404 Not Found' : '503 Service Unavailable';
        socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => handlers.connection(ws));
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => {
        reject(
          new EmulatorError('LISTEN_FAILED', `cannot listen on ${host}:${port}: ${error.message}`, {
            cause: error,
          }),
        );
      };
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        server.on('error', (error) => logger.error('http server error', { error: error.message }));
        resolve();
      });
    });
    const address = server.address();
    const bound = typeof address === 'object' && address !== null ? address.port : port;
    return { listener: new Listener(server, wss), port: bound };
  }

  /** Stops listening and destroys every remaining HTTP connection. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    // Let responses written just before (held lookups answered 503) reach the socket first.
    await nextTurn();
    this.#server.closeAllConnections();
    await closed;
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}
