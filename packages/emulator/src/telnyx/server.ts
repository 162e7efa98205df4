import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { EmulatorError } from '../errors';
import type { EmulatorLogger } from '../logger';
import { nextTurn } from '../timers';

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
    return new HttpListener(server, bound);
  }

  /** Stops listening and destroys every remaining connection. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    // Let answers written just before reach their sockets first.
    await nextTurn();
    this.#server.closeAllConnections();
    await closed;
  }
}
