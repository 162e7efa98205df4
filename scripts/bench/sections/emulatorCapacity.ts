/**
 * (f) The CM emulator's capacity: call setups per second (dial until `call_answered`), at no
 * load and with thousands of calls live, and the memory each live call takes.
 */
import type { CallstreamClient } from '../../../packages/core/src/index';
import { nextClientId } from '../clients';
import { startBenchEmulator } from '../emulator';
import { BENCH_FROM } from '../protocol';
import type { BenchContext, BenchSection, Section } from '../section';
import { grouped, median } from '../stats';

/** The emulator's "answer" scenario number: the remote party picks up (fast timing: ~5 ms). */
const ANSWERING = '+155501000000'; // scenario.answer() of @callstream/emulator
const IN_FLIGHT = 200;
/** Every dial gets its own channel: the CM keys live legs by `appid:channel:uid`. */
let dialled = 0;

export const emulatorCapacitySection: BenchSection = {
  id: 'emulator',
  async run(context: BenchContext): Promise<Section> {
    const { packages, rounds, scale, progress } = context;
    const batch = scale(5_000);
    progress(`(f) CM emulator: ${rounds} rounds of 2 × ${batch} call setups`);
    const emulator = await startBenchEmulator();
    const client = packages.core.createClient({
      url: emulator.wsUrl,
      authToken: emulator.token,
      clientId: nextClientId('capacity'),
      appId: emulator.appId,
      reconnect: false,
    });
    const idle: number[] = [];
    const loaded: number[] = [];
    const perCall: number[] = [];
    try {
      await client.connect();
      await setUpCalls(client, scale(500)); // warm-up
      await hangUpAll(client);
      for (let round = 0; round < rounds; round += 1) {
        const before = (await emulator.stats()).heapUsed;
        idle.push(await setUpCalls(client, batch));
        const live = await emulator.stats();
        perCall.push((live.heapUsed - before) / live.calls);
        loaded.push(await setUpCalls(client, batch));
        await hangUpAll(client);
        const after = await emulator.stats();
        if (after.calls !== 0) throw new Error(`${after.calls} emulator legs left after hangups`);
      }
    } finally {
      await client.close();
      await emulator.stop();
    }
    const rate = (values: number[]) => `${grouped(median(values))} setups/s`;
    const list = (values: number[]) => values.map((value) => grouped(value)).join(', ');
    return {
      id: 'emulator',
      title: 'CM emulator capacity',
      rows: [
        { label: '(f) CM emulator call setups, from no live calls', value: rate(idle) },
        {
          label: `(f) CM emulator call setups, with ${grouped(batch)} calls live`,
          value: rate(loaded),
        },
        {
          label: `(f) CM emulator concurrent calls held (${grouped(2 * batch)} live)`,
          value: `${grouped(median(perCall) / 1024, 1)} KiB heap per live call`,
        },
      ],
      rounds: [
        `(f) setups/s from no calls: ${list(idle)}; with ${grouped(batch)} live: ${list(loaded)}; heap per call: ${perCall.map((b) => grouped(b)).join(', ')} B`,
      ],
      notes: [
        `The emulator set up ${rate(idle)} (dial → \`outbound\` reply → \`call_initiated\` → \`call_ringing\` → \`call_answered\`) and held ${grouped(2 * batch)} answered calls at once without slowing down much (${rate(loaded)} with ${grouped(batch)} already live); each live call costs it about ${grouped(median(perCall) / 1024, 1)} KiB. The client that drives it is included in these figures (the same process, another thread).`,
      ],
      method: `**(f)** The CM emulator (built package, fast timing: the remote party answers after a few ms) runs in a worker thread; one core client in the main thread dials ${grouped(batch)} calls to the answering scenario number with ${IN_FLIGHT} dials in flight and waits until every call was answered; then another ${grouped(batch)} while the first are still live; then hangs all of them up. Heap: the worker's \`used_heap_size\` after full GCs, with ${grouped(batch)} calls live against none.`,
    };
  },
};

/** Dials `count` calls, `IN_FLIGHT` at a time; resolves with answered calls per second. */
async function setUpCalls(client: CallstreamClient, count: number): Promise<number> {
  let answered = 0;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const subscription = client.events$.subscribe((event) => {
    if (event.type !== 'answered') return;
    answered += 1;
    if (answered === count) finish();
  });
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      dialled += 1;
      await client.dial({ to: ANSWERING, from: BENCH_FROM, channel: `cap-${dialled}`, uid: 1 });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count) }, worker));
    await done;
  } finally {
    subscription.unsubscribe();
  }
  return count / ((performance.now() - started) / 1000);
}

/** Hangs up every tracked call and waits until all left `calls$`. */
async function hangUpAll(client: CallstreamClient): Promise<void> {
  const calls = client.activeCalls();
  let removed = 0;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const subscription = client.events$.subscribe((event) => {
    if (event.type === 'removed' && ++removed === calls.length) finish();
  });
  try {
    for (let index = 0; index < calls.length; index += IN_FLIGHT) {
      await Promise.all(
        calls.slice(index, index + IN_FLIGHT).map((call) => client.hangup(call.callId)),
      );
    }
    if (calls.length > 0) await done;
  } finally {
    subscription.unsubscribe();
  }
}
