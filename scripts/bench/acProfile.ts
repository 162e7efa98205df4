/**
 * The Active Call ingest workload, repeated, for `node --cpu-prof` (after `pnpm build`):
 *
 *   node --cpu-prof --cpu-prof-dir=.profiles --import tsx scripts/bench/acProfile.ts client dtmf
 *   npx tsx scripts/bench/cpuprofile.ts .profiles/<the main process's file>.cpuprofile
 *
 * `client` reads the blasts with the built Active Call client (`events$` + `calls$`), `raw`
 * with `ws` + `JSON.parse`; the kind is `dtmf`, `mix` or `hold` (acFrames.ts). Prints every
 * round's frames per CPU-second.
 */
import type * as ActiveCallModule from '../../packages/active-call/src/index';
import { AC_FRAME_KINDS, type AcFrameKind } from './acFrames';
import { clientEventRate, rawEventRate, startAcIngestServer } from './acIngest';
import { loadBuilt } from './packages';

const [reader, kindArg, roundsArg, countArg] = process.argv.slice(2);
const kind = AC_FRAME_KINDS.find((known) => known === kindArg);
if ((reader !== 'client' && reader !== 'raw') || kind === undefined) {
  throw new Error(`usage: acProfile.ts client|raw ${AC_FRAME_KINDS.join('|')} [rounds] [frames]`);
}
const rounds = Number(roundsArg ?? 6);
const count = Number(countArg ?? 100_000);

const ac = await loadBuilt<typeof ActiveCallModule>('active-call');
const server = await startAcIngestServer();
const client = ac.createActiveCallClient({ endpoint: server.endpoint });
try {
  await client.connect();
  const started = performance.now();
  for (let round = 0; round < rounds; round += 1) {
    const rate =
      reader === 'raw'
        ? await rawEventRate(server.endpoint, kind as AcFrameKind, count)
        : await clientEventRate(client, kind as AcFrameKind, count);
    process.stderr.write(`round ${round}: ${Math.round(rate)}/CPU-s\n`);
  }
  process.stderr.write(
    `${reader} ${kind}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
} finally {
  await client.close();
  await server.stop();
}
