import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenOn } from '../http/listen';
import type { EmulatorLogger } from '../logger';

/** A plain HTTP server on one port that can be closed with every connection it holds. */
export class HttpListener {
  readonly #server: Server;
  readonly port: number;

  private constructor(server: Server, port: number) {
    this.#server = server;
    this.port = port;
  }

  /** Listens on host:port; rejects with `EmulatorError` `LISTEN_FAILED`. */
  static async open(
    host: string,
    port: number,
    handler: (req: IncomingMessage, res: ServerResponse) => void,
    logger: EmulatorLogger,
  ): Promise<HttpListener> {
    const server = createServer(handler);
    server.on('clientError', (_error, socket) => socket.destroy());
    const bound = await listenOn(server, host, port, logger);
    return new HttpListener(server, bound);
  }

  /** Stops listening and destroys every remaining connection. */
  async close(): Promise<void> {
    await closeServer(this.#server);
  }
}
