import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { scenario, startTelnyxEmulator, type TelnyxEmulator } from '@callstream/emulator';
import { createTelnyxClient, type TelnyxClient } from '@callstream/telnyx';
import Telnyx from 'telnyx';
import type { ContractFixture, ContractHarness, RemoteBehaviour } from '../harness';

/** How long the webhook receiver stays down after `dropConnections()`. */
const OUTAGE_MS = 300;

/** The Telnyx client against the Telnyx emulator, through an injected official SDK instance. */
export const telnyxHarness: ContractHarness = {
  backend: 'telnyx',
  // No link to lose: webhooks sent during the outage are lost, and the status check after the
  // hangup (reconcile.graceMs) finds the leg ended (`hangup`) or unknown (`not-found`).
  afterDrop: ['hangup', 'not-found'],
  async start() {
    return telnyxFixture(await startTelnyxEmulator({ timing: 'fast' }));
  },
  exitProbe(fixture) {
    const { emulator } = fixture as TelnyxFixture;
    return {
      module: fileURLToPath(new URL('./telnyxProbe.ts', import.meta.url)),
      config: {
        apiBase: emulator.apiBase,
        httpUrl: emulator.httpUrl,
        apiKey: emulator.apiKey,
        connectionId: emulator.connectionId,
        publicKey: emulator.publicKey,
      },
    };
  },
};

interface TelnyxFixture extends ContractFixture {
  readonly emulator: TelnyxEmulator;
}

/** Requests held before they are sent, until released or failed like a dropped connection. */
class RequestGate {
  private holding = false;
  private held: Array<{ resume: () => void; fail: (error: Error) => void }> = [];

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (this.holding) {
      await new Promise<void>((resume, fail) => this.held.push({ resume, fail }));
    }
    return fetch(input, init);
  };

  hold(): () => void {
    this.holding = true;
    return () => {
      this.holding = false;
      for (const request of this.held.splice(0)) request.resume();
    };
  }

  /** Fails every held request as a reset connection would (`fetch failed`). */
  drop(): void {
    for (const request of this.held.splice(0)) request.fail(new TypeError('fetch failed'));
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The application's webhook URL: hands every webhook (raw body, headers) to every client of the
 * fixture, as several processes behind one URL would see them; a client ignores legs it does not
 * know. While `down`, connections are destroyed (the emulator retries, then gives up).
 */
async function startReceiver(clients: readonly TelnyxClient[]) {
  let downUntil = 0;
  const server: Server = createServer(async (req, res) => {
    if (Date.now() < downUntil) {
      req.socket.destroy();
      return;
    }
    const body = await readBody(req).catch(() => undefined);
    if (body === undefined) return;
    const answers = clients.map((client) => client.webhookHandler({ body, headers: req.headers }));
    const answer = answers.find((item) => item.status === 200) ?? answers[0];
    res.writeHead(answer?.status ?? 503, answer?.headers ?? {});
    res.end(answer?.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/telnyx`,
    down(ms: number) {
      downUntil = Date.now() + ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function telnyxFixture(emulator: TelnyxEmulator): Promise<TelnyxFixture> {
  const clients: TelnyxClient[] = [];
  const gate = new RequestGate();
  const receiver = await startReceiver(clients);
  emulator.setWebhookUrl(receiver.url);
  return {
    emulator,
    from: '+15551230000',
    client(options = {}) {
      const client = createTelnyxClient({
        telnyx: new Telnyx({
          apiKey: emulator.apiKey,
          baseURL: emulator.apiBase,
          fetch: gate.fetch,
          maxRetries: 0,
          logLevel: 'off',
        }),
        connectionId: emulator.connectionId,
        publicKey: emulator.publicKey,
        retry: { attempts: 5, initialDelayMs: 5, maxDelayMs: 20 },
        reconcile: { intervalMs: 1_000, graceMs: 200 },
        ...(options.incomingTimeoutMs === undefined
          ? {}
          : { incomingTimeoutMs: options.incomingTimeoutMs }),
      });
      clients.push(client);
      return client;
    },
    target(behaviour: RemoteBehaviour) {
      return scenario[behaviour]();
    },
    digitsTarget(digits) {
      return scenario.pressDigits(digits);
    },
    async ringIn(from) {
      await emulator.simulateInbound({ from });
    },
    async remoteHangup(callId) {
      emulator.remote.hangup(callId);
    },
    async remoteDigits(callId, digits) {
      emulator.remote.pressDigits(callId, digits);
    },
    digitsReceived(callId) {
      return emulator.call(callId)?.sentDigits ?? '';
    },
    async dropConnections() {
      receiver.down(OUTAGE_MS);
      gate.drop();
    },
    holdReplies() {
      return gate.hold();
    },
    liveCalls() {
      return emulator.calls().length;
    },
    async [Symbol.asyncDispose]() {
      await Promise.all(clients.map((client) => client.close()));
      await receiver.close();
      await emulator.close();
    },
  };
}
