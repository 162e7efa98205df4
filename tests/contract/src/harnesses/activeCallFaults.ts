import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type ActiveCallClientOptions, createActiveCallClient } from '@callstream/active-call';
import { scenario, startActiveCallEmulator } from '@callstream/emulator';
import type {
  DeliveryFault,
  FaultClientOptions,
  FaultFixture,
  FaultHarness,
  ReplayKind,
} from '../harness';
import { next } from '../streams';
import {
  type ActiveCallFixture,
  activeCallFixture,
  activeCallHarness,
  webhookReceiver,
} from './activeCall';

/**
 * Fast failure timing of the matrix's clients: Node pings every 30 ms with a 120 ms deadline, a
 * socket must open within 1 s, `hangup()` waits 1 s for the server's close before closing itself.
 */
export const FAULT_TIMING = {
  keepAlive: { pingIntervalMs: 30, pongTimeoutMs: 120 },
  openTimeoutMs: 1_000,
  commandTimeoutMs: 1_000,
  dialTimeoutMs: 3_000,
} as const satisfies Partial<ActiveCallClientOptions>;

/**
 * RustPBX Active Call in the fault matrix: one WebSocket per call, so a lost link is a lost call
 * (`connection-lost`) and nothing reconnects; offers come by webhook.
 */
export const activeCallFaultHarness: FaultHarness = {
  ...activeCallHarness,
  linkPerCall: true,
  async start() {
    const emulator = await startActiveCallEmulator({ timing: 'fast' });
    return activeCallFaultFixture(activeCallFixture(emulator, await webhookReceiver()));
  },
  faultProbe(fixture) {
    const { emulator } = fixture as ActiveCallFaultFixture;
    return {
      module: fileURLToPath(new URL('./activeCallProbe.ts', import.meta.url)),
      config: { endpoint: emulator.wsUrl, httpUrl: emulator.httpUrl },
    };
  },
};

interface ActiveCallFaultFixture extends FaultFixture, ActiveCallFixture {}

function activeCallFaultFixture(base: ActiveCallFixture): ActiveCallFaultFixture {
  const { emulator } = base;
  // The protocol has no client credentials; the secret every call carries is its SIP digest
  // password (`callOption.sip.password`, sent in each invite and accept), unique per fixture.
  const password = `sip-${randomBytes(12).toString('hex')}`;
  return Object.assign(base, {
    secrets: [password],
    faultClient(settings: FaultClientOptions = {}) {
      const client = createActiveCallClient({
        endpoint: emulator.wsUrl,
        ...FAULT_TIMING,
        callOption: { sip: { username: 'matrix', password, realm: '127.0.0.1' } },
        ...(settings.incomingTimeoutMs === undefined
          ? {}
          : { acceptTimeoutMs: settings.incomingTimeoutMs }),
        ...(settings.logger === undefined ? {} : { logger: settings.logger }),
      });
      base.receiver.clients.push(client);
      return client;
    },
    ringingTarget() {
      return scenario.answer(9999);
    },
    commandsReceived() {
      // A dial opens a socket before it sends anything: both count as reaching the server.
      const { sessions, frames } = emulator.received();
      return sessions + frames;
    },
    dropEvents() {
      emulator.faults.dropEvents('all');
      return () => emulator.faults.dropEvents(0);
    },
    async replayEvent(callId: string, kind: ReplayKind) {
      if (!emulator.faults.replayEvent(callId, kind)) {
        const live = emulator.sessions().find((session) => session.id === callId);
        if (live !== undefined && live.state !== 'ended') {
          throw new Error(`call ${callId} has no event to replay (${kind})`);
        }
        // Its call ended and its socket is closing or closed: no channel is left that could carry
        // an event of this call (the protocol's own guard against resurrection).
        return;
      }
      // A barrier on the same socket: the server answers `history` with `addHistory` after the
      // replayed frame, so once that arrives the client has applied the replay.
      const client = base.receiver.clients.find((made) => made.getCall(callId) !== undefined);
      if (client === undefined) return;
      const session = client.session(callId);
      const marker = `barrier-${randomBytes(6).toString('hex')}`;
      const passed = next(session.on('addHistory'), (event) => event.text === marker, 'a barrier');
      await session.history('matrix', marker);
      await passed;
    },
    deliveryFaults(kind: DeliveryFault) {
      // Events of a call travel in order on its one socket: a server may be slow, but it cannot
      // deliver an event twice or out of order.
      if (kind !== 'delay') return undefined;
      emulator.faults.delayEvents(40);
      return () => emulator.faults.delayEvents(null);
    },
    halfOpen() {
      emulator.faults.stallSessions();
      return () => emulator.faults.reset();
    },
    restart() {
      return emulator.restart();
    },
    async outage(ms: number, during?: () => Promise<unknown>) {
      // Down for `ms` and until `during` settled, so what it does always meets the outage.
      const running = during?.();
      await emulator.outage(ms, running);
      await running;
    },
  });
}
