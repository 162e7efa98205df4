import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type CallstreamClient, type ClientOptions, createClient } from '@callstream/core';
import {
  DEFAULT_DIDS,
  type Emulator,
  type EmulatorOptions,
  scenario,
  startEmulator,
} from '@callstream/emulator';
import type {
  ContractClientOptions,
  FaultClientOptions,
  FaultFixture,
  FaultHarness,
  RemoteBehaviour,
  ReplayKind,
} from '../harness';

const DID = DEFAULT_DIDS[0] ?? '+18005550100';
let clients = 0;

/** The longest reconnect delay of the matrix's clients. */
const MAX_BACKOFF_MS = 50;

/** The Call Manager client against the CM emulator (contract suite and fault matrix). */
export const cmHarness: FaultHarness = {
  backend: 'cm',
  // Calls outlive a dropped socket; after the reconnect no event confirms them: `stale`.
  afterDrop: ['stale', 'connection-lost'],
  async start() {
    // A token of its own per fixture, so the secrets check searches for something unique.
    const token = `Basic ${randomBytes(18).toString('base64')}`;
    const options: EmulatorOptions = { timing: 'fast', orphanGraceMs: 60_000, token };
    return cmFixture(await startEmulator(options));
  },
  exitProbe(fixture) {
    const { emulator } = fixture as CmFixture;
    return {
      module: fileURLToPath(new URL('./cmProbe.ts', import.meta.url)),
      config: { url: emulator.wsUrl, token: emulator.token, appId: emulator.appIds[0] },
    };
  },
  faultProbe(fixture) {
    const { emulator } = fixture as CmFixture;
    return {
      module: fileURLToPath(new URL('./cmProbe.ts', import.meta.url)),
      config: {
        url: emulator.wsUrl,
        httpUrl: emulator.httpUrl,
        token: emulator.token,
        appId: emulator.appIds[0],
      },
    };
  },
};

interface CmFixture extends FaultFixture {
  readonly emulator: Emulator;
}

function cmFixture(emulator: Emulator): CmFixture {
  const created: CallstreamClient[] = [];
  // simulateInbound settles with the lookup's outcome, i.e. after the offer was answered.
  const lookups: Promise<unknown>[] = [];
  const rtcToken = `rtc-${randomBytes(12).toString('hex')}`;

  function client(overrides: Partial<ClientOptions>, settings: ContractClientOptions) {
    clients += 1;
    const made = createClient({
      url: emulator.wsUrl,
      authToken: emulator.token,
      clientId: `contract-${process.pid}-${clients}`,
      appId: emulator.appIds[0] ?? '',
      subscribeNumbers: [DID],
      reconnect: { initialDelayMs: 10, maxDelayMs: MAX_BACKOFF_MS, random: () => 1 },
      staleCallTimeoutMs: 300,
      ...(settings.incomingTimeoutMs === undefined
        ? {}
        : { incomingTimeoutMs: settings.incomingTimeoutMs }),
      ...overrides,
    });
    created.push(made);
    return made;
  }

  return {
    emulator,
    from: '+15551230000',
    get secrets() {
      return [emulator.token.replace(/^Basic /, ''), rtcToken];
    },
    client(settings = {}) {
      return client({}, settings);
    },
    faultClient(settings: FaultClientOptions = {}) {
      return client(
        {
          keepAlive: { pingIntervalMs: 30, pongTimeoutMs: 120 },
          hangupGraceMs: 300,
          commandTimeoutMs: 3_000,
          // Every accept and dial carries an RTC token, so the secrets check covers one.
          media: ({ callId }) => ({
            channel: `fault-${callId ?? randomBytes(6).toString('hex')}`.slice(0, 64),
            uid: 1 + Math.floor(Math.random() * 1_000_000),
            token: rtcToken,
          }),
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
    commandsReceived() {
      return emulator.frames().filter(({ frame }) => frame.action !== 'register').length;
    },
    dropEvents() {
      emulator.faults.dropEvents('all');
      return () => emulator.faults.dropEvents(0);
    },
    async replayEvent(callId: string, kind: ReplayKind) {
      const live = emulator.calls().some((leg) => leg.callid === callId);
      const event = kind === 'earlier' ? 'call_ringing' : live ? 'call_answered' : 'call_hangup';
      // Sent as a raw text frame: the emulator's own routing would refuse a leg it has forgotten.
      emulator.faults.sendMalformed(
        undefined,
        JSON.stringify({
          event,
          callid: callId,
          timestamp: Math.floor(Date.now() / 1000),
          direction: 'outbound',
          ...(event === 'call_hangup' ? { hangup_cause: 'NORMAL_CLEARING' } : {}),
        }),
      );
    },
    async revokeAuth() {
      emulator.faults.refuseRegistrations('unauthorized');
      emulator.faults.dropClients();
    },
    async restart() {
      await emulator.restart();
    },
    async outage(ms: number, during?: () => Promise<unknown>) {
      // Down for `ms` and until `during` settled, then back on the same port, empty.
      const running = during?.();
      await emulator.outage(ms, running);
      await running;
    },
    halfOpen() {
      emulator.faults.stallClients();
      return () => emulator.faults.reset();
    },
    maxBackoffMs: MAX_BACKOFF_MS,
    async [Symbol.asyncDispose]() {
      await Promise.all(created.map((made) => made.close()));
      await emulator.close();
      await Promise.allSettled(lookups);
    },
  };
}
