/** (d) Heap: per live call, after many events, and after many calls came and went. */
import { type BenchClient, connectClient } from '../clients';
import { clientWithCalls } from '../ingest';
import { churnHeapGrowth, eventsHeapGrowth, liveCallsHeap } from '../memory';
import type { BenchContext, BenchSection, Section } from '../section';
import { grouped, median, repeat } from '../stats';

const BYTES_PER_CALL_TARGET = 600;
/**
 * What may stay after every call is gone: the engine and the tracker remember the last 1,024
 * ended calls (to explain commands on them) and expired request ids; about 200 bytes each.
 */
const RESIDUE_ALLOWANCE = 1_024 * 200;

export const memorySection: BenchSection = {
  id: 'memory',
  async run(context: BenchContext): Promise<Section> {
    const { packages, server, rounds, scale, progress } = context;
    const events = scale(100_000);
    const live = scale(10_000);
    const churn = scale(100_000);
    const batch = scale(10_000);
    progress(`(d) heap: ${events} events, ${live} live calls, ${churn} calls created and removed`);
    const eventsGrowth = await withClient(clientWithCalls(packages, server, 10), (bench) =>
      repeat(rounds, () => eventsHeapGrowth(bench, server, events)),
    );
    const liveHeap = await withClient(connectClient(packages, server.url), (bench) =>
      repeat(rounds, () => liveCallsHeap(bench, server, live)),
    );
    const churnGrowth = await withClient(connectClient(packages, server.url), (bench) =>
      repeat(rounds, () => churnHeapGrowth(bench, server, churn, batch)),
    );
    const perCall = median(liveHeap) / live;
    const residue = median(churnGrowth);
    const list = (values: number[], format: (bytes: number) => string) =>
      values.map(format).join(', ');
    return {
      id: 'memory',
      title: 'Memory',
      rows: [
        {
          label: `(d) heap per tracked call, ${grouped(live)} live calls`,
          value: `${grouped(perCall)} B/call`,
          relative: `${mib(median(liveHeap))} for all`,
          target: `≤ ${BYTES_PER_CALL_TARGET} B`,
          met: perCall <= BYTES_PER_CALL_TARGET,
        },
        {
          label: `(d) heap growth after ${grouped(churn)} calls created and removed`,
          value: mib(residue),
          target: `back to baseline (≤ ${mib(RESIDUE_ALLOWANCE)} residue)`,
          met: residue <= RESIDUE_ALLOWANCE,
        },
        {
          label: `(d) heap growth after ${grouped(events)} events on 10 calls`,
          value: mib(median(eventsGrowth)),
        },
      ],
      rounds: [
        `(d) ${grouped(live)} live calls: ${list(liveHeap, mib)}; after ${grouped(churn)} calls: ${list(churnGrowth, mib)}; after ${grouped(events)} events: ${list(eventsGrowth, mib)}`,
      ],
      notes: [],
      method: `**(d)** \`heapUsed\` after two forced full GCs (\`--expose-gc\` set at runtime), before and after: ${grouped(live)} calls dialled and tracked (measured while all are live, then hung up by \`call_hangup\` events; after a 1,000-call warm-up); ${grouped(churn)} calls dialled and hung up ${grouped(batch)} at a time (after a warm-up batch); ${grouped(events)} bridge events on a client with 10 calls (after a 10,000-event warm-up). A small residue after the calls is expected and bounded: the client remembers the last 1,024 ended call ids to explain commands on them.`,
    };
  },
};

async function withClient<T>(
  opened: Promise<BenchClient>,
  use: (bench: BenchClient) => Promise<T>,
): Promise<T> {
  const bench = await opened;
  try {
    return await use(bench);
  } finally {
    await bench.client.close();
  }
}

function mib(bytes: number): string {
  return `${bytes >= 0 ? '+' : '−'}${(Math.abs(bytes) / 2 ** 20).toFixed(2)} MiB`;
}
