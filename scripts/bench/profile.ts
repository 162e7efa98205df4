/**
 * One benchmark workload, repeated, for `node --cpu-prof`: what docs/benchmarks.md's profile
 * section is made from. Usage (after `pnpm build`):
 *
 *   node --cpu-prof --cpu-prof-dir=.profiles --import tsx scripts/bench/profile.ts bridge
 *   npx tsx scripts/bench/cpuprofile.ts .profiles/<the main thread's file>.cpuprofile
 *
 * Workloads: `bridge` and `dtmf` (ingest into events$ + calls$ with 10 calls), `spread` (bridge
 * events spread over 10,000 calls), `commands` (sendDtmf, 100 in flight), and the baselines
 * `raw` (ws + JSON.parse) and `transport` (openSocket().messages$), both with dtmf frames, and
 * `raw-commands` (the command baseline over raw ws).
 */
import { measureRoundTrips, rawRoundTrip, sdkRoundTrip } from './commands';
import { clientWithCalls, coreRate, rawWsRate, transportRate } from './ingest';
import { loadPackages } from './packages';
import { startBenchServer } from './server';

const workloads = [
  'bridge',
  'dtmf',
  'spread',
  'commands',
  'raw',
  'transport',
  'raw-commands',
] as const;
type Workload = (typeof workloads)[number];

const workload = process.argv[2] as Workload;
if (!workloads.includes(workload)) {
  throw new Error(`usage: profile.ts ${workloads.join('|')} [rounds]`);
}
const rounds = Number(process.argv[3] ?? 10);

const packages = await loadPackages();
const server = await startBenchServer();
try {
  const calls = workload === 'spread' ? 10_000 : workload.endsWith('commands') ? 1 : 10;
  const bench = await clientWithCalls(packages, server, calls);
  const started = performance.now();
  for (let round = 0; round < rounds; round += 1) {
    if (workload === 'commands' || workload === 'raw-commands') {
      const [call] = bench.client.activeCalls();
      if (!call) throw new Error('no call');
      const raw =
        workload === 'raw-commands' ? await rawRoundTrip(server.url, call.callId) : undefined;
      const roundTrip = raw?.roundTrip ?? sdkRoundTrip(bench.client, call.callId);
      const result = await measureRoundTrips(roundTrip, {
        sequential: 0,
        total: 20_000,
        inFlight: 100,
        warmup: 0,
      });
      await raw?.close();
      process.stderr.write(`round ${round}: ${Math.round(result.perCpuSecond)}/CPU-s\n`);
    } else if (workload === 'raw' || workload === 'transport') {
      const rate =
        workload === 'raw'
          ? await rawWsRate(server, 100_000, 'dtmf')
          : await transportRate(packages, server, 100_000, 'dtmf');
      process.stderr.write(`round ${round}: ${Math.round(rate.cpu)}/CPU-s\n`);
    } else {
      const kind = workload === 'dtmf' ? 'dtmf' : 'bridge';
      const rate = await coreRate(bench, server, 100_000, kind);
      process.stderr.write(
        `round ${round}: ${Math.round(rate.cpu)}/CPU-s, ${Math.round(rate.wall)}/s\n`,
      );
    }
  }
  process.stderr.write(`${workload}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  await bench.client.close();
} finally {
  await server.stop();
}
