import { once } from 'node:events';
import { WebSocket } from 'ws';
import type { CallstreamClient } from '../../packages/core/src/index';
import type { Packages } from './packages';

/** A raw `ws` client: the baseline every SDK number is compared with. */
export async function openRawSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await once(socket, 'open');
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
export async function connectClient(packages: Packages, url: string, name: string): Promise<CallstreamClient> {
  const client = packages.core.createClient({
    url,
    authToken: 'Basic YmVuY2g6YmVuY2g=',
    clientId: `bench-${name}`,
    appId: 'b0000000000000000000000000000001',
    reconnect: false,
  });
  await client.connect();
  return client;
}

/** Dials `count` calls, `inFlight` at a time; resolves with their call ids. */
export async function dialMany(client: CallstreamClient, count: number, inFlight = 100): Promise<string[]> {
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
