import type { CallSnapshot } from '@callstream/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ActiveCallClient,
  type ActiveCallClientEvent,
  createActiveCallClient,
  decodeEvent,
  EVENT_SPECS,
} from '../src/index';
import { FakeWebSocket } from './fakeWebSocket';

const NAMES = Object.keys(EVENT_SPECS);
const FIELDS = [
  'trackId',
  'timestamp',
  'sdp',
  'refer',
  'reason',
  'code',
  'earlyMedia',
  'initiator',
  'playId',
  'duration',
  'index',
  'text',
  'digit',
  'key',
  'sender',
  'error',
  'speaker',
  'onHold',
  'completed',
  'complete',
  'name',
  'extra',
  'from',
  'to',
];

/** Any JSON value, including the wrong types for every field. */
const value = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 3 }),
);

/** Plausible values for the fields the tracker reads, so valid events are common too. */
const plausible = fc.oneof(
  fc.constantFrom('s1', 'server-side-track', 'Some(ByCallee)', 'callee', 'caller', '1', '#', 'x'),
  fc.constantFrom(0, 1, 486, 603, 480, 503, 200),
  fc.boolean(),
);

/** A server frame: a catalogue event with random fields, an unknown event, or junk. */
const frameObject = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...NAMES),
        fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(plausible, value), { maxKeys: 6 }),
      )
      .map(([event, fields]) => ({ ...fields, event })),
  },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 5 }) },
  {
    weight: 1,
    arbitrary: fc.record({ event: fc.string({ maxLength: 10 }), x: value }),
  },
);

const text = fc.oneof(
  { weight: 8, arbitrary: frameObject.map((object) => JSON.stringify(object)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom('[]', 'null', '7', '""', '{', '{"event":') },
);

const frame = fc.oneof(
  { weight: 12, arbitrary: text },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 8 }).map((bytes) => bytes.slice().buffer as ArrayBuffer),
  },
);

describe('the decoder (property)', () => {
  it('never throws and only passes well-typed events, over 60,000 generated frames', () => {
    let frames = 0;
    fc.assert(
      fc.property(frameObject, (object) => {
        frames += 1;
        const decoded = decodeEvent(object as Record<string, unknown>);
        if (!decoded.ok) return typeof decoded.reason === 'string' && decoded.reason.length > 0;
        const { event } = decoded;
        expect(Object.isFrozen(event)).toBe(true);
        expect(typeof event.event).toBe('string');
        if (event.event === 'dtmf' && !('unknown' in event))
          expect(typeof event.digit).toBe('string');
        if (event.trackId !== undefined) expect(typeof event.trackId).toBe('string');
        if (event.timestamp !== undefined) expect(Number.isFinite(event.timestamp)).toBe(true);
        return true;
      }),
      { numRuns: 60_000 },
    );
    // With the pipeline's frames below, at least 100,000 generated frames per run (issue 11).
    expect(frames).toBeGreaterThanOrEqual(60_000);
  });
});

interface Run {
  readonly client: ActiveCallClient;
  readonly tables: Array<ReadonlyMap<string, CallSnapshot>>;
  readonly events: ActiveCallClientEvent[];
}

function start(): Run {
  const client = createActiveCallClient({
    endpoint: 'ws://fake.invalid:1',
    WebSocket: FakeWebSocket as never,
    keepAlive: false,
    acceptTimeoutMs: 60_000,
  });
  const tables: Array<ReadonlyMap<string, CallSnapshot>> = [];
  const events: ActiveCallClientEvent[] = [];
  client.calls$.subscribe((table) => tables.push(table));
  client.events$.subscribe((event) => events.push(event));
  return { client, tables, events };
}

describe('the reducer, through the whole client pipeline (property)', () => {
  it('never throws, never corrupts calls$, ends every call once, over 40,000 generated frames', async () => {
    let delivered = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(2), frame), { minLength: 110, maxLength: 130 }),
        fc.array(fc.constantFrom(1000, 1001, 1006, 4000), { minLength: 3, maxLength: 3 }),
        fc.boolean(),
        async (script, closeCodes, withOffer) => {
          FakeWebSocket.created.length = 0;
          const run = start();
          await run.client.connect();
          const settled: boolean[] = [];
          const dials = [0, 1].map((i) =>
            run.client.dial({ to: '+15550000000', from: 'sip:bot@x', id: `call-${i}` }).then(
              () => {
                settled[i] = true;
              },
              (error: unknown) => {
                expect((error as { code?: string }).code).toEqual(expect.any(String));
                settled[i] = true;
              },
            ),
          );
          if (withOffer) await run.client.handleWebhook({ event: 'invite', dialogId: 'call-2' });
          const accepting = withOffer
            ? run.client.accept('call-2').then(
                () => undefined,
                () => undefined,
              )
            : Promise.resolve();
          for (const socket of FakeWebSocket.created) socket.open();
          for (const [target, data] of script) {
            const socket = FakeWebSocket.created[target];
            if (!socket) continue;
            socket.deliver(data);
            delivered += 1;
          }
          FakeWebSocket.created.forEach((socket, i) => {
            socket.serverClose(closeCodes[i] ?? 1000);
          });
          await Promise.all([...dials, accepting]);
          expect(settled.filter(Boolean)).toHaveLength(2);
          // Invariants over everything subscribers saw.
          for (const table of run.tables) {
            for (const call of table.values()) {
              expect(Object.isFrozen(call)).toBe(true);
              expect(['incoming', 'ringing', 'answered']).toContain(call.state);
            }
          }
          const removals = run.events.filter((event) => event.type === 'removed');
          const ids = removals.map((event) => event.callId);
          expect(new Set(ids).size).toBe(ids.length);
          for (const event of run.events) expect(Object.isFrozen(event)).toBe(true);
          for (const event of removals) expect(event.call?.state).toBe('hangup');
          expect(run.client.activeCalls()).toEqual([]);
          expect(
            (run.client as unknown as { engine: { timerCount: number } }).engine.timerCount,
          ).toBe(0);
          await run.client.close();
        },
      ),
      { numRuns: 560 },
    );
    expect(delivered).toBeGreaterThanOrEqual(40_000);
  }, 120_000);
});
