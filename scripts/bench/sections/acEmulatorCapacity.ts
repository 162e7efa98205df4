/**
 * (j) The Active Call emulator's capacity, driven as a real client drives the server: one
 * session socket per call with an `invite` to the answering scenario, until `answer`; then a
 * `hangup` command, until the server closes the socket. Raw `ws` in the main thread, the
 * emulator in a worker thread (as the CM emulator's rows (f)).
 */
import WebSocket from 'ws';
import { startBackendEmulator, tasksPerSecond, untilEmpty } from '../backendEmulator';
import type { BenchContext, BenchSection, Section } from '../section';
import { grouped, median } from '../stats';

/** The emulator's "answer" scenario number: rings, then answers (fast timing: a few ms). */
const ANSWERING = '+155501000000'; // scenario.answer() of @callstream/emulator
const CALLER = 'sip:+15551230000@127.0.0.1';
const IN_FLIGHT = 100;
let sessions = 0;

/** Opens a session and invites the answering number; resolves with the socket once answered. */
function openCall(base: string): Promise<WebSocket> {
  sessions += 1;
  const socket = new WebSocket(`${base}/call/sip?id=capacity-${sessions}`);
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      socket.terminate();
      reject(new Error(`Active Call emulator session ${sessions}: ${why}`));
    };
    socket.on('open', () => {
      socket.send(
        JSON.stringify({ command: 'invite', option: { caller: CALLER, callee: ANSWERING } }),
      );
    });
    socket.on('message', (data) => {
      const { event } = JSON.parse(String(data)) as { event: string };
      if (event === 'answer') resolve(socket);
      else if (event === 'reject' || event === 'error') fail(`${event} before answer`);
    });
    socket.on('error', (error) => fail(String(error)));
    socket.on('close', () => fail('closed before answer'));
  });
}

/** Sends `hangup` and waits until the server closed the socket. */
function hangUp(socket: WebSocket): Promise<void> {
  socket.removeAllListeners('close');
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.send(JSON.stringify({ command: 'hangup' }));
  return closed;
}

export const acEmulatorCapacitySection: BenchSection = {
  id: 'ac-emulator',
  async run(context: BenchContext): Promise<Section> {
    const { rounds, scale, progress } = context;
    const batch = scale(1_000);
    progress(`(j) Active Call emulator: ${rounds} rounds of 2 × ${batch} sessions answered`);
    const emulator = await startBackendEmulator({
      backend: 'active-call',
      maxCalls: 2 * batch + IN_FLIGHT,
    });
    const base = emulator.ready.url;
    const idle: number[] = [];
    const loaded: number[] = [];
    const perCall: number[] = [];
    const hangups: number[] = [];
    const setUp = async (count: number, into: WebSocket[]) =>
      tasksPerSecond(count, IN_FLIGHT, async () => {
        into.push(await openCall(base));
      });
    try {
      const warm: WebSocket[] = [];
      await setUp(scale(200), warm);
      await Promise.all(warm.map(hangUp));
      await untilEmpty(emulator);
      for (let round = 0; round < rounds; round += 1) {
        const live: WebSocket[] = [];
        const before = (await emulator.stats()).heapUsed;
        idle.push(await setUp(batch, live));
        const held = await emulator.stats();
        perCall.push((held.heapUsed - before) / held.calls);
        loaded.push(await setUp(batch, live));
        const open = (await emulator.stats()).calls;
        if (open !== 2 * batch) throw new Error(`${2 * batch} sessions answered, ${open} open`);
        let next = 0;
        hangups.push(
          await tasksPerSecond(live.length, IN_FLIGHT, async () => {
            const socket = live[next];
            next += 1;
            if (socket) await hangUp(socket);
          }),
        );
        await untilEmpty(emulator);
      }
    } finally {
      await emulator.stop();
    }
    const rate = (values: number[], unit: string) => `${grouped(median(values))} ${unit}/s`;
    const list = (values: number[]) => values.map((value) => grouped(value)).join(', ');
    return {
      id: 'ac-emulator',
      title: 'Active Call emulator capacity',
      rows: [
        {
          label:
            '(j) Active Call emulator call setups (socket + `invite` until `answer`), from no live calls',
          value: rate(idle, 'setups'),
        },
        {
          label: `(j) Active Call emulator call setups, with ${grouped(batch)} calls live`,
          value: rate(loaded, 'setups'),
        },
        {
          label: `(j) Active Call emulator concurrent calls held (${grouped(2 * batch)} live sessions)`,
          value: `${grouped(median(perCall) / 1024, 1)} KiB heap per live call`,
          relative: `hangups ${rate(hangups, 'calls')}`,
        },
      ],
      rounds: [
        `(j) setups/s from no calls: ${list(idle)}; with ${grouped(batch)} live: ${list(loaded)}; hangups/s: ${list(hangups)}; heap per call: ${perCall.map((b) => grouped(b)).join(', ')} B`,
      ],
      notes: [
        `The Active Call emulator set up ${rate(idle, 'setups')} (WebSocket upgrade, \`invite\`, \`trackStart\`, \`ringing\`, \`answer\`) and held ${grouped(2 * batch)} answered sessions at once (${rate(loaded, 'setups')} with ${grouped(batch)} already live); each live call costs it about ${grouped(median(perCall) / 1024, 1)} KiB, the session's socket included. Every Active Call call is its own socket, so its capacity is bounded by sockets and upgrades, not by one connection's frames as the CM's. The raw \`ws\` driver shares the process (another thread).`,
      ],
      method: `**(j)** The Active Call emulator (built package, fast timing) runs in a worker thread with room for ${grouped(2 * batch + IN_FLIGHT)} sessions; the main thread drives it as a client would, with raw \`ws\`: per call a socket to \`/call/sip?id=…\`, an \`invite\` with \`callee\` the answering scenario number, until the \`answer\` event; ${IN_FLIGHT} set-ups in flight. ${grouped(batch)} calls from none, then ${grouped(batch)} more while the first stay live, then a \`hangup\` command on each until the server closes its socket (${IN_FLIGHT} in flight), and the emulator must report no session left. Heap: the worker's \`used_heap_size\` after full GCs, with ${grouped(batch)} calls live against none.`,
    };
  },
};
