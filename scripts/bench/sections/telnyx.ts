/**
 * (g) Telnyx: signed webhooks verified and applied per second through `client.webhookHandler`
 * against bare Ed25519 verification of the same bodies, and dial throughput under the client's
 * dial rate limiter against the Telnyx emulator.
 */
import { generateKeyPairSync, type KeyObject, randomUUID, sign, verify } from 'node:crypto';
import type * as EmulatorModule from '../../../packages/emulator/src/index';
import type * as TelnyxModule from '../../../packages/telnyx/src/index';
import { settledHeap } from '../memory';
import { loadBuilt } from '../packages';
import type { BenchContext, BenchSection, Row, Section } from '../section';
import { grouped, median, pairedRatios, range } from '../stats';

type Telnyx = typeof TelnyxModule;
type Emulator = typeof EmulatorModule;

/** One webhook as Telnyx delivers it: the raw body and the signed headers. */
interface SignedWebhook {
  readonly body: Buffer;
  readonly headers: Record<string, string>;
  /** `timestamp|body`, the signed message (the baseline verifies it). */
  readonly message: Buffer;
  readonly signature: Buffer;
}

type WebhookKind = 'lifecycle' | 'dtmf';

const DESCRIPTIONS: Record<WebhookKind, string> = {
  lifecycle: '`call.initiated`/`answered`/`hangup` (each changes a call)',
  dtmf: '`call.dtmf.received` on 10 live calls (no call change)',
};

/** The dial limit the client is configured with; the emulator's own is far above it. */
const DIAL_LIMIT = { perSecond: 200, windowMs: 1_000 };

let sequence = 0;

function leg(name: string) {
  return {
    call_control_id: `v3:bench-${name}`,
    call_leg_id: `leg-bench-${name}`,
    call_session_id: `session-bench-${name}`,
    connection_id: 'bench-connection',
    from: '+15551230000',
    to: '+15559870000',
  };
}

