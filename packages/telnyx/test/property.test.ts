import type { CallState } from '@callstream/core';
import { CallEngine } from '@callstream/core/engine';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { TelnyxCall, TelnyxClient } from '../src';
import { TelnyxCallTracker } from '../src/tracker';
import { decodeWebhook } from '../src/webhook/decode';
import { signedHeaders, webhookClient } from './webhooks';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const RANK: Record<CallState, number> = {
  incoming: 0,
  ringing: 0,
  answered: 1,
  bridged: 2,
  unbridged: 2,
  hangup: 3,
};

const eventTypes = fc.oneof(
  { weight: 6, arbitrary: fc.constant('call.initiated') },
  { weight: 5, arbitrary: fc.constant('call.answered') },
  { weight: 3, arbitrary: fc.constant('call.bridged') },
  { weight: 2, arbitrary: fc.constant('call.hangup') },
  { weight: 4, arbitrary: fc.constant('call.dtmf.received') },
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'call.gather.ended',
      'call.speak.ended',
      'call.playback.ended',
      'call.recording.saved',
      'call.recording.error',
      'call.hold',
      'call.unhold',
      'call.machine.detection.ended',
      'call.refer.started',
      'streaming.started',
      'call_initiated',
      'something.new',
      '',
    ),
  },
);

