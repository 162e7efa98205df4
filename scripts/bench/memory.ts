/**
 * Heap (d): growth after many events on a connected client, per live tracked call, and after
 * many calls were created and removed again. Heap is measured after full garbage collections.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type BenchClient, dialMany } from './clients';
import { counter } from './ingest';
import type { BenchServer } from './server';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after two full collections (the second catches what finalizers freed). */
export function settledHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
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

/** Heap taken by `count` live tracked calls (dialled, measured, then hung up again). */
export async function liveCallsHeap(
  client: BenchClient,
  server: BenchServer,
  count: number,
): Promise<number> {
  await createAndRemove(client, server, Math.min(count, 1_000)); // warm up
  const before = settledHeap();
  await dialMany(client.client, count);
  const peak = settledHeap();
  await removeAll(client, server, count);
  return peak - before;
}

/**
 * Heap growth of a client after `total` calls were dialled and hung up again, `batch` at a time:
 * the heap must come back to where it was (less the bounded memory of recently ended calls).
 */
export async function churnHeapGrowth(
  client: BenchClient,
  server: BenchServer,
  total: number,
  batch: number,
): Promise<number> {
  await createAndRemove(client, server, Math.min(batch, 1_000)); // warm up
  const before = settledHeap();
  for (let done = 0; done < total; done += batch) {
    await createAndRemove(client, server, Math.min(batch, total - done));
  }
  return settledHeap() - before;
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
    { type: 'blast', clientId: client.clientId, count, kind: 'bridge' },
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