/** A v2 webhook body, shaped as the Telnyx emulator emits it, signed as it signs them. */
function signed(
  privateKey: KeyObject,
  eventType: string,
  payload: Record<string, unknown>,
): SignedWebhook {
  sequence += 1;
  const text = JSON.stringify({
    data: {
      record_type: 'event',
      event_type: eventType,
      id: randomUUID(),
      occurred_at: new Date(Date.UTC(2026, 0, 1) + sequence).toISOString(),
      payload,
    },
    meta: { attempt: 1, delivered_to: 'http://127.0.0.1/telnyx/webhooks' },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const message = Buffer.from(`${timestamp}|${text}`, 'utf8');
  const signature = sign(null, message, privateKey);
  return {
    body: Buffer.from(text, 'utf8'),
    headers: {
      'content-type': 'application/json',
      'telnyx-timestamp': timestamp,
      'telnyx-signature-ed25519': signature.toString('base64'),
    },
    message,
    signature,
  };
}

/** `count` webhooks: whole incoming calls (initiated, answered, hangup) or digits on live calls. */
function workload(
  privateKey: KeyObject,
  kind: WebhookKind,
  count: number,
  live: string,
): SignedWebhook[] {
  const hooks: SignedWebhook[] = [];
  if (kind === 'dtmf') {
    for (let i = 0; i < count; i += 1) {
      hooks.push(
        signed(privateKey, 'call.dtmf.received', { ...leg(`${live}-${i % 10}`), digit: '5' }),
      );
    }
    return hooks;
  }
  for (let i = 0; hooks.length < count; i += 1) {
    const ids = leg(`call-${sequence}-${i}`);
    hooks.push(
      signed(privateKey, 'call.initiated', { ...ids, direction: 'incoming', state: 'parked' }),
      signed(privateKey, 'call.answered', ids),
      signed(privateKey, 'call.hangup', {
        ...ids,
        hangup_cause: 'normal_clearing',
        hangup_source: 'caller',
      }),
    );
  }
  return hooks;
}

let liveSets = 0;

/**
 * Starts 10 answered incoming calls for the digits to go to, fresh for every workload (an
 * unclaimed call expires after the client's offer timeout); returns their name prefix.
 */
function liveCalls(client: TelnyxModule.TelnyxClient, privateKey: KeyObject): string {
  liveSets += 1;
  const prefix = `live-${liveSets}`;
  for (let i = 0; i < 10; i += 1) {
    const ids = leg(`${prefix}-${i}`);
    for (const hook of [
      signed(privateKey, 'call.initiated', { ...ids, direction: 'incoming', state: 'parked' }),
      signed(privateKey, 'call.answered', ids),
    ]) {
      client.webhookHandler({ body: hook.body, headers: hook.headers });
    }
  }
  return prefix;
}

/** Webhooks per CPU-second through `client.webhookHandler`; fails on any refused or lost one. */
function handlerRate(
  client: TelnyxModule.TelnyxClient,
  hooks: readonly SignedWebhook[],
  counted: { events: number; lastLog: string },
): number {
  const before = counted.events;
  const start = process.cpuUsage();
  for (const hook of hooks) {
    const answer = client.webhookHandler({ body: hook.body, headers: hook.headers });
    if (answer.status !== 200) throw new Error(`webhook refused: ${answer.status} ${answer.body}`);
  }
  const used = process.cpuUsage(start);
  // A hangup yields two events (the end and the removal); every webhook yields at least one.
  if (counted.events - before < hooks.length) {
    throw new Error(
      `${hooks.length} webhooks gave only ${counted.events - before} events (last log: ${counted.lastLog})`,
    );
  }
  return hooks.length / ((used.user + used.system) / 1e6);
}

/** The same bodies through `crypto.verify` alone, per CPU-second. */
function bareRate(publicKey: KeyObject, hooks: readonly SignedWebhook[]): number {
  const start = process.cpuUsage();
  for (const hook of hooks) {
    if (!verify(null, hook.message, publicKey, hook.signature)) throw new Error('bad signature');
  }
  const used = process.cpuUsage(start);
  return hooks.length / ((used.user + used.system) / 1e6);
}

interface DialRun {
  /** Dials reaching the emulator per second after the first window's burst (the limiter's rate). */
  readonly sustained: number;
  /** Milliseconds until the first window's burst was answered. */
  readonly burstMs: number;
  /** Milliseconds until every dial was answered. */
  readonly totalMs: number;
}

/** Dials `count` calls at once through the client's limiter; times every answer. */
async function dialRun(telnyx: Telnyx, emulator: Emulator, count: number): Promise<DialRun> {
  const server = await emulator.startTelnyxEmulator({
    timing: 'fast',
    dialRateLimit: { perSecond: 100_000, windowMs: 1_000 },
    maxCalls: count + 10,
    maxRequestLog: count + 10,
  });
  const client = telnyx.createTelnyxClient({
    apiKey: server.apiKey,
    baseURL: server.apiBase,
    connectionId: server.connectionId,
    publicKey: server.publicKey,
    dialRateLimit: { ...DIAL_LIMIT, maxQueued: count },
    reconcile: false,
    retry: false,
  });
  try {
    await client.connect();
    const capacity = (DIAL_LIMIT.perSecond * DIAL_LIMIT.windowMs) / 1000;
    const start = performance.now();
    const answered = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        client
          .dial({ to: `+1555${String(2_000_000 + i).padStart(7, '0')}`, from: '+15551230000' })
          .then(() => performance.now() - start),
      ),
    );
    answered.sort((a, b) => a - b);
    // When the emulator received each dial: the limiter's pace, free of the answers' latency.
    const arrivals = server
      .requests()
      .filter((request) => request.method === 'POST' && request.path.endsWith('/calls'))
      .map((request) => request.at)
      .sort((a, b) => a - b);
    if (arrivals.length !== count) throw new Error(`${count} dials, ${arrivals.length} received`);
    const spanMs = (arrivals[arrivals.length - 1] ?? 0) - (arrivals[0] ?? 0);
    return {
      sustained: (count - capacity) / (spanMs / 1000),
      burstMs: answered[capacity - 1] ?? Number.NaN,
      totalMs: answered[answered.length - 1] ?? Number.NaN,
    };
  } finally {
    await client.close();
    await server.close();
  }
}

