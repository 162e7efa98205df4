/**
 * Inbound event throughput (a) and per-event cost against the number of live calls (c): the
 * server worker blasts 200-byte `agora_bridge_start`/`agora_bridge_end` frames and the client counts them as it
 * receives them, through raw `ws`, through `openSocket().messages$`, and through the core
 * client's `events$`.
 */
import type { Connection } from '../../packages/transport/src/index';
import {
  type BenchClient,
  closeRawSocket,
  connectClient,
  dialMany,
  nextClientId,
  openRawSocket,
} from './clients';
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

/** Blasts `count` frames to `clientId` and returns the delivery rate in frames per second. */
async function timeBlast(
  server: BenchServer,
  clientId: string,
  count: number,
  done: Promise<number>,
  oneCall = false,
): Promise<number> {
  const started = performance.now();
  await server.request({ type: 'blast', clientId, count, oneCall });
  const finished = await done;
  return count / ((finished - started) / 1000);
}

/** Frames per second parsed by a raw `ws` client. */
export async function rawWsRate(server: BenchServer, count: number): Promise<number> {
  const clientId = nextClientId('raw');
  const socket = await openRawSocket(server.url, clientId);
  const events = counter(count);
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { event?: unknown };
    if (isBridgeEvent(frame.event)) events.hit();
  });
  try {
    return await timeBlast(server, clientId, count, events.done);
  } finally {
    await closeRawSocket(socket);
  }
}

/** Frames per second delivered by `openSocket(…)` on `messages$` (after a register handshake). */
export async function transportRate(
  packages: Packages,
  server: BenchServer,
  count: number,
): Promise<number> {
  const clientId = nextClientId('transport');
  const events = counter(count);
  let registered: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    registered = resolve;
  });
  let connection: Connection | undefined;
  const socket = packages.transport.openSocket({ url: server.url }).subscribe((opened) => {
    connection = opened;
    opened.messages$.subscribe((frame) => {
      if (isBridgeEvent(frame.event)) events.hit();
      else if (frame.status === 'connected')
        opened.send({ action: 'register', client_id: clientId, appid: 'bench' });
      else if (frame.status === 'registered') registered();
    });
  });
  try {
    await ready;
    return await timeBlast(server, clientId, count, events.done);
  } finally {
    connection?.close();
    socket.unsubscribe();
  }
}

/** A core client tracking `calls` outbound calls, ready to be blasted. */
export async function clientWithCalls(
  packages: Packages,
  server: BenchServer,
  calls: number,
): Promise<BenchClient> {
  const bench = await connectClient(packages, server.url);
  await dialMany(bench.client, calls);
  const tracked = bench.client.activeCalls().length;
  if (tracked !== calls) throw new Error(`expected ${calls} tracked calls, found ${tracked}`);
  return bench;
}

/**
 * Events per second delivered on `events$` of a client that tracks some calls; the events are
 * spread round-robin over those calls (or all about one call, with `oneCall`). `calls$` is
 * subscribed too (reading the table's size), as a UI would, so the cost of emitting a new table
 * per event is included.
 */
export async function coreRate(
  { client, clientId }: BenchClient,
  server: BenchServer,
  count: number,
  oneCall = false,
): Promise<number> {
  const events = counter(count);
  let tables = 0;
  let lastSize = 0;
  const subscriptions = [
    client.events$.subscribe((event) => {
      if (event.type === 'bridged' || event.type === 'unbridged') events.hit();
    }),
    client.calls$.subscribe((table) => {
      tables += 1;
      lastSize = table.size;
    }),
  ];
  let perSecond: number;
  try {
    perSecond = await timeBlast(server, clientId, count, events.done, oneCall);
  } finally {
    for (const subscription of subscriptions) subscription.unsubscribe();
  }
  if (tables < count || lastSize === 0) {
    throw new Error(`calls$ emitted ${tables} tables for ${count} events`);
  }
  return perSecond;
}

/** The blasted events: each flips its call between bridged and unbridged. */
function isBridgeEvent(name: unknown): boolean {
  return name === 'agora_bridge_start' || name === 'agora_bridge_end';
}
