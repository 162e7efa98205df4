/**
 * Heap growth (d): after 100k events on a connected client, and after 10k calls were created
 * and removed again. Heap is measured after a full garbage collection.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type BenchClient, dialMany } from './clients';
import { counter } from './inbound';
import type { BenchServer } from './server';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after two full collections (the second catches what finalizers freed). */
export function settledHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** What {@link callsHeapGrowth} returns, in bytes. */
export interface CallsHeap {
  /** Heap after the calls were removed again, minus heap before they were created. */
  readonly growth: number;
  /** Heap while all the calls were tracked, minus heap before. */
  readonly peak: number;
}

/** Heap growth (bytes) of a client, already tracking a few calls, after receiving `count` events. */
export async function eventsHeapGrowth(
  client: BenchClient,
  server: BenchServer,
  count: number,
): Promise<number> {
  await blastAndWait(client, server, 10_000); // warm up: JIT, buffers
  const before = settledHeap();
  await blastAndWait(client, server, count);
  return settledHeap() - before;
}

/** Heap growth of a client after `count` calls were dialled (peak) and all hung up again. */
export async function callsHeapGrowth(
  client: BenchClient,
  server: BenchServer,
  count: number,
): Promise<CallsHeap> {
  await createAndRemove(client, server, 1_000); // warm up
  const before = settledHeap();
  await dialMany(client.client, count);
  const peak = settledHeap();
  await removeAll(client, server, count);
  const after = settledHeap();
  return { growth: after - before, peak: peak - before };
}

/** Sends `request` to the server and waits until `count` events of `type` reached `events$`. */
async function sendAndCount(
  { client }: BenchClient,
  server: BenchServer,
  request: Parameters<BenchServer['request']>[0],
  type: 'bridged' | 'unbridged' | 'removed',
  count: number,
): Promise<void> {
  const seen = counter(count);
  const subscription = client.events$.subscribe((event) => {
    if (event.type === type || (type === 'bridged' && event.type === 'unbridged')) seen.hit();
  });
  try {
    await server.request(request);
    await seen.done;
  } finally {
    subscription.unsubscribe();
  }
}

function blastAndWait(client: BenchClient, server: BenchServer, count: number): Promise<void> {
  return sendAndCount(
    client,
    server,
    { type: 'blast', clientId: client.clientId, count },
    'bridged',
    count,
  );
}

async function createAndRemove(
  client: BenchClient,
  server: BenchServer,
  count: number,
): Promise<void> {
  await dialMany(client.client, count);
  await removeAll(client, server, count);
}

async function removeAll(client: BenchClient, server: BenchServer, count: number): Promise<void> {
  await sendAndCount(
    client,
    server,
    { type: 'hangupAll', clientId: client.clientId },
    'removed',
    count,
  );
  if (client.client.activeCalls().length !== 0) throw new Error('calls left after hangupAll');
}
