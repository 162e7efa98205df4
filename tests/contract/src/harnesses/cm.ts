import { fileURLToPath } from 'node:url';
import { createClient } from '@callstream/core';
import { DEFAULT_DIDS, type Emulator, scenario, startEmulator } from '@callstream/emulator';
import type { ContractFixture, ContractHarness, RemoteBehaviour } from '../harness';

const DID = DEFAULT_DIDS[0] ?? '+18005550100';
let clients = 0;

/** The Call Manager client against the CM emulator. */
export const cmHarness: ContractHarness = {
  backend: 'cm',
  // Calls outlive a dropped socket; after the reconnect no event confirms them: `stale`.
  afterDrop: ['stale', 'connection-lost'],
  async start() {
    return cmFixture(await startEmulator({ timing: 'fast', orphanGraceMs: 60_000 }));
  },
  exitProbe(fixture) {
    const { emulator } = fixture as CmFixture;
    return {
      module: fileURLToPath(new URL('./cmProbe.ts', import.meta.url)),
      config: { url: emulator.wsUrl, token: emulator.token, appId: emulator.appIds[0] },
    };
  },
};

interface CmFixture extends ContractFixture {
  readonly emulator: Emulator;
}

function cmFixture(emulator: Emulator): CmFixture {
  const created: Array<{ close(): Promise<void> }> = [];
  // simulateInbound settles with the lookup's outcome, i.e. after the offer was answered.
  const lookups: Promise<unknown>[] = [];
  return {
    emulator,
    from: '+15551230000',
    client(options = {}) {
      clients += 1;
      const client = createClient({
        url: emulator.wsUrl,
        authToken: emulator.token,
        clientId: `contract-${process.pid}-${clients}`,
        appId: emulator.appIds[0] ?? '',
        subscribeNumbers: [DID],
        reconnect: { initialDelayMs: 10, maxDelayMs: 50, random: () => 1 },
        staleCallTimeoutMs: 300,
        ...(options.incomingTimeoutMs === undefined
          ? {}
          : { incomingTimeoutMs: options.incomingTimeoutMs }),
      });
      created.push(client);
      return client;
    },
    target(behaviour: RemoteBehaviour) {
      return scenario[behaviour]();
    },
    digitsTarget(digits) {
      return scenario.pressDigits(digits);
    },
    async ringIn(from) {
      lookups.push(emulator.simulateInbound({ did: DID, from }));
    },
    async remoteHangup(callId) {
      emulator.remote.hangup(callId);
    },
    async remoteDigits(callId, digits) {
      emulator.remote.pressDigits(callId, digits);
    },
    digitsReceived(callId) {
      return emulator
        .frames()
        .filter(({ frame }) => frame.action === 'send_dtmf' && frame.callid === callId)
        .map(({ frame }) => String(frame.digits))
        .join('');
    },
    async dropConnections() {
      emulator.faults.dropClients();
    },
    holdReplies() {
      emulator.faults.delayReplies(60_000);
      return () => emulator.faults.delayReplies(null);
    },
    liveCalls() {
      return emulator.calls().length;
    },
    async [Symbol.asyncDispose]() {
      await Promise.all(created.map((client) => client.close()));
      await emulator.close();
      await Promise.allSettled(lookups);
    },
  };
}
