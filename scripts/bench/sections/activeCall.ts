/**
 * (h) Active Call: sessions opened (dial until `answer`) and invites answered (webhook offer,
 * `accept`, `answer`) per second against the Active Call emulator, 1,000 concurrent sessions on
 * one client, and session events per second into the client's streams against raw `ws` reading
 * the same frames from a minimal session server in another process.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type * as ActiveCallModule from '../../../packages/active-call/src/index';
import type * as ActiveCallNode from '../../../packages/active-call/src/node';
import type * as EmulatorModule from '../../../packages/emulator/src/index';
import { settledHeap } from '../memory';
import { loadBuilt } from '../packages';
import type { BenchContext, BenchSection, Row, Section } from '../section';
import { grouped, median, pairedRatios, range } from '../stats';

type ActiveCall = typeof ActiveCallModule;
type Emulator = typeof EmulatorModule;
type Client = ActiveCallModule.ActiveCallClient;

const IN_FLIGHT = 50;
const CONCURRENT = 1_000;
const FROM = '+15551230000';
let nonce = 0;

/** Runs `count` tasks with at most `IN_FLIGHT` at a time; resolves with the wall-clock rate. */
async function ratePerSecond(count: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next;
      next += 1;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count) }, worker));
  return count / ((performance.now() - start) / 1000);
}

async function hangUpAll(client: Client, ids: readonly string[]): Promise<void> {
  await Promise.all(ids.map((id) => client.hangup(id).catch(() => undefined)));
}

/** Dials `count` calls (answered by the emulator), returns the rate and their ids. */
async function dialRate(client: Client, to: string, count: number) {
  const ids: string[] = [];
  const rate = await ratePerSecond(count, async () => {
    const { callId } = await client.dial({ to, from: FROM });
    ids.push(callId);
  });
  return { rate, ids };
}

/** Rings `count` inbound calls at the client's webhook server and accepts each offer. */
async function acceptRate(
  client: Client,
  emulator: EmulatorModule.ActiveCallEmulator,
  webhookUrl: string,
  count: number,
) {
  const ids: string[] = [];
  const accepted = new Map<string, () => void>();
  const answered = new Set<string>();
  const failures: unknown[] = [];
  const subscription = client.incoming$.subscribe((offer) => {
    offer.accept().then(
      () => {
        answered.add(offer.callId);
        accepted.get(offer.callId)?.();
      },
      (error: unknown) => failures.push(error),
    );
  });
  try {
    const rate = await ratePerSecond(count, async () => {
      const result = await emulator.simulateInbound({
        caller: `sip:${FROM}@127.0.0.1`,
        webhookUrl,
      });
      if (!result.delivered) throw new Error(`webhook not delivered: ${result.error ?? ''}`);
      // The offer may have been accepted before `simulateInbound` resolved.
      await new Promise<void>((resolve) => {
        if (answered.has(result.dialogId)) resolve();
        else accepted.set(result.dialogId, resolve);
      });
      accepted.delete(result.dialogId);
      answered.delete(result.dialogId);
      ids.push(result.dialogId);
    });
    if (failures.length > 0) throw failures[0];
    return { rate, ids };
  } finally {
    subscription.unsubscribe();
  }
}

interface IngestServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

