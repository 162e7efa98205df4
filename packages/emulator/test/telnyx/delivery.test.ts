import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { type EmulatorLogger, FAST_TELNYX_TIMING, scenario, silentLogger } from '../../src/index';
import { fastTelnyx, IDLE, sdkFor, until, WebhookReceiver } from './helpers';

const FROM = '+15551230000';

/** A port on which nothing listens (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no address');
  return address.port;
}

describe('webhook delivery', () => {
  it('delivers each call’s events in order, with increasing occurred_at, across concurrent calls', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const client = sdkFor(telnyx);
    const ids = await Promise.all(
      [scenario.remoteHangup(5), scenario.pressDigits('4711'), scenario.busy()].map(async (to) => {
        const dialed = await client.calls.dial({
          connection_id: telnyx.connectionId,
          to,
          from: FROM,
        });
        return dialed.data!.call_control_id;
      }),
    );
    await receiver.waitForEvent(ids[0]!, 'call.hangup');
    await receiver.waitForEvent(ids[2]!, 'call.hangup');
    expect(receiver.typesFor(ids[0]!)).toEqual(['call.initiated', 'call.answered', 'call.hangup']);
    expect(receiver.typesFor(ids[2]!)).toEqual(['call.initiated', 'call.hangup']);
    await until(() => receiver.forCall(ids[1]!).length === 6);
    expect(receiver.typesFor(ids[1]!)).toEqual([
      'call.initiated',
      'call.answered',
      ...Array(4).fill('call.dtmf.received'),
    ]);
    expect(
      receiver
        .forCall(ids[1]!)
        .map((w) => w.payload.digit)
        .join(''),
    ).toBe('4711');
    for (const id of ids) {
      const stamps = receiver.forCall(id).map((w) => JSON.parse(w.raw).data.occurred_at as string);
      expect(stamps.every((stamp) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(stamp))).toBe(
        true,
      );
      expect([...stamps].sort()).toEqual(stamps);
    }
  });

  it('retries non-2xx with exponential backoff, holding the call’s later events until then', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver, {
      timing: { ...FAST_TELNYX_TIMING, webhookRetryMs: 40 },
    });
    let failures = 2;
    receiver.respondWith((webhook) =>
      webhook.eventType === 'call.initiated' && failures-- > 0 ? 500 : 200,
    );
    const client = sdkFor(telnyx);
    const dialed = await client.calls.dial({
      connection_id: telnyx.connectionId,
      to: scenario.remoteHangup(5),
      from: FROM,
    });
    const id = dialed.data!.call_control_id;
    await receiver.waitForEvent(id, 'call.hangup', 5000);
    expect(receiver.forCall(id).map((w) => [w.eventType, w.attempt])).toEqual([
      ['call.initiated', 1],
      ['call.initiated', 2],
      ['call.initiated', 3],
      ['call.answered', 1],
      ['call.hangup', 1],
    ]);
    await until(() => telnyx.stats().queuedWebhooks === 0);
    const initiated = telnyx.deliveries().filter((d) => d.eventType === 'call.initiated');
    expect(initiated.map((d) => [d.attempt, d.outcome, d.status])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'delivered', 200],
    ]);
    expect(new Set(initiated.map((d) => d.eventId)).size).toBe(1);
    const gaps = initiated.slice(1).map((d, index) => d.at - (initiated[index]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(38);
    expect(gaps[1]).toBeGreaterThanOrEqual(78);
  });

  it('gives up after webhookAttempts (timeouts and refused connections count), then moves on', async () => {
    const warnings: string[] = [];
    const logger: EmulatorLogger = { ...silentLogger, warn: (message) => warnings.push(message) };
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver, {
      webhookAttempts: 2,
      webhookTimeoutMs: 50,
      logger,
    });
    receiver.respondWith((webhook) =>
      webhook.eventType === 'call.initiated' ? new Promise<number>(() => {}) : 200,
    );
    const inbound = await telnyx.simulateInbound({ cancelAfterMs: 5 });
    await receiver.waitForEvent(inbound.callControlId, 'call.hangup');
    await until(() => telnyx.stats().queuedWebhooks === 0);
    expect(telnyx.deliveries().map((d) => [d.eventType, d.outcome])).toEqual([
      ['call.initiated', 'timeout'],
      ['call.initiated', 'timeout'],
      ['call.hangup', 'delivered'],
    ]);
    expect(warnings).toContain('webhook given up');

    const port = await closedPort();
    telnyx.setWebhookUrl(`http://127.0.0.1:${port}/gone`);
    await telnyx.simulateInbound({ cancelAfterMs: 5 });
    await until(() => telnyx.deliveries().filter((d) => d.outcome === 'error').length === 4);
    await until(() => telnyx.stats().queuedWebhooks === 0 && telnyx.stats().timers === 0);
    expect(telnyx.stats()).toEqual(IDLE);
  });

  it('duplicates: the same body and event id arrive twice', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    telnyx.faults.duplicateWebhooks(1);
    const inbound = await telnyx.simulateInbound({ cancelAfterMs: 5 });
    await receiver.waitForEvent(inbound.callControlId, 'call.hangup');
    expect(receiver.typesFor(inbound.callControlId)).toEqual([
      'call.initiated',
      'call.initiated',
      'call.hangup',
    ]);
    const [first, second] = receiver.received;
    expect(second?.raw).toBe(first?.raw);
    expect(second?.headers['telnyx-signature-ed25519']).toBe(
      first?.headers['telnyx-signature-ed25519'],
    );
    await until(() => telnyx.deliveries().length === 3);
    expect(telnyx.deliveries().map((d) => d.fault)).toEqual([undefined, 'duplicate', undefined]);
  });

  it('reorders: a call’s event arrives after the one that followed it', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    telnyx.faults.reorderWebhooks(1);
    const client = sdkFor(telnyx);
    const dialed = await client.calls.dial({
      connection_id: telnyx.connectionId,
      to: scenario.remoteHangup(30),
      from: FROM,
    });
    const id = dialed.data!.call_control_id;
    await receiver.waitForEvent(id, 'call.hangup');
    expect(receiver.typesFor(id)).toEqual(['call.answered', 'call.initiated', 'call.hangup']);
    await until(() => telnyx.deliveries().length === 3);
    expect(telnyx.deliveries().find((d) => d.eventType === 'call.initiated')?.fault).toBe(
      'reordered',
    );
  });

  it('a reorder with nothing to swap with is sent after reorderHoldMs', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver, { reorderHoldMs: 30 });
    telnyx.faults.reorderWebhooks(1);
    const started = Date.now();
    const inbound = await telnyx.simulateInbound();
    await receiver.waitForEvent(inbound.callControlId, 'call.initiated');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('drops: the webhook never arrives and is logged as dropped', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    telnyx.faults.dropWebhooks(1);
    const inbound = await telnyx.simulateInbound({ cancelAfterMs: 5 });
    await receiver.waitForEvent(inbound.callControlId, 'call.hangup');
    expect(receiver.typesFor(inbound.callControlId)).toEqual(['call.hangup']);
    await until(() => telnyx.deliveries().length === 2);
    expect(telnyx.deliveries()[0]).toMatchObject({
      eventType: 'call.initiated',
      outcome: 'dropped',
      fault: 'dropped',
    });
  });

  it('delays: the first webhook waits, and the call’s next one waits behind it', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    telnyx.faults.delayWebhooks(80, 1);
    const started = Date.now();
    const inbound = await telnyx.simulateInbound({ cancelAfterMs: 5 });
    await receiver.waitForEvent(inbound.callControlId, 'call.initiated');
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    await receiver.waitForEvent(inbound.callControlId, 'call.hangup');
    expect(receiver.typesFor(inbound.callControlId)).toEqual(['call.initiated', 'call.hangup']);
    expect(() => telnyx.faults.delayWebhooks(-1)).toThrow(/ms must be/);
    expect(() => telnyx.faults.dropWebhooks(1.5)).toThrow(/count must be/);
  });

  it('bounds the queue: beyond maxQueuedWebhooks events are dropped as overflow, and it drains to zero', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver, { maxQueuedWebhooks: 3 });
    let release: (status: number) => void = () => {};
    const gate = new Promise<number>((resolve) => {
      release = resolve;
    });
    receiver.respondWith(() => gate);
    for (let index = 0; index < 5; index += 1) await telnyx.simulateInbound();
    await until(() => telnyx.deliveries().filter((d) => d.outcome === 'overflow').length === 2);
    expect(telnyx.stats()).toMatchObject({ calls: 5, queuedWebhooks: 3, inFlightWebhooks: 3 });
    release(200);
    await until(() => telnyx.stats().queuedWebhooks === 0);
    expect(telnyx.deliveries().filter((d) => d.outcome === 'delivered')).toHaveLength(3);
  });

  it('logs events without a URL as no-url, honours a dial’s webhook_url, and caps the log', async () => {
    await using other = await WebhookReceiver.start('/per-call');
    await using telnyx = await fastTelnyx(undefined, { maxDeliveryLog: 2 });
    await telnyx.simulateInbound({ cancelAfterMs: 1 });
    await until(() => telnyx.deliveries().length === 2);
    expect(telnyx.deliveries().map((d) => d.outcome)).toEqual(['no-url', 'no-url']);
    const client = sdkFor(telnyx);
    const dialed = await client.calls.dial({
      connection_id: telnyx.connectionId,
      to: scenario.busy(),
      from: FROM,
      webhook_url: other.url,
    });
    const hangup = await other.waitForEvent(dialed.data!.call_control_id, 'call.hangup');
    expect(JSON.parse(hangup.raw).meta).toEqual({ attempt: 1, delivered_to: other.url });
    await until(() => telnyx.deliveries().at(-1)?.eventType === 'call.hangup');
    expect(telnyx.deliveries().map((d) => [d.eventType, d.outcome])).toEqual([
      ['call.initiated', 'delivered'],
      ['call.hangup', 'delivered'],
    ]);
  });
});
