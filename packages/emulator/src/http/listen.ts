import type { Server } from 'node:http';
import { EmulatorError } from '../errors';
import type { EmulatorLogger } from '../logger';
import { nextTurn } from '../timers';

/**
 * Starts `server` listening on host:port and resolves the port it got (port 0 picks one).
 * Rejects with `EmulatorError` `LISTEN_FAILED`; later server errors are logged, never thrown.
 */
export async function listenOn(
  server: Server,
  host: string,
  port: number,
  logger: EmulatorLogger,
): Promise<number> {
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
  return typeof address === 'object' && address !== null ? address.port : port;
}

/**
 * Stops listening and destroys every remaining connection, once answers written just before
 * (held lookups answered 503, …) have reached their sockets.
 */
export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  await nextTurn();
  server.closeAllConnections();
  await closed;
}
