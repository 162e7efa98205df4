/**
 * (h) Active Call: sessions opened (dial until `answer`) and invites answered (webhook offer,
 * `accept`, `answer`) per second against the Active Call emulator, 1,000 concurrent sessions on
 * one client, and session events per second into the client's streams against raw `ws` reading
 * the same frames from a minimal session server in another process.
 */
import type * as ActiveCallModule from '../../../packages/active-call/src/index';
import type * as ActiveCallNode from '../../../packages/active-call/src/node';
import type * as EmulatorModule from '../../../packages/emulator/src/index';
import { AC_FRAME_KINDS, type AcFrameKind } from '../acFrames';
import { clientEventRate, rawEventRate, startAcIngestServer } from '../acIngest';
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
    progress(`(h) events: ${rounds} rounds of ${events} frames per kind, raw ws vs the client`);
    const server = await startAcIngestServer();
    const ingestClient = ac.createActiveCallClient({ endpoint: server.endpoint });
    const raw = new Map<AcFrameKind, number[]>(AC_FRAME_KINDS.map((kind) => [kind, []]));
    const sdk = new Map<AcFrameKind, number[]>(AC_FRAME_KINDS.map((kind) => [kind, []]));
    try {
      await ingestClient.connect();
      for (const kind of AC_FRAME_KINDS) {
        await rawEventRate(server.endpoint, kind, scale(10_000));
        await clientEventRate(ingestClient, kind, scale(10_000));
      }
      for (let round = 0; round < rounds; round += 1) {
        for (const kind of AC_FRAME_KINDS) {
          settledHeap();
          raw.get(kind)?.push(await rawEventRate(server.endpoint, kind, events));
          settledHeap();
          sdk.get(kind)?.push(await clientEventRate(ingestClient, kind, events));
        }
      }
    } finally {
      await ingestClient.close();
      await server.stop();
    }
    const list = (values: number[]) => values.map((value) => grouped(value)).join(', ');
    const ingestRows = (kind: AcFrameKind, what: string): Row[] => {
      const rawRates = raw.get(kind) ?? [];
      const sdkRates = sdk.get(kind) ?? [];
      const ratios = pairedRatios(sdkRates, rawRates);
      return [
        {
          label: `(h) raw ws + JSON.parse, Active Call ${what}`,
          value: `${grouped(median(rawRates))}/s`,
        },
        {
          label: `(h) Active Call client events$ + calls$, ${what}`,
          value: `${grouped(median(sdkRates))}/s`,
          relative: `${median(ratios).toFixed(2)}× raw (${range(ratios, (r) => r.toFixed(2))})`,
        },
      ];
    };
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
      ...ingestRows('dtmf', '`dtmf` frames (change nothing)'),
      ...ingestRows('mix', 'voice-agent frames (ASR, VAD, metrics, playback)'),
      ...ingestRows('hold', '`hold` frames (each changes the call)'),
    ];
    return {
      id: 'active-call',
      title: 'Active Call',
      rows,
      rounds: [
        `(h) sessions opened/s: ${list(dials)}; invites answered/s: ${list(accepts)}`,
        ...AC_FRAME_KINDS.map(
          (kind) =>
            `(h) ${kind} frames per CPU-second: raw ws ${list(raw.get(kind) ?? [])}; client ${list(sdk.get(kind) ?? [])}`,
        ),
      ],
      notes: [
        `Session setup against the emulator is bounded by the round trips (a WebSocket upgrade and an \`invite\`/\`answer\` exchange per call, the emulator in the same process, ${IN_FLIGHT} in flight), not by the client. Every Active Call session is its own socket, so ${grouped(concurrent)} concurrent sessions are ${grouped(concurrent)} sockets in one process.`,
      ],
      method: `**(h)** Active Call, against the Active Call emulator (built, in this process, fast timing): ${grouped(setups)} \`dial()\`s per round to its answering number, ${IN_FLIGHT} in flight, each until its \`answer\` event (then all hung up); ${grouped(setups)} inbound calls per round (\`simulateInbound\` posting to the client's webhook server from \`@callstream/active-call/node\`, the offer taken from \`incoming$\` and accepted), ${IN_FLIGHT} in flight, each until the call is answered. ${grouped(concurrent)} concurrent sessions: that many dials held open at once, every one tracked in \`calls$\` and open on the emulator; the heap difference (after full collections) is divided by the sessions. Events: the emulator paces its events, so a minimal session server in a child process (\`scripts/bench/acServer.ts\`) answers the \`invite\` and then sends ${grouped(events)} pre-serialised frames of one kind, shaped and sized as the protocol reference's examples (\`scripts/bench/acFrames.ts\`): \`dtmf\` (\`event\`, \`trackId\`, \`timestamp\`, \`digit\`; changes nothing), a voice-agent turn repeated (\`speaking\`, three \`asrDelta\`, \`asrFinal\`, \`silence\`, \`metrics\` with its \`data\` object, \`trackStart\`, \`interruption\`, \`trackEnd\`: 85–190 bytes, \`backend\` events), or \`hold\` on and off (each a new snapshot and a \`calls$\` table), then a full SIP \`hangup\`; the client (subscribed to \`events$\` and \`calls$\`) and a raw \`ws\` client (\`JSON.parse\`, reading \`event\`) take turns on a session each, per CPU-second from opening the session to the call's removal (client) or the \`hangup\` (raw).`,
    };
  },
};
