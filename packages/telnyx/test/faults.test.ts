import { scenario, startTelnyxEmulator } from '@callstream/emulator';
import { describe, expect, it } from 'vitest';
import { createTelnyxClient, isTelnyxError, type TelnyxClientEvent } from '../src';
import { clientOptions, next, world } from './helpers';
import { fakeSdk, testKeys } from './webhooks';

/** Timers and sockets of this process (to check that a closed client left none). */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

const KINDS = ['Timeout', 'TCPSocketWrap', 'TCPServerWrap'];

/**
 * No more timers, sockets or servers than `before` (others' may have closed since). Sockets
 * close a few event-loop turns after their peer did, so this polls briefly.
 */
async function expectNothingLeft(before: Record<string, number>): Promise<void> {
  const left = () => KINDS.filter((kind) => (resources()[kind] ?? 0) > (before[kind] ?? 0));
  await until(() => left().length === 0, `resources to be released (${left().join(', ')})`).catch(
    () => undefined,
  );
  const after = resources();
  for (const kind of KINDS) expect(after[kind] ?? 0, kind).toBeLessThanOrEqual(before[kind] ?? 0);
}

/** Waits until `predicate` holds (polling the emulator, which has no event for it). */
async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !predicate(); waited += 10) {
    if (waited > 3_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('webhook faults leave calls$ correct', () => {
  it('duplicated webhooks: every event and digit once', async () => {
    await using w = await world();
    w.emulator.faults.duplicateWebhooks('all');
    const digits: string[] = [];
    w.client.dtmf$.subscribe((item) => digits.push(item.digits));
    const { callId } = await w.client.dial({
      to: scenario.pressDigits('2580'),
      from: '+15551230000',
    });
    await next(w.client.dtmf$, () => digits.length === 4, 'four digits');
    await w.client.hangup(callId);
    await w.log.removed(callId);
    expect(digits.join('')).toBe('2580');
    expect(w.log.types(callId)).toEqual([
      'initiated',
      'answered',
      'dtmf',
      'dtmf',
      'dtmf',
      'dtmf',
      'hangup',
      'removed',
    ]);
    expect(
      w.emulator.deliveries().filter((delivery) => delivery.fault === 'duplicate').length,
    ).toBeGreaterThan(4);
  });

  it('reordered webhooks: the call never moves backwards and still ends', async () => {
    await using w = await world();
    w.emulator.faults.reorderWebhooks('all');
    const states: string[] = [];
    const { callId } = await w.client.dial({ to: scenario.remoteHangup(20), from: '+15551230000' });
    w.client.call$(callId).subscribe((call) => states.push(call.state));
    const removed = await w.log.removed(callId);
    expect(['hangup']).toContain(removed.reason);
    const rank = { incoming: 0, ringing: 0, answered: 1, bridged: 2, unbridged: 2, hangup: 3 };
    const ranks = states.map((state) => rank[state as keyof typeof rank]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(w.client.activeCalls()).toEqual([]);
    expect(w.emulator.deliveries().some((delivery) => delivery.fault === 'reordered')).toBe(true);
  });

  it('delayed webhooks: a call.initiated that comes after the answer does not reset it', async () => {
    await using w = await world();
    w.emulator.faults.delayWebhooks(50, 1);
    const { callId } = await w.client.dial({ to: scenario.answer(), from: '+15551230000' });
    await w.log.reached(callId, 'answered');
    await w.client.hangup(callId);
    await w.log.removed(callId);
    expect(w.log.types(callId).filter((type) => type === 'answered')).toHaveLength(1);
  });

  it('dropped webhooks (ghost call): a call whose hangup never arrives is checked and leaves calls$', async () => {
    await using w = await world({ reconcile: { intervalMs: 100, graceMs: 50 } });
    const { callId } = await w.client.dial({ to: scenario.answer(), from: '+15551230000' });
    await w.log.reached(callId, 'answered');
    w.emulator.faults.dropWebhooks('all');
    w.emulator.remote.hangup(callId);
    const removed = await w.log.removed(callId);
    expect(removed.reason).toBe('hangup');
    expect(w.log.types(callId)).not.toContain('hangup');
    expect(w.emulator.requests().some((request) => request.action === 'retrieve_status')).toBe(
      true,
    );
  });

  it('dropped webhooks after our hangup: the grace check removes the call, the ended promise settles', async () => {
    await using w = await world({ reconcile: { intervalMs: 60_000, graceMs: 50 } });
    const { callId } = await w.client.dial({ to: scenario.answer(), from: '+15551230000' });
    await w.log.reached(callId, 'answered');
    w.emulator.faults.dropWebhooks('all');
    const result = await w.client.hangup(callId);
    expect((await result.ended).endReason).toBe('hangup');
  });

  it('a revoked key: failed status checks are reported once, not once per call and sweep', async () => {
    await using w = await world({ reconcile: { intervalMs: 30, graceMs: 30 } });
    for (let calls = 0; calls < 2; calls += 1) {
      const { callId } = await w.client.dial({ to: scenario.answer(), from: '+15551230000' });
      await w.log.reached(callId, 'answered');
    }
    w.emulator.faults.revokeApiKey();
    const refusedChecks = () =>
      w.emulator.requests().filter((request) => !request.authorized && request.method === 'GET');
    await until(() => refusedChecks().length >= 6, 'three sweeps over both calls');
    const unauthorized = () => w.log.errors.filter((error) => isTelnyxError(error, 'unauthorized'));
    expect(unauthorized()).toHaveLength(1);
    // A check that gets an answer ends the episode: the next failure is news again.
    w.emulator.faults.reset();
    const answered = w.emulator.requests().length;
    await until(
      () =>
        w.emulator
          .requests()
          .slice(answered)
          .some((request) => request.authorized),
      'an answered check',
    );
    w.emulator.faults.revokeApiKey();
    await until(() => unauthorized().length === 2, 'the second report');
  });

  it('an unclaimed offer that expires is rejected on Telnyx (the caller is not left parked)', async () => {
    await using w = await world({ incomingTimeoutMs: 50 });
    const offered = next(w.client.incoming$, () => true, 'an offer');
    const { callControlId } = await w.emulator.simulateInbound({});
    await offered;
    expect((await w.log.removed(callControlId)).reason).toBe('expired');
    await until(() => w.emulator.call(callControlId)?.state === 'ended', 'the reject');
    expect(w.emulator.requests().filter((request) => request.action === 'reject')).toHaveLength(1);
    expect(w.emulator.call(callControlId)?.hangupCause).toBe('call_rejected');
  });
});

describe('close() and connect() never leave anything behind', () => {
  it('close() during connect: connect rejects closed, nothing pending, no timer or socket left', async () => {
    const before = resources();
    const keys = testKeys();
    const fake = fakeSdk((method, args) =>
      method === 'listActiveCalls'
        ? new Promise((_resolve, reject) => {
            const { signal } = args[2] as { signal: AbortSignal };
            signal.addEventListener('abort', () =>
              reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
            );
          })
        : { data: {} },
    );
    const client = createTelnyxClient({
      telnyx: fake.sdk,
      connectionId: 'c',
      publicKey: keys.publicKey,
      webhook: { listen: { port: 0 } },
    });
    const connecting = client.connect().catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all([client.close(), client.close()]);
    const error = await connecting;
    expect(isTelnyxError(error, 'closed')).toBe(true);
    expect(client.state.status).toBe('closed');
    expect(client.webhookAddress).toBeUndefined();
    await expectNothingLeft(before);
  });

  it('close() twice at once mid-call: pending commands reject closed, calls leave as client-closed', async () => {
    await using emulator = await startTelnyxEmulator({ timing: 'fast' });
    const before = resources();
    const client = createTelnyxClient(clientOptions(emulator));
    await client.connect();
    emulator.setWebhookUrl(client.webhookAddress);
    const { callId } = await client.dial({ to: scenario.answer(), from: '+15551230000' });
    await next(client.call$(callId), (call) => call.state === 'answered', 'answered');
    const removed = next(client.events$, (event) => event.type === 'removed', 'removed') as Promise<
      Extract<TelnyxClientEvent, { type: 'removed' }>
    >;
    const gather = await client.gather(callId, { timeoutMillis: 60_000 });
    const pending = client
      .dial({ to: scenario.slowGateway(5_000), from: '+15551230000' })
      .catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all([client.close(), client.close()]);
    expect(isTelnyxError(await pending, 'closed')).toBe(true);
    expect(isTelnyxError(await gather.ended.catch((e: unknown) => e), 'closed')).toBe(true);
    expect((await removed).reason).toBe('client-closed');
    expect(client.activeCalls()).toEqual([]);
    await emulator.close();
    await expectNothingLeft(before);
  });

  it('a client can connect again after close()', async () => {
    await using w = await world();
    await w.client.close();
    await w.client.connect();
    w.emulator.setWebhookUrl(w.client.webhookAddress);
    const { callId } = await w.client.dial({ to: scenario.answer(), from: '+15551230000' });
    await w.log.reached(callId, 'answered');
    expect(w.client.state.status).toBe('connected');
  });

  it('commands before connect() get not-connected, after close() closed; nothing is sent', async () => {
    const fake = fakeSdk();
    const client = createTelnyxClient({
      telnyx: fake.sdk,
      connectionId: 'c',
      publicKey: testKeys().publicKey,
    });
    const early = await client
      .dial({ to: '+15551230001', from: '+15551230000' })
      .catch((e: unknown) => e);
    expect(isTelnyxError(early, 'not-connected')).toBe(true);
    await client.connect();
    await client.close();
    const late = await client
      .dial({ to: '+15551230001', from: '+15551230000' })
      .catch((e: unknown) => e);
    expect(isTelnyxError(late, 'closed')).toBe(true);
    expect(fake.calls.map((call) => call.method)).toEqual(['listActiveCalls']);
  });

  it('a command that times out while the dial still runs: the late call is tracked and reported', async () => {
    await using w = await world();
    const reported = next(w.client.errors$, (error) => error.code === 'late-dial', 'late-dial');
    const error = await w.client
      .dial({ to: scenario.slowGateway(300), from: '+15551230000' }, { timeoutMs: 50 })
      .catch((e: unknown) => e);
    expect(isTelnyxError(error, 'command-timeout')).toBe(true);
    const late = await reported;
    expect(w.client.getCall(late.callId ?? '')).toBeDefined();
    await w.client.hangup(late.callId ?? '');
  });

  it('an aborted command rejects aborted at once and leaves no listener', async () => {
    await using w = await world();
    const controller = new AbortController();
    const dialing = w.client
      .dial({ to: scenario.slowGateway(200), from: '+15551230000' }, { signal: controller.signal })
      .catch((e: unknown) => e);
    controller.abort();
    expect(isTelnyxError(await dialing, 'aborted')).toBe(true);
    const already = await w.client
      .dial({ to: scenario.answer(), from: '+15551230000' }, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(isTelnyxError(already, 'aborted')).toBe(true);
  });
});