async function startIngestServer(): Promise<IngestServer> {
  const child: ChildProcess = fork(fileURLToPath(new URL('../acServer.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await once(child, 'message')) as [{ type: string; port: number }];
  return {
    endpoint: `ws://127.0.0.1:${ready.port}`,
    async stop() {
      const exited = once(child, 'exit');
      child.send({ type: 'stop' });
      await exited;
    },
  };
}

/** Events per CPU-second through `dial()` and `events$` + `calls$` of the client. */
async function clientEventRate(client: Client, count: number): Promise<number> {
  let digits = 0;
  nonce += 1;
  const id = `bench-${count}-${nonce}`;
  const start = process.cpuUsage();
  const removed = new Promise<void>((resolve) => {
    const subscription = client.events$.subscribe((event) => {
      if (event.callId !== id) return;
      if (event.type === 'dtmf') digits += 1;
      if (event.type === 'removed') {
        subscription.unsubscribe();
        resolve();
      }
    });
  });
  await client.dial({ to: 'sip:bench@127.0.0.1', from: FROM, id });
  await removed;
  const used = process.cpuUsage(start);
  if (digits !== count) throw new Error(`client: ${count} dtmf frames sent, ${digits} events`);
  return count / ((used.user + used.system) / 1e6);
}

/** The same session and frames read by a raw `ws` client (`JSON.parse`, look at `event`). */
async function rawEventRate(endpoint: string, count: number): Promise<number> {
  let digits = 0;
  nonce += 1;
  const id = `bench-${count}-${nonce}`;
  const start = process.cpuUsage();
  const socket = new WebSocket(`${endpoint}/call/sip?id=${id}`);
  await new Promise<void>((resolve, reject) => {
    socket.on('open', () => socket.send(JSON.stringify({ command: 'invite', option: {} })));
    socket.on('error', reject);
    socket.on('message', (data) => {
      const event = (JSON.parse(data.toString()) as { event: string }).event;
      if (event === 'dtmf') digits += 1;
      else if (event === 'hangup') resolve();
    });
  });
  const used = process.cpuUsage(start);
  socket.close();
  if (digits !== count) throw new Error(`raw ws: ${count} dtmf frames sent, ${digits} read`);
  return count / ((used.user + used.system) / 1e6);
}

export const activeCallSection: BenchSection = {
  id: 'active-call',
  async run(context: BenchContext): Promise<Section> {
    const { rounds, scale, progress } = context;
    const [ac, emulatorModule] = await Promise.all([
      loadBuilt<ActiveCall>('active-call'),
      loadBuilt<Emulator>('emulator'),
    ]);
    const node = (await import(
      new URL('../../../packages/active-call/dist/node.js', import.meta.url).href
    )) as typeof ActiveCallNode;
    const setups = scale(500);
    const events = scale(50_000);
    const concurrent = Math.min(CONCURRENT, Math.max(scale(CONCURRENT), 100));
    progress(
      `(h) Active Call: ${setups} dials and ${setups} accepts per round, ${concurrent} concurrent sessions, ${events} events per blast`,
    );
    const answering = emulatorModule.scenario.answer();
    const emulator = await emulatorModule.startActiveCallEmulator({
      timing: 'fast',
      maxSessions: concurrent + IN_FLIGHT,
      maxPendingInbound: setups + IN_FLIGHT,
    });
    const client = ac.createActiveCallClient({
      endpoint: emulator.wsUrl,
      maxCalls: concurrent + 100,
    });
    const tables = { size: 0 };
    const tableSubscription = client.calls$.subscribe((calls) => {
      tables.size = calls.size;
    });
    const webhooks = await node.listenForWebhooks(client, { path: '/webhook' });
    const dials: number[] = [];
    const accepts: number[] = [];
    let concurrentMs = Number.NaN;
    let perSessionBytes = Number.NaN;
    try {
      await client.connect();
      // Warm-up, not recorded.
      await hangUpAll(client, (await dialRate(client, answering, scale(100))).ids);
      await hangUpAll(client, (await acceptRate(client, emulator, webhooks.url, scale(100))).ids);
      for (let round = 0; round < rounds; round += 1) {
        const dialed = await dialRate(client, answering, setups);
        dials.push(dialed.rate);
        await hangUpAll(client, dialed.ids);
        const offered = await acceptRate(client, emulator, webhooks.url, setups);
        accepts.push(offered.rate);
        await hangUpAll(client, offered.ids);
      }
      progress(`(h) ${concurrent} concurrent sessions on one client`);
      const before = settledHeap();
      const start = performance.now();
      const held = await dialRate(client, answering, concurrent);
      concurrentMs = performance.now() - start;
      const open = emulator.sessions().length;
      if (tables.size !== concurrent || open < concurrent) {
        throw new Error(`${concurrent} dials: ${tables.size} calls tracked, ${open} sessions open`);
      }
      perSessionBytes = (settledHeap() - before) / concurrent;
      await hangUpAll(client, held.ids);
    } finally {
      tableSubscription.unsubscribe();
      await client.close();
      await webhooks.close();
      await emulator.close();
    }
    progress(`(h) events: ${rounds} rounds of ${events} dtmf frames, raw ws vs the client`);
    const server = await startIngestServer();
    const ingestClient = ac.createActiveCallClient({ endpoint: server.endpoint });
    const raw: number[] = [];
    const sdk: number[] = [];
    try {
      await ingestClient.connect();
      await rawEventRate(server.endpoint, scale(10_000));
      await clientEventRate(ingestClient, scale(10_000));
      for (let round = 0; round < rounds; round += 1) {
        settledHeap();
        raw.push(await rawEventRate(server.endpoint, events));
        settledHeap();
        sdk.push(await clientEventRate(ingestClient, events));
      }
    } finally {
      await ingestClient.close();
      await server.stop();
    }
    const ratios = pairedRatios(sdk, raw);
    const list = (values: number[]) => values.map((value) => grouped(value)).join(', ');
    const rows: Row[] = [
      {
        label: '(h) Active Call sessions opened per second (dial until `answer`)',
        value: `${grouped(median(dials))}/s`,
      },
      {
        label: '(h) Active Call invites answered per second (webhook offer, `accept`, `answer`)',
        value: `${grouped(median(accepts))}/s`,
      },
      {
        label: `(h) Active Call: ${grouped(concurrent)} concurrent sessions on one client`,
        value: `${grouped(concurrentMs)} ms`,
        relative: `${grouped(perSessionBytes / 1024, 1)} KiB heap per session (client and emulator)`,
      },
      {
        label: '(h) raw ws + JSON.parse, Active Call `dtmf` frames',
        value: `${grouped(median(raw))}/s`,
      },
      {
        label: '(h) Active Call client events$ + calls$, `dtmf` frames',
        value: `${grouped(median(sdk))}/s`,
        relative: `${median(ratios).toFixed(2)}× raw (${range(ratios, (r) => r.toFixed(2))})`,
      },
    ];
    return {
      id: 'active-call',
      title: 'Active Call',
      rows,
      rounds: [
        `(h) sessions opened/s: ${list(dials)}; invites answered/s: ${list(accepts)}`,
        `(h) dtmf events per CPU-second: raw ws ${list(raw)}; client ${list(sdk)}`,
      ],
      notes: [
        `Session setup against the emulator is bounded by the round trips (a WebSocket upgrade and an \`invite\`/\`answer\` exchange per call, the emulator in the same process, ${IN_FLIGHT} in flight), not by the client. Every Active Call session is its own socket, so ${grouped(concurrent)} concurrent sessions are ${grouped(concurrent)} sockets in one process.`,
      ],
      method: `**(h)** Active Call, against the Active Call emulator (built, in this process, fast timing): ${grouped(setups)} \`dial()\`s per round to its answering number, ${IN_FLIGHT} in flight, each until its \`answer\` event (then all hung up); ${grouped(setups)} inbound calls per round (\`simulateInbound\` posting to the client's webhook server from \`@callstream/active-call/node\`, the offer taken from \`incoming$\` and accepted), ${IN_FLIGHT} in flight, each until the call is answered. ${grouped(concurrent)} concurrent sessions: that many dials held open at once, every one tracked in \`calls$\` and open on the emulator; the heap difference (after full collections) is divided by the sessions. Events: the emulator paces its events, so a minimal session server in a child process (\`scripts/bench/acServer.ts\`) answers the \`invite\` and then sends ${grouped(events)} pre-serialised \`dtmf\` frames shaped as the emulator's (\`event\`, \`trackId\`, \`digit\`, \`timestamp\`) and a \`hangup\`; the client (subscribed to \`events$\` and \`calls$\`) and a raw \`ws\` client (\`JSON.parse\`, reading \`event\`) take turns on a session each, per CPU-second from opening the session to the \`hangup\`.`,
    };
  },
};
