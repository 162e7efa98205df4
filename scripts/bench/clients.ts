import { once } from 'node:events';
import { WebSocket } from 'ws';
import type { CallstreamClient } from '../../packages/core/src/index';
import type { Packages } from './packages';
import { BENCH_APP_ID, BENCH_FROM, BENCH_TO } from './protocol';

let clients = 0;

/** A unique `client_id`: the server addresses its blasts by it. */
export function nextClientId(kind: string): string {
  clients += 1;
  return `bench-${kind}-${clients}`;
}

/** A core client and the `client_id` it registered with. */
export interface BenchClient {
  readonly client: CallstreamClient;
  readonly clientId: string;
}

/**
 * A raw `ws` client (the baseline every SDK number is compared with), after the handshake:
 * greeting read, register sent, registered read.
 */
export async function openRawSocket(
  url: string,
  clientId: string,
  auth: { token: string; appId: string; numbers?: readonly string[] } = {
    token: 'Basic YmVuY2g6YmVuY2g=',
    appId: BENCH_APP_ID,
  },
): Promise<WebSocket> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  const registered = new Promise<void>((resolve, reject) => {
    socket.once('close', (code) =>
      reject(new Error(`raw socket closed (${code}) before registering`)),
    );
    const onMessage = (data: unknown) => {
      const frame = JSON.parse(String(data)) as { status?: unknown };
      if (frame.status === 'connected') {
        socket.send(
          JSON.stringify({
            action: 'register',
            auth_token: auth.token,
            client_id: clientId,
            appid: auth.appId,
            ...(auth.numbers ? { subscribe_numbers: auth.numbers } : {}),
          }),
        );
      } else if (frame.status === 'registered') {
        socket.off('message', onMessage);
        resolve();
      } else {
        reject(new Error(`raw socket: unexpected frame ${JSON.stringify(frame)}`));
      }
    };
    socket.on('message', onMessage);
  });
  // Handled below; without this a failed open would also leave an unhandled rejection.
  registered.catch(() => {});
  await once(socket, 'open');
  await registered;
  return socket;
}

/** Closes a raw socket and waits until it is closed. */
export async function closeRawSocket(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return;
  const closed = once(socket, 'close');
  socket.close();
  await closed;
}

/** A connected core client (no reconnects: a drop during a benchmark is a failure). */
export async function connectClient(packages: Packages, url: string): Promise<BenchClient> {
  const clientId = nextClientId('core');
  const client = packages.core.createClient({
    url,
    authToken: 'Basic YmVuY2g6YmVuY2g=',
    clientId,
    appId: BENCH_APP_ID,
    reconnect: false,
  });
  await client.connect();
  return { client, clientId };
}

/** Dials `count` calls, `inFlight` at a time; resolves with their call ids. */
export async function dialMany(
  client: CallstreamClient,
  count: number,
  inFlight = 100,
): Promise<string[]> {
  const callIds: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      const { callId } = await client.dial({
        to: BENCH_TO,
        from: BENCH_FROM,
        channel: `bench-${index}`,
        uid: index + 1,
      });
      callIds.push(callId);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  return callIds;
}
