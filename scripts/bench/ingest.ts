/**
 * Inbound event throughput (a) and per-event cost against the number of live calls (c): the
 * server worker blasts CM event frames and the client counts them as it receives them, through
 * raw `ws`, through `openSocket().messages$`, and through the core client's `events$`.
 */
import type { CallstreamClient } from '../../packages/core/src/index';
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
import type { BlastKind } from './protocol';
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

/**
 * How fast frames were handled: per second of wall-clock time (what a user sees, but on a shared
 * machine it includes waiting for a core), and per second of this process's CPU time (the work
 * itself: the server is another process, so this is the client alone).
 */
export interface Rate {
  /** Frames per second of elapsed time, from the blast request to the last frame. */
  readonly wall: number;
  /** Frames per second of CPU time spent by this process in the same span. */
  readonly cpu: number;
}

/** Blasts `count` frames to `clientId` and returns the rate at which they were handled. */
async function timeBlast(
  server: BenchServer,
  request: { clientId: string; count: number; kind: BlastKind; oneCall?: boolean },
  done: Promise<number>,
): Promise<Rate> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await server.request({ type: 'blast', ...request });
  const finished = await done;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    wall: request.count / ((finished - started) / 1000),
    cpu: request.count / ((cpu.user + cpu.system) / 1e6),
  };
}

/** The wire event names a blast of `kind` consists of. */
function isBlasted(kind: BlastKind, name: unknown): boolean {
  return kind === 'dtmf'
    ? name === 'dtmf_received'
    : name === 'agora_bridge_start' || name === 'agora_bridge_end';
}

/** Frames per second parsed by a raw `ws` client (`JSON.parse`, then a look at `event`). */
export async function rawWsRate(
  server: BenchServer,
  count: number,
  kind: BlastKind,
): Promise<Rate> {
  const clientId = nextClientId('raw');
  const socket = await openRawSocket(server.url, clientId);
  const events = counter(count);
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { event?: unknown };
    if (isBlasted(kind, frame.event)) events.hit();
  });
  try {
    return await timeBlast(server, { clientId, count, kind }, events.done);
  } finally {
    await closeRawSocket(socket);
  }
}

/** Frames per second delivered by `openSocket(…)` on `messages$` (after a register handshake). */
export async function transportRate(
  packages: Packages,
  server: BenchServer,
  count: number,
  kind: BlastKind,
): Promise<Rate> {
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
      if (isBlasted(kind, frame.event)) events.hit();
      else if (frame.status === 'connected')
        opened.send({ action: 'register', client_id: clientId, appid: 'bench' });
      else if (frame.status === 'registered') registered();
    });
  });
  try {
    await ready;
    return await timeBlast(server, { clientId, count, kind }, events.done);
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
 * per changing event is included; a `dtmf` blast must emit no table at all.
 */
export async function coreRate(
  { client, clientId }: BenchClient,
  server: BenchServer,
  count: number,
  kind: BlastKind,
  oneCall = false,
): Promise<Rate> {
  const events = counter(count);
  const tables = watchTables(client);
  const types = kind === 'dtmf' ? ['dtmf'] : ['bridged', 'unbridged'];
  const subscription = client.events$.subscribe((event) => {
    if (types.includes(event.type)) events.hit();
  });
  let rate: Rate;
  try {
    rate = await timeBlast(server, { clientId, count, kind, oneCall }, events.done);
  } finally {
    subscription.unsubscribe();
    tables.stop();
  }
  // The first table is the current one, replayed on subscribe.
  const changes = tables.count() - 1;
  if (kind === 'bridge' && (changes < count || tables.lastSize() === 0)) {
    throw new Error(`calls$ emitted ${changes} tables for ${count} call-changing events`);
  }
  if (kind === 'dtmf' && changes !== 0) {
    throw new Error(`calls$ emitted ${changes} tables for ${count} events that change nothing`);
  }
  return rate;
}

/** Counts the tables `calls$` emits (reading each one's size, as a UI would). */
function watchTables(client: CallstreamClient) {
  let tables = 0;
  let size = 0;
  const subscription = client.calls$.subscribe((table) => {
    tables += 1;
    size = table.size;
  });
  return {
    count: () => tables,
    lastSize: () => size,
    stop: () => subscription.unsubscribe(),
  };
}
