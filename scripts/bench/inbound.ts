/**
 * Inbound event throughput (a) and per-event cost against the number of live calls (c): the
 * server worker blasts 200-byte `dtmf_received` frames and the client counts them as it
 * receives them, through raw `ws`, through `openSocket().messages$`, and through the core
 * client's `events$`.
 */
import type { CallstreamClient } from '../../packages/core/src/index';
import type { Connection } from '../../packages/transport/src/index';
import { closeRawSocket, connectClient, dialMany, openRawSocket } from './clients';
import type { Packages } from './packages';
import type { BenchServer } from './server';

/** Resolves (with the time) once `count` items were counted; `hit()` counts one. */
export function counter(count: number): { hit: () => void; done: Promise<number> } {
  let seen = 0;
  let finish: (at: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    finish = resolve;
  });
  return {
    hit: () => {
      seen += 1;
      if (seen === count) finish(performance.now());
    },
    done,
  };
}

/** Blasts `count` frames and returns the delivery rate in frames per second. */
async function timeBlast(server: BenchServer, count: number, done: Promise<number>): Promise<number> {
  const started = performance.now();
  await server.request({ type: 'blast', count });
  const finished = await done;
  return count / ((finished - started) / 1000);
}

/** Frames per second parsed by a raw `ws` client. */
export async function rawWsRate(server: BenchServer, count: number): Promise<number> {
  const socket = await openRawSocket(server.url);
  const events = counter(count);
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { event?: unknown };
    if (frame.event === 'dtmf_received') events.hit();
  });
  try {
    return await timeBlast(server, count, events.done);
  } finally {
    await closeRawSocket(socket);
  }
}

/** Frames per second delivered by `openSocket(…)` on `messages$`. */
export async function transportRate(packages: Packages, server: BenchServer, count: number): Promise<number> {
  let socket: { unsubscribe(): void } | undefined;
  const connection = await new Promise<Connection>((resolve, reject) => {
    socket = packages.transport.openSocket({ url: server.url }).subscribe({ next: resolve, error: reject });
  });
  const events = counter(count);
  const frames = connection.messages$.subscribe((frame) => {
    if (frame.event === 'dtmf_received') events.hit();
  });
  try {
    return await timeBlast(server, count, events.done);
  } finally {
    frames.unsubscribe();
    connection.close();
    socket?.unsubscribe();
  }
}

/** A core client tracking `calls` outbound calls, ready to be blasted. */
export async function clientWithCalls(packages: Packages, server: BenchServer, calls: number): Promise<CallstreamClient> {
  const client = await connectClient(packages, server.url, `calls-${calls}`);
  await dialMany(client, calls);
  const tracked = client.activeCalls().length;
  if (tracked !== calls) throw new Error(`expected ${calls} tracked calls, found ${tracked}`);
  return client;
}

/**
 * Events per second delivered on `events$` of a client that tracks some calls; the events are
 * spread round-robin over those calls. `calls$` is subscribed too (reading the changed call), as
 * a UI would, so the cost of emitting a new table per event is included.
 */
export async function coreRate(client: CallstreamClient, server: BenchServer, count: number): Promise<number> {
  const events = counter(count);
  let lastTableSize = 0;
  const subscriptions = [
    client.events$.subscribe((event) => {
      if (event.type === 'dtmf') events.hit();
    }),
    client.calls$.subscribe((table) => {
      lastTableSize = table.size;
    }),
  ];
  try {
    return await timeBlast(server, count, events.done);
  } finally {
    for (const subscription of subscriptions) subscription.unsubscribe();
    if (lastTableSize === 0) throw new Error('calls$ never emitted a table');
  }
}
