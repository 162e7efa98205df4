/**
 * The Active Call ingest workload, repeated, for `node --cpu-prof` (after `pnpm build`):
 *
 *   node --cpu-prof --cpu-prof-dir=.profiles --import tsx scripts/bench/acProfile.ts client dtmf
 *   npx tsx scripts/bench/cpuprofile.ts .profiles/<the main process's file>.cpuprofile
 *
 * `client` reads the blasts with the built Active Call client (`events$` + `calls$`), `raw`
 * with `ws` + `JSON.parse`, `transport` with `openSocket().messages$`, `alternate` all three in
 * turn; the kind is `dtmf`, `mix` or `hold` (acFrames.ts). Prints every
 * round's frames per CPU-second.
 */
import type * as ActiveCallModule from '../../packages/active-call/src/index';
import { AC_FRAME_KINDS } from './acFrames';
import { clientEventRate, rawEventRate, startAcIngestServer, transportEventRate } from './acIngest';
import { loadBuilt, loadPackages } from './packages';

const [reader, kindArg, roundsArg, countArg] = process.argv.slice(2);
const kind = AC_FRAME_KINDS.find((known) => known === kindArg);
const readers = ['client', 'raw', 'transport', 'alternate'];
if (!readers.includes(reader ?? '') || kind === undefined) {
  throw new Error(
    `usage: acProfile.ts ${readers.join('|')} ${AC_FRAME_KINDS.join('|')} [rounds] [frames]`,
  );
}
const rounds = Number(roundsArg ?? 6);
const count = Number(countArg ?? 100_000);

const ac = await loadBuilt<typeof ActiveCallModule>('active-call');
const { transport } = await loadPackages();
const server = await startAcIngestServer();
const client = ac.createActiveCallClient({ endpoint: server.endpoint });
try {
  await client.connect();
  const started = performance.now();
  for (let round = 0; round < rounds; round += 1) {
    const rates: string[] = [];
    if (reader === 'raw' || reader === 'alternate') {
      rates.push(`raw ${Math.round(await rawEventRate(server.endpoint, kind, count))}`);
    }
    if (reader === 'transport' || reader === 'alternate') {
      const rate = await transportEventRate(transport, server.endpoint, kind, count);
      rates.push(`transport ${Math.round(rate)}`);
    }
    if (reader === 'client' || reader === 'alternate') {
      rates.push(`client ${Math.round(await clientEventRate(client, kind, count))}`);
    }
    process.stderr.write(`round ${round}: ${rates.join(', ')} per CPU-s\n`);
  }
  process.stderr.write(
    `${reader} ${kind}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
} finally {
  await client.close();
  await server.stop();
}