/** Field values of the right type most of the time, and every wrong type sometimes. */
const junk = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.string({ maxLength: 12 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 8, arbitrary },
    { weight: 1, arbitrary: junk },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

const legIds = ['a', 'b', 'c', 'd', 'e', 'f'];
const payload = fc.record({
  call_control_id: maybe(fc.constantFrom(...legIds.map((id) => `v3:${id}`))),
  call_leg_id: maybe(fc.constantFrom(...legIds.map((id) => `leg-${id}`))),
  call_session_id: maybe(fc.constantFrom('s1', 's2')),
  connection_id: maybe(fc.constant('conn-1')),
  direction: maybe(fc.constantFrom('incoming', 'outgoing', 'inbound', 'sideways')),
  from: maybe(fc.constantFrom('+15551230000', 'sip:alice@example.test')),
  to: maybe(fc.constant('+15559870000')),
  client_state: maybe(fc.oneof(fc.base64String({ maxLength: 24 }), fc.string({ maxLength: 8 }))),
  hangup_cause: maybe(fc.constantFrom('normal_clearing', 'user_busy', 'timeout', 'weird')),
  hangup_source: maybe(fc.constantFrom('caller', 'callee', 'unknown')),
  digit: maybe(fc.constantFrom('1', '#', 'A', '12', 'x')),
  digits: maybe(fc.string({ maxLength: 6 })),
  status: maybe(fc.constantFrom('completed', 'valid', 'call_hangup')),
  result: maybe(fc.constantFrom('human', 'machine')),
  recording_urls: maybe(fc.dictionary(fc.constantFrom('mp3', 'wav'), fc.webUrl(), { maxKeys: 2 })),
});
/** `occurred_at` of the i-th webhook: mostly in order, sometimes early or late (reordering), sometimes junk. */
const occurredAt = (index: number) =>
  fc.oneof(
    {
      weight: 9,
      arbitrary: fc
        .integer({ min: -40, max: 40 })
        .map((jitter) => new Date(1_784_000_000_000 + index * 20 + jitter).toISOString()),
    },
    { weight: 1, arbitrary: junk },
  );
const data = (index: number) =>
  fc.record({
    record_type: fc.constant('event'),
    event_type: eventTypes,
    id: fc.oneof(
      { weight: 4, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.constantFrom('dup-1', 'dup-2') },
    ),
    occurred_at: occurredAt(index),
    payload: fc.oneof({ weight: 19, arbitrary: payload }, { weight: 1, arbitrary: junk }),
  });
/** A webhook body: mostly well formed, sometimes broken at the envelope. */
const bodyAt = (index: number) =>
  fc.oneof(
    {
      weight: 18,
      arbitrary: data(index).map((d) => JSON.stringify({ data: d, meta: { attempt: 1 } })),
    },
    { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  );
const body = bodyAt(0);
/** A sequence of `min`–`max` webhooks with mostly increasing `occurred_at`. */
const bodies = (min: number, max: number) =>
  fc
    .integer({ min, max })
    .chain((length) => fc.tuple(...Array.from({ length }, (_, index) => bodyAt(index))));

/** Checks what every subscriber may rely on in a `calls$` table. */
function checkTable(table: ReadonlyMap<string, TelnyxCall>): void {
  for (const [key, call] of table) {
    expect(call.callId).toBe(key);
    expect(Object.isFrozen(call)).toBe(true);
    expect(Object.isFrozen(call.details)).toBe(true);
    expect(Object.isFrozen(call.timestamps)).toBe(true);
    expect(call.state).not.toBe('hangup');
    expect(RANK[call.state]).toBeDefined();
    expect(call.details.callControlId).toBe(key);
  }
}

describe('property: the webhook decoder', () => {
  it('never throws and either decodes a v2 event or says why not (20,000 bodies)', () => {
    fc.assert(
      fc.property(body, (text) => {
        const decoded = decodeWebhook(text);
        if (typeof decoded === 'string') return;
        expect(decoded.eventType).toEqual(expect.any(String));
        expect(Number.isFinite(decoded.occurredAt)).toBe(true);
        expect(typeof decoded.payload).toBe('object');
      }),
      { numRuns: 20_000 },
    );
  }, 60_000);
});

describe('property: the reducer (tracker over the engine)', () => {
  it('never throws, never corrupts calls$, never moves a call back or brings an ended call back (24,000 webhooks)', () => {
    const seenTypes = new Map<string, number>();
    fc.assert(
      fc.property(bodies(40, 80), (sequence) => {
        const engine = new CallEngine<TelnyxCall>({
          logger: silent,
          incomingTimeoutMs: 60_000,
          staleCallTimeoutMs: 60_000,
          onRemoved: (call) => tracker.forget(call),
        });
        const tracker: TelnyxCallTracker = new TelnyxCallTracker(engine, {
          incomingTimeoutMs: 60_000,
          logger: silent,
          onBackendEvent: () => {},
        });
        const highest = new Map<string, number>();
        const removed = new Set<string>();
        const subscription = engine.calls$.subscribe((table) => {
          checkTable(table);
          for (const call of table.values()) {
            expect(removed.has(call.callId)).toBe(false);
            expect(RANK[call.state]).toBeGreaterThanOrEqual(highest.get(call.callId) ?? 0);
            highest.set(call.callId, RANK[call.state]);
          }
        });
        engine.events$.subscribe((event) => {
          expect(Object.isFrozen(event)).toBe(true);
          if (event.type === 'removed') removed.add(event.callId);
          seenTypes.set(event.type, (seenTypes.get(event.type) ?? 0) + 1);
        });
        const seen = new Set<string>();
        for (const text of sequence) {
          const decoded = decodeWebhook(text);
          if (typeof decoded === 'string' || seen.has(decoded.id)) continue;
          seen.add(decoded.id);
          tracker.apply(decoded);
        }
        engine.removeAll('client-closed');
        expect(engine.calls.size).toBe(0);
        expect(engine.timerCount).toBe(0);
        subscription.unsubscribe();
      }),
      { numRuns: 400 },
    );
    // The generator reaches every path: offers, answers, bridges, hangups, digits, Telnyx events.
    for (const type of [
      'incoming',
      'answered',
      'bridged',
      'hangup',
      'dtmf',
      'hold',
      'backend',
      'unknown',
    ]) {
      expect(seenTypes.get(type) ?? 0, type).toBeGreaterThan(10);
    }
  }, 60_000);
});

describe('property: signed webhooks through the public handler', () => {
  let client: TelnyxClient | undefined;
  afterEach(async () => {
    await client?.close();
  });

  it('answers every request with a status, never throws, keeps calls$ sound (2,000 webhooks)', async () => {
    const world = await webhookClient();
    client = world.client;
    const errors: string[] = [];
    world.client.errors$.subscribe((error) => errors.push(error.code));
    world.client.calls$.subscribe((table) => checkTable(table));
    fc.assert(
      fc.property(bodies(20, 20), fc.boolean(), (sequence, tamper) => {
        for (const text of sequence) {
          const headers = signedHeaders(world.keys, text);
          const answer = world.client.webhookHandler({ body: tamper ? `${text} ` : text, headers });
          expect([200, 400, 401]).toContain(answer.status);
          if (tamper) expect(answer.status).toBe(401);
        }
      }),
      { numRuns: 100 },
    );
    expect(errors.every((code) => code.startsWith('webhook-'))).toBe(true);
  }, 60_000);
});
