/**
 * (i) The Telnyx emulator's capacity, driven over its HTTP API as an application drives Telnyx:
 * `POST /v2/calls` to the answering scenario, then the call's `call.answered` webhook; then
 * `POST /v2/calls/{id}/actions/hangup`, then its `call.hangup` webhook. Plain `fetch` and an
 * HTTP webhook receiver in the main thread, the emulator in a worker thread.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type BackendEmulator,
  startBackendEmulator,
  tasksPerSecond,
  untilEmpty,
} from '../backendEmulator';
import type { BenchContext, BenchSection, Section } from '../section';
import { grouped, median } from '../stats';

/** The emulator's "answer" scenario number: rings, then answers (fast timing: a few ms). */
const ANSWERING = '+155501000000'; // scenario.answer() of @callstream/emulator
const FROM = '+15551230000';
const IN_FLIGHT = 100;

/** Waits for webhooks by `<event_type> <call_control_id>`; keeps those that came first. */
class WebhookWaiter {
  private readonly waiting = new Map<string, () => void>();
  private readonly early = new Set<string>();

  arrived(key: string): void {
    const resolve = this.waiting.get(key);
    if (resolve) {
      this.waiting.delete(key);
      resolve();
    } else {
      this.early.add(key);
    }
  }

  wait(key: string): Promise<void> {
    if (this.early.delete(key)) return Promise.resolve();
    return new Promise((resolve) => this.waiting.set(key, resolve));
  }
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The application's webhook endpoint: answers 200 and tells `waiter` what arrived. */
async function startReceiver(waiter: WebhookWaiter): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    bodyOf(request).then((text) => {
      response.writeHead(200).end();
      const { data } = JSON.parse(text) as {
        data: { event_type: string; payload: { call_control_id: string } };
      };
      waiter.arrived(`${data.event_type} ${data.payload.call_control_id}`);
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/telnyx/webhooks`, server };
}

interface Api {
  readonly base: string;
  readonly headers: Record<string, string>;
  readonly connectionId: string;
}

async function post(api: Api, path: string, body: object): Promise<Record<string, unknown>> {
  const response = await fetch(`${api.base}${path}`, {
    method: 'POST',
    headers: api.headers,
    body: JSON.stringify(body),
  });
  const reply = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(reply)}`);
  return reply;
}

/** Dials the answering number; resolves with the call's id once `call.answered` arrived. */
async function dial(api: Api, waiter: WebhookWaiter): Promise<string> {
  const reply = await post(api, '/calls', {
    connection_id: api.connectionId,
    to: ANSWERING,
    from: FROM,
  });
  const id = (reply.data as { call_control_id: string }).call_control_id;
  await waiter.wait(`call.answered ${id}`);
  return id;
}

async function hangUp(api: Api, waiter: WebhookWaiter, id: string): Promise<void> {
  const ended = waiter.wait(`call.hangup ${id}`);
  await post(api, `/calls/${encodeURIComponent(id)}/actions/hangup`, {});
  await ended;
}

export const telnyxEmulatorCapacitySection: BenchSection = {
  id: 'telnyx-emulator',
  async run(context: BenchContext): Promise<Section> {
    const { rounds, scale, progress } = context;
    const batch = scale(1_000);
    progress(`(i) Telnyx emulator: ${rounds} rounds of 2 × ${batch} calls answered`);
    const waiter = new WebhookWaiter();
    const receiver = await startReceiver(waiter);
    let emulator: BackendEmulator | undefined;
    const idle: number[] = [];
    const loaded: number[] = [];
    const perCall: number[] = [];
    const hangups: number[] = [];
    try {
      emulator = await startBackendEmulator({
        backend: 'telnyx',
        maxCalls: 2 * batch + IN_FLIGHT,
        webhookUrl: receiver.url,
      });
      const running = emulator;
      const api: Api = {
        base: running.ready.url,
        headers: {
          authorization: `Bearer ${running.ready.apiKey ?? ''}`,
          'content-type': 'application/json',
        },
        connectionId: running.ready.connectionId ?? '',
      };
      const setUp = (count: number, into: string[]) =>
        tasksPerSecond(count, IN_FLIGHT, async () => {
          into.push(await dial(api, waiter));
        });
      const endAll = (ids: readonly string[]) =>
        tasksPerSecond(ids.length, IN_FLIGHT, (index) => hangUp(api, waiter, ids[index] ?? ''));
      const warm: string[] = [];
      await setUp(scale(200), warm);
      await endAll(warm);
      await untilEmpty(running);
      for (let round = 0; round < rounds; round += 1) {
        const live: string[] = [];
        const before = (await running.stats()).heapUsed;
        idle.push(await setUp(batch, live));
        const held = await running.stats();
        perCall.push((held.heapUsed - before) / held.calls);
        loaded.push(await setUp(batch, live));
        const open = (await running.stats()).calls;
        if (open !== 2 * batch) throw new Error(`${2 * batch} calls answered, ${open} live`);
        hangups.push(await endAll(live));
        await untilEmpty(running);
      }
    } finally {
      await emulator?.stop();
      receiver.server.closeAllConnections();
      await new Promise((resolve) => receiver.server.close(resolve));
    }
    const rate = (values: number[], unit: string) => `${grouped(median(values))} ${unit}/s`;
    const list = (values: number[]) => values.map((value) => grouped(value)).join(', ');
    return {
      id: 'telnyx-emulator',
      title: 'Telnyx emulator capacity',
      rows: [
        {
          label:
            '(i) Telnyx emulator call setups (REST dial until the `call.answered` webhook), from no live calls',
          value: rate(idle, 'setups'),
        },
        {
          label: `(i) Telnyx emulator call setups, with ${grouped(batch)} calls live`,
          value: rate(loaded, 'setups'),
        },
        {
          label: `(i) Telnyx emulator concurrent calls held (${grouped(2 * batch)} live legs)`,
          value: `${grouped(median(perCall) / 1024, 1)} KiB heap per live call`,
          relative: `hangups ${rate(hangups, 'calls')}`,
        },
      ],
      rounds: [
        `(i) setups/s from no calls: ${list(idle)}; with ${grouped(batch)} live: ${list(loaded)}; hangups/s: ${list(hangups)}; heap per call: ${perCall.map((b) => grouped(b)).join(', ')} B`,
      ],
      notes: [
        `The Telnyx emulator set up ${rate(idle, 'setups')} (a \`POST /v2/calls\`, then the signed \`call.initiated\` and \`call.answered\` webhooks POSTed to the application) and held ${grouped(2 * batch)} answered legs at once (${rate(loaded, 'setups')} with ${grouped(batch)} already live); each live leg costs it about ${grouped(median(perCall) / 1024, 1)} KiB. Every setup is an API request and two webhook deliveries (Ed25519 signing each, at most 16 delivery sockets), so the emulator's webhook sender is most of its cost.`,
      ],
      method: `**(i)** The Telnyx emulator (built package, fast timing, its dial rate limit set far above the driver's pace, room for ${grouped(2 * batch + IN_FLIGHT)} legs) runs in a worker thread, its application webhook URL pointing at an HTTP receiver in the main thread; the driver is plain \`fetch\` against its REST API, not \`@callstream/telnyx\` (the client's own dial limiter would set the pace, see (g)): \`POST /v2/calls\` (\`connection_id\`, \`to\` the answering scenario number, \`from\`) until the call's \`call.answered\` webhook arrived, ${IN_FLIGHT} in flight; ${grouped(batch)} calls from none, then ${grouped(batch)} more while the first stay live; then \`POST /v2/calls/{id}/actions/hangup\` on each until its \`call.hangup\` webhook, and the emulator must report no leg left. The receiver answers 200 and reads \`event_type\` and \`call_control_id\`; it does not verify signatures (the emulator's signing is measured, not a client's verification). Heap: the worker's \`used_heap_size\` after full GCs, with ${grouped(batch)} calls live against none.`,
    };
  },
};
