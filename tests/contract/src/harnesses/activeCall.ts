import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  type ActiveCallClient,
  type ActiveCallClientOptions,
  createActiveCallClient,
} from '@callstream/active-call';
import { type ActiveCallEmulator, scenario, startActiveCallEmulator } from '@callstream/emulator';
import type { ContractFixture, ContractHarness, RemoteBehaviour } from '../harness';

/** RustPBX Active Call: one socket per call, offers by webhook, against its emulator. */
export const activeCallHarness: ContractHarness = {
  backend: 'active-call',
  // A call's socket dropping ends that call: nothing reconnects (a new socket is a new call).
  afterDrop: ['connection-lost'],
  // dial() resolves on the answer and rejects, naming the call, when there is none.
  dialWaitsForAnswer: true,
  async start() {
    const emulator = await startActiveCallEmulator({ timing: 'fast' });
    return activeCallFixture(emulator, await webhookReceiver());
  },
  exitProbe(fixture) {
    const { emulator } = fixture as ActiveCallFixture;
    return {
      module: fileURLToPath(new URL('./activeCallProbe.ts', import.meta.url)),
      config: { endpoint: emulator.wsUrl },
    };
  },
};

/** The contract fixture of Active Call, with its emulator. */
export interface ActiveCallFixture extends ContractFixture {
  readonly emulator: ActiveCallEmulator;
  /** Its webhook receiver; every client of the fixture is in `receiver.clients`. */
  readonly receiver: Receiver;
}

/** One webhook URL for the fixture, handing every POST to every client it created. */
export interface Receiver {
  readonly url: string;
  readonly clients: ActiveCallClient[];
  close(): Promise<void>;
}

/** Starts the fixture's webhook receiver on 127.0.0.1, port 0. */
export async function webhookReceiver(): Promise<Receiver> {
  const clients: ActiveCallClient[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      void Promise.allSettled(clients.map((client) => client.handleWebhook(body))).then(
        (results) => {
          const taken = results.some((result) => result.status === 'fulfilled');
          response.writeHead(taken ? 200 : 503, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ message: taken ? 'OK' : 'no client' }));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    clients,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The contract fixture over a running emulator and receiver; `create` makes its clients (the
 * fault fixture's have fast failure timing). Disposing it closes every client, then both servers.
 */
export function activeCallFixture(
  emulator: ActiveCallEmulator,
  receiver: Receiver,
  create: (options: ActiveCallClientOptions) => ActiveCallClient = createActiveCallClient,
): ActiveCallFixture {
  const inbound: Promise<unknown>[] = [];
  return {
    emulator,
    receiver,
    from: '+15551230000',
    client(options = {}) {
      const client = create({
        endpoint: emulator.wsUrl,
        ...(options.incomingTimeoutMs === undefined
          ? {}
          : { acceptTimeoutMs: options.incomingTimeoutMs }),
      });
      receiver.clients.push(client);
      return client;
    },
    target(behaviour: RemoteBehaviour) {
      return scenario[behaviour]();
    },
    digitsTarget(digits) {
      return scenario.pressDigits(digits);
    },
    async ringIn(from) {
      const result = await emulator.simulateInbound({
        caller: `sip:${from}@127.0.0.1`,
        webhookUrl: receiver.url,
      });
      inbound.push(Promise.resolve(result));
      if (!result.delivered) throw new Error(`the webhook was not taken: ${result.error ?? ''}`);
    },
    async remoteHangup(callId) {
      emulator.remote.hangup(callId);
    },
    async remoteDigits(callId, digits) {
      emulator.remote.pressDigits(callId, digits);
    },
    digitsReceived() {
      // The protocol has no DTMF send: nothing ever reaches the remote party.
      return '';
    },
    async dropConnections() {
      emulator.faults.dropSessions();
    },
    holdReplies() {
      // Nothing is read any more: a hangup waits for a close that does not come.
      emulator.faults.stallSessions();
      return () => emulator.faults.reset();
    },
    liveCalls() {
      const stats = emulator.stats();
      return stats.sessions + stats.pendingInbound;
    },
    async [Symbol.asyncDispose]() {
      await Promise.all(receiver.clients.map((client) => client.close()));
      await receiver.close();
      await emulator.close();
      await Promise.allSettled(inbound);
    },
  };
}
