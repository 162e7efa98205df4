import { once } from 'node:events';
import { WebSocket } from 'ws';
import type { CallstreamClient } from '../../packages/core/src/index';
import type { Packages } from './packages';

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
export async function openRawSocket(url: string, clientId: string): Promise<WebSocket> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  const frames: unknown[] = [];
  const registered = new Promise<void>((resolve) => {
    const onMessage = (data: unknown) => {
      const frame = JSON.parse(String(data)) as { status?: unknown };
      frames.push(frame);
      if (frame.status === 'connected') {
        socket.send(
          JSON.stringify({
            action: 'register',
            auth_token: 'Basic YmVuY2g6YmVuY2g=',
            client_id: clientId,
            appid: 'bench',
          }),
        );
      } else if (frame.status === 'registered') {
        socket.off('message', onMessage);
        resolve();
      }
    };
    socket.on('message', onMessage);
  });
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
    appId: 'b0000000000000000000000000000001',
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
        to: '+15550100000',
        from: '+15551230000',
        channel: `bench-${index}`,
        uid: index + 1,
      });
      callIds.push(callId);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  return callIds;
}