export const telnyxSection: BenchSection = {
  id: 'telnyx',
  async run(context: BenchContext): Promise<Section> {
    const { rounds, scale, progress } = context;
    const [telnyx, emulator] = await Promise.all([
      loadBuilt<Telnyx>('telnyx'),
      loadBuilt<Emulator>('emulator'),
    ]);
    const webhooks = scale(6_000);
    const dials = Math.max(scale(1_000), 2 * DIAL_LIMIT.perSecond);
    progress(`(g) Telnyx: ${webhooks} signed webhooks per round, ${dials} dials under the limiter`);
    const keys = generateKeyPairSync('ed25519');
    const der = keys.publicKey.export({ format: 'der', type: 'spki' });
    const counted = { events: 0, tables: 0, lastLog: 'none' };
    const remember = (message: string, fields?: object) => {
      counted.lastLog = `${message} ${JSON.stringify(fields ?? {})}`;
    };
    const client = telnyx.createTelnyxClient({
      telnyx: {
        calls: { dial: async () => ({}), retrieveStatus: async () => ({}), actions: {} },
        connections: { listActiveCalls: async () => ({ data: [], meta: {} }) },
      } as unknown as TelnyxModule.TelnyxClientOptions['telnyx'] & object,
      connectionId: 'bench-connection',
      publicKey: der.subarray(der.length - 32).toString('base64'),
      reconcile: false,
      rejectExpiredOffers: false,
      logger: { debug: remember, info: remember, warn: remember, error: remember },
    });
    const subscriptions = [
      client.events$.subscribe(() => {
        counted.events += 1;
      }),
      client.calls$.subscribe((calls) => {
        counted.tables += calls.size;
      }),
    ];
    const handler: Record<WebhookKind, number[]> = { lifecycle: [], dtmf: [] };
    const bare: Record<WebhookKind, number[]> = { lifecycle: [], dtmf: [] };
    const sustained: number[] = [];
    const burst: number[] = [];
    const total: number[] = [];
    try {
      await client.connect();
      for (const kind of ['lifecycle', 'dtmf'] as const) {
        // Warm-up, not recorded.
        const warm = workload(
          keys.privateKey,
          kind,
          scale(1_500),
          liveCalls(client, keys.privateKey),
        );
        handlerRate(client, warm, counted);
        bareRate(keys.publicKey, warm);
      }
      for (let round = 0; round < rounds; round += 1) {
        for (const kind of ['lifecycle', 'dtmf'] as const) {
          const hooks = workload(
            keys.privateKey,
            kind,
            webhooks,
            liveCalls(client, keys.privateKey),
          );
          settledHeap();
          bare[kind].push(bareRate(keys.publicKey, hooks));
          settledHeap();
          handler[kind].push(handlerRate(client, hooks, counted));
        }
        progress(`(g) dial round ${round + 1}: ${dials} dials, limit ${DIAL_LIMIT.perSecond}/s`);
        const run = await dialRun(telnyx, emulator, dials);
        sustained.push(run.sustained);
        burst.push(run.burstMs);
        total.push(run.totalMs);
      }
    } finally {
      for (const subscription of subscriptions) subscription.unsubscribe();
      await client.close();
    }
    const rows: Row[] = [];
    const roundLines: string[] = [];
    const list = (values: number[]) => values.map((value) => grouped(value)).join(', ');
    for (const kind of ['lifecycle', 'dtmf'] as const) {
      const ratios = pairedRatios(handler[kind], bare[kind]);
      const ratio = median(ratios);
      rows.push(
        {
          label: `(g) bare Ed25519 verify, ${DESCRIPTIONS[kind]}`,
          value: `${grouped(median(bare[kind]))}/s`,
        },
        {
          label: `(g) Telnyx webhookHandler, ${DESCRIPTIONS[kind]}`,
          value: `${grouped(median(handler[kind]))}/s`,
          relative: `${ratio.toFixed(2)}× bare verify (${range(ratios, (r) => r.toFixed(2))})`,
        },
      );
      roundLines.push(
        `(g) ${kind} webhooks per CPU-second: bare verify ${list(bare[kind])}; webhookHandler ${list(handler[kind])}`,
      );
    }
    const dialMedian = median(sustained);
    rows.push({
      label: `(g) Telnyx dials per second under a ${DIAL_LIMIT.perSecond}/s client limit (sustained, after the first window's burst)`,
      value: `${grouped(dialMedian, 1)}/s`,
      relative: `${(dialMedian / DIAL_LIMIT.perSecond).toFixed(3)}× the limit (${range(sustained, (r) => (r / DIAL_LIMIT.perSecond).toFixed(3))}); first ${DIAL_LIMIT.perSecond} in ${grouped(median(burst))} ms`,
    });
    roundLines.push(
      `(g) dials/s reaching the emulator after the first window: ${list(sustained)}; first window's ${DIAL_LIMIT.perSecond} dials answered in ${list(burst)} ms; all ${dials} in ${list(total)} ms`,
    );
    const verifyUs = 1e6 / median(bare.lifecycle);
    const handlerUs = 1e6 / median(handler.lifecycle);
    return {
      id: 'telnyx',
      title: 'Telnyx',
      rows,
      rounds: roundLines,
      notes: [
        `Ed25519 verification dominates a Telnyx webhook: ${verifyUs.toFixed(1)} µs of the handler's ${handlerUs.toFixed(1)} µs for one that changes a call (the rest is the size and timestamp checks, \`JSON.parse\`, the envelope check, dedupe by event id, the tracker and the streams). The dial rate is the limiter's, as intended: it holds the client to the configured rate (the emulator's own limit is set far above it), so a burst waits locally instead of collecting 429 \`90103\` answers.`,
      ],
      method: `**(g)** Telnyx webhooks are v2 envelopes (\`data.record_type\`, \`event_type\`, \`id\`, \`occurred_at\`, \`payload\` with the leg's ids, \`meta\`) as the Telnyx emulator emits them, signed as it signs them (Ed25519 over \`<telnyx-timestamp>|<raw body>\`, base64 in \`telnyx-signature-ed25519\`), pre-built before each timing: ${grouped(webhooks)} per round of whole incoming calls (\`call.initiated\` incoming, \`call.answered\`, \`call.hangup\`), and ${grouped(webhooks)} \`call.dtmf.received\` on 10 live calls. They go through \`client.webhookHandler\` (raw \`Buffer\` body, header record, as the Node listener hands them over) of a connected client subscribed to \`events$\` and \`calls$\`; every answer must be 200 and every webhook must yield an event. The baseline is \`crypto.verify\` of the same signed messages in the same round. Rates are per CPU-second of the process. Dials: ${grouped(dials)} \`client.dial()\` at once against a fresh Telnyx emulator (fast timing, its dial limit far above the client's), the client's limiter set to ${DIAL_LIMIT.perSecond}/s over ${DIAL_LIMIT.windowMs} ms (so the first ${DIAL_LIMIT.perSecond} start at once); the sustained rate is the dials after that first window divided by the time between the first and the last dial reaching the emulator (its request log), so it is the limiter's pace, free of the answers' latency; the time until the first window's dials were all answered is shown beside it.`,
    };
  },
};
