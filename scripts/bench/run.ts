/**
 * `pnpm bench`: compares @callstream/transport and @callstream/core with raw `ws` on loopback,
 * in one run, against a CM-speaking server in a worker thread. Prints a table and rewrites
 * docs/benchmarks.md with the numbers. `--quick` runs a tenth of the work and writes nothing
 * (a smoke test of the harness).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BenchClient, connectClient } from './clients';
import { measureRoundTrips, rawRoundTrip, sdkRoundTrip } from './commands';
import { clientWithCalls, coreRate, rawWsRate, transportRate } from './inbound';
import { callsHeapGrowth, eventsHeapGrowth, settledHeap } from './memory';
import { loadPackages } from './packages';
import { type BenchResults, describeMachine, renderMarkdown, renderTable } from './report';
import { startBenchServer } from './server';
import { repeat } from './stats';

const quick = process.argv.includes('--quick');
const scale = (n: number) => (quick ? Math.max(1, Math.round(n / 10)) : n);

/** Workload sizes; docs/benchmarks.md quotes them from here. */
export const workload = {
  rounds: 3,
  inboundEvents: scale(100_000),
  perCallEvents: scale(100_000),
  trackedCalls: [10, 1_000, 10_000].map(scale),
  sequential: scale(2_000),
  concurrentTotal: scale(20_000),
  inFlight: 100,
  warmup: scale(1_000),
  memoryEvents: scale(100_000),
  memoryCalls: scale(10_000),
} as const;

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

async function withClient<T>(
  bench: BenchClient,
  use: (bench: BenchClient) => Promise<T>,
): Promise<T> {
  try {
    return await use(bench);
  } finally {
    await bench.client.close();
  }
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const packages = await loadPackages();
  const server = await startBenchServer();
  const { rounds } = workload;
  try {
    progress(
      `(a) inbound: ${workload.inboundEvents} events of 200 bytes, raw ws vs openSocket vs events$`,
    );
    const inbound = { raw: [] as number[], transport: [] as number[], core: [] as number[] };
    await withClient(await clientWithCalls(packages, server, 10), async (client) => {
      // Warm-up, not recorded: JIT compilation of all three paths.
      await rawWsRate(server, scale(10_000));
      await transportRate(packages, server, scale(10_000));
      await coreRate(client, server, scale(10_000));
      for (let round = 0; round < rounds; round += 1) {
        // Interleaved, so background load on the machine hits all three alike.
        // A full GC before each timing, so no run pays for the garbage of the one before.
        settledHeap();
        inbound.raw.push(await rawWsRate(server, workload.inboundEvents));
        settledHeap();
        inbound.transport.push(await transportRate(packages, server, workload.inboundEvents));
        settledHeap();
        inbound.core.push(await coreRate(client, server, workload.inboundEvents));
      }
    });

    progress(
      `(b) commands: ${workload.sequential} sequential, ${workload.concurrentTotal} with ${workload.inFlight} in flight`,
    );
    const commandOptions = {
      sequential: workload.sequential,
      total: workload.concurrentTotal,
      inFlight: workload.inFlight,
      warmup: workload.warmup,
    };
    const raw = await rawRoundTrip(server.url);
    const commands = await withClient(
      await clientWithCalls(packages, server, 1),
      async ({ client }) => {
        const [callId] = client.activeCalls().map((call) => call.callId);
        if (callId === undefined) throw new Error('no call to send DTMF on');
        const results: BenchResults['commands'] = { raw: [], sdk: [] };
        for (let round = 0; round < rounds; round += 1) {
          results.raw.push(await measureRoundTrips(raw.roundTrip, commandOptions));
          results.sdk.push(await measureRoundTrips(sdkRoundTrip(client, callId), commandOptions));
        }
        return results;
      },
    );
    await raw.close();

    progress(
      `(c) per-event cost with ${workload.trackedCalls.join(' / ')} tracked calls: ${workload.perCallEvents} events each`,
    );
    // One client per call count, all live at once and measured in turn within each round, so
    // background load and heap size affect every call count alike.
    const perCallClients: BenchClient[] = [];
    for (const calls of workload.trackedCalls) {
      perCallClients.push(await clientWithCalls(packages, server, calls));
    }
    const perCall: BenchResults['perCall'] = workload.trackedCalls.map((calls) => ({
      calls,
      rates: [],
      oneCallRates: [],
    }));
    try {
      for (let round = 0; round < rounds; round += 1) {
        for (const [index, client] of perCallClients.entries()) {
          const entry = perCall[index];
          if (!entry) continue;
          settledHeap();
          entry.rates.push(await coreRate(client, server, workload.perCallEvents));
          settledHeap();
          entry.oneCallRates.push(await coreRate(client, server, workload.perCallEvents, true));
        }
      }
    } finally {
      for (const { client } of perCallClients) await client.close();
    }

    progress(
      `(d) heap: ${workload.memoryEvents} events, then ${workload.memoryCalls} calls created and removed`,
    );
    const eventsGrowth = await withClient(await clientWithCalls(packages, server, 10), (client) =>
      repeat(rounds, () => eventsHeapGrowth(client, server, workload.memoryEvents)),
    );
    const callsHeap = await withClient(await connectClient(packages, server.url), (client) =>
      repeat(rounds, () => callsHeapGrowth(client, server, workload.memoryCalls)),
    );

    const results: BenchResults = {
      machine: describeMachine(),
      workload,
      inbound,
      commands,
      perCall,
      memory: {
        eventsGrowth,
        callsGrowth: callsHeap.map((h) => h.growth),
        callsPeak: callsHeap.map((h) => h.peak),
      },
      durationMs: performance.now() - startedAt,
    };
    process.stdout.write(`${renderTable(results)}\n`);
    if (quick) {
      progress('--quick: docs/benchmarks.md left unchanged');
    } else {
      const path = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
      writeFileSync(path, renderMarkdown(results));
      progress(`wrote ${path}`);
    }
    progress(`done in ${(results.durationMs / 1000).toFixed(1)} s`);
  } finally {
    await server.stop();
  }
}

await main();
