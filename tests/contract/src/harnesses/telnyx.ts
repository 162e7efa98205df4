import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  scenario,
  startTelnyxEmulator,
  type TelnyxEmulator,
  type TelnyxEmulatorOptions,
} from '@callstream/emulator';
import {
  createTelnyxClient,
  type TelnyxClient,
  type TelnyxClientOptions,
} from '@callstream/telnyx';
import Telnyx from 'telnyx';
import type {
  ContractClientOptions,
  ContractFixture,
  DeliveryFault,
  FaultClientOptions,
  FaultFixture,
  FaultHarness,
  RemoteBehaviour,
  ReplayKind,
} from '../harness';
import { RequestGate, resignedAsNew, startReceiver } from './telnyxWire';

/** How long a fault client's call stays quiet before its status is checked. */
const STATUS_CHECK_MS = 500;

/** How long the webhook receiver stays down after `dropConnections()`. */
const OUTAGE_MS = 300;

/** The Telnyx client against the Telnyx emulator, through an injected official SDK instance. */
export const telnyxHarness: FaultHarness = {
  backend: 'telnyx',
  // No link to lose: webhooks sent during the outage are lost, and the status check after the
  // hangup (reconcile.graceMs) finds the leg ended (`hangup`) or unknown (`not-found`).
  afterDrop: ['hangup', 'not-found'],
  async start() {
    // A key of its own per fixture, so the secrets check searches for something unique; the
    // key pair is the harness's too, so a restart signs like before and replays can be re-signed.
    const options: TelnyxEmulatorOptions = {
      timing: 'fast',
      apiKey: `KEY${randomBytes(18).toString('hex')}`,
      keyPair: generateKeyPairSync('ed25519'),
      reorderHoldMs: 100,
    };
    return telnyxFixture(await startTelnyxEmulator(options), options);
  },
  exitProbe(fixture) {
    return { module: probeModule, config: probeConfig(fixture) };
  },
  faultProbe(fixture) {
    return { module: probeModule, config: probeConfig(fixture) };
  },
};

const probeModule = fileURLToPath(new URL('./telnyxProbe.ts', import.meta.url));

function probeConfig(fixture: ContractFixture) {
  const { emulator } = fixture as TelnyxFixture;
  return {
    apiBase: emulator.apiBase,
    httpUrl: emulator.httpUrl,
    apiKey: emulator.apiKey,
    connectionId: emulator.connectionId,
    publicKey: emulator.publicKey,
  };
}

interface TelnyxFixture extends FaultFixture {
  /** The emulator running now (a restart or an outage replaces it on the same port). */
  readonly emulator: TelnyxEmulator;
}

async function telnyxFixture(
  first: TelnyxEmulator,
  options: TelnyxEmulatorOptions,
): Promise<TelnyxFixture> {
  let emulator = first;
  const clients: TelnyxClient[] = [];
  const gate = new RequestGate();
  const receiver = await startReceiver(clients);
  emulator.setWebhookUrl(receiver.url);
  const privateKey = options.keyPair?.privateKey;
  if (privateKey === undefined) throw new Error('the Telnyx fault fixture needs its key pair');

  function client(overrides: Partial<TelnyxClientOptions>, settings: ContractClientOptions) {
    const made = createTelnyxClient({
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
      ...(settings.incomingTimeoutMs === undefined
        ? {}
        : { incomingTimeoutMs: settings.incomingTimeoutMs }),
      ...overrides,
    });
    clients.push(made);
    return made;
  }

  /** The emulator goes away (every call, queued webhook and log with it) and comes back. */
  async function replace(downMs: number, during?: () => Promise<unknown>): Promise<void> {
    const { port } = emulator;
    await emulator.close();
    // The outage itself is what is under test: nothing to await but its length (and `during`).
    await Promise.all([new Promise((resolve) => setTimeout(resolve, downMs)), during?.()]);
    emulator = await startTelnyxEmulator({ ...options, port, webhookUrl: receiver.url });
  }

  /** Deliveries of `callId` that reached the receiver, oldest first. */
  const delivered = (callId: string) =>
    emulator
      .deliveries()
      .filter(
        (entry) =>
          entry.callControlId === callId &&
          entry.outcome === 'delivered' &&
          entry.timestamp !== undefined &&
          entry.signature !== undefined,
      );

  return {
    get emulator() {
      return emulator;
    },
    from: '+15551230000',
    get secrets() {
      return [emulator.apiKey];
    },
    client(settings = {}) {
      return client({}, settings);
    },
    faultClient(settings: FaultClientOptions = {}) {
      return client(
        {
          commandTimeoutMs: 3_000,
          requestTimeoutMs: 1_000,
          // A forgotten call is found by the sweep within about a second.
          reconcile: { intervalMs: STATUS_CHECK_MS, graceMs: 100 },
          ...(settings.logger === undefined ? {} : { logger: settings.logger }),
        },
        settings,
      );
    },
    target(behaviour: RemoteBehaviour) {
      return scenario[behaviour]();
    },
    ringingTarget() {
      return scenario.answer(9999);
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
    commandsReceived() {
      // Status checks (GET) are the client's own; commands are everything else.
      return emulator.requests().filter((request) => request.method !== 'GET').length;
    },
    dropEvents() {
      emulator.faults.dropWebhooks('all');
      return () => emulator.faults.dropWebhooks(0);
    },
    async replayEvent(callId: string, kind: ReplayKind) {
      const history = delivered(callId);
      const entry = kind === 'duplicate' ? history.at(-1) : history[0];
      if (entry === undefined) throw new Error(`no webhook of ${callId} was delivered`);
      if (kind === 'duplicate') {
        // Byte for byte what Telnyx re-delivers: same body, same event id, same signature.
        receiver.dispatch(Buffer.from(entry.body, 'utf8'), {
          'content-type': 'application/json',
          'telnyx-timestamp': entry.timestamp,
          'telnyx-signature-ed25519': entry.signature,
        });
      } else {
        // The call's first event (call.initiated) again, as a new event that arrives late.
        const late = resignedAsNew(entry.body, privateKey);
        receiver.dispatch(late.body, late.headers);
      }
    },
    deliveryFaults(kind: DeliveryFault) {
      const { faults } = emulator;
      if (kind === 'duplicate') faults.duplicateWebhooks('all');
      else if (kind === 'delay') faults.delayWebhooks(40, 'all');
      else faults.reorderWebhooks('all');
      return () => faults.reset();
    },
    async revokeAuth() {
      emulator.faults.revokeApiKey();
    },
    statusCheckMs: STATUS_CHECK_MS,
    restart() {
      return replace(0);
    },
    outage(ms, during) {
      return replace(ms, during);
    },
    async [Symbol.asyncDispose]() {
      await Promise.all(clients.map((made) => made.close()));
      await receiver.close();
      await emulator.close();
    },
  };
}
