import { type AddressInfo, WebSocketServer } from 'ws';

/** A loopback `ws` server that sends every text frame back; closed by `await using`. */
export interface EchoServer extends AsyncDisposable {
  /** `ws://127.0.0.1:<port>` */
  readonly url: string;
}

/** Starts an {@link EchoServer} on 127.0.0.1 and an OS-chosen port. */
export async function startEchoServer(): Promise<EchoServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    async [Symbol.asyncDispose]() {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
