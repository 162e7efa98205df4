import { DEFAULT_DIDS, scenario } from '@callstream/emulator';
import { concatMap, filter } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { clientFor, connectedClient, EventLog, emulator, Recorder } from '../helpers/fixtures';

const from = '+15551234567';
const did = DEFAULT_DIDS[1];

/** A reconnect policy that records its calls and waits a fixed, small delay. */
function recordingPolicy(delayMs = 20) {
  const calls: Array<{ attempt: number; elapsedMs: number; reason: unknown }> = [];
  const policy = (attempt: number, elapsedMs: number, reason: unknown) => {
    calls.push({ attempt, elapsedMs, reason });
    return delayMs;
  };
  return { calls, policy };
}

describe('reconnect', () => {
  it('dropped mid-call: pending commands fail, the client re-registers with the confirmed subscriptions, calls are reconciled', async () => {
    await using emu = await emulator({ lookupTimeoutMs: 300 });
    const { calls, policy } = recordingPolicy();
    await using client = await connectedClient(emu, { reconnect: policy });
    const states = new Recorder(client.state$);
    const log = new EventLog(client);
    await client.subscribe([did]);

    const { callId } = await client.dial({ to: scenario.answer(), from, channel: 'drop', uid: 1 });
    await log.waitFor(callId, 'bridged');
    const offer = emu.simulateInbound({ did, from });
    const incoming = await log.next((event) => event.type === 'incoming');

    emu.faults.delayReplies(1000);
    const pending = client.sendDtmf(callId, '1');
    await emu.waitForFrame((received) => received.frame.action === 'send_dtmf');
    emu.faults.dropClients();

    await expect(pending).rejects.toMatchObject({ code: 'connection-lost', action: 'send_dtmf' });
    expect(await log.waitFor(incoming.callId, 'removed')).toMatchObject({
      reason: 'connection-lost',
    });
    const connectedAgain = await states.next(
      (state) => state.status === 'connected' && state.reconnects === 1,
    );
    emu.faults.reset();

    expect(states.items.map((state) => state.status)).toEqual([
      'connected',
      'reconnecting',
      'connected',
    ]);
    expect(states.items[1]).toMatchObject({ attempt: 1, delayMs: 20 });
    expect(calls[0]).toMatchObject({
      attempt: 1,
      reason: expect.objectContaining({ code: 'connection-lost' }),
    });

    // W11: the register after the reconnect carries the list the server confirmed.
    const registers = emu.frames().filter((received) => received.frame.action === 'register');
    expect(registers[registers.length - 1]?.frame.subscribe_numbers).toEqual([did]);
    // W3: exactly one session for this client remains.
    expect(
      emu
        .status()
        .clients.filter(
          (c) => c.session_id === (connectedAgain as { sessionId: string }).sessionId,
        ),
    ).toHaveLength(1);
    expect(emu.status().client_count).toBe(1);

    // The outbound call survived the gap, marked stale until an event confirms it.
    expect(client.getCall(callId)).toMatchObject({ stale: true, state: 'bridged' });
    await client.hangup(callId);
    await log.waitFor(callId, 'removed');
    expect(client.activeCalls()).toEqual([]);
    // The offer died with the old connection; the held lookup expires on the server side.
    expect((await offer).status).toBe(404);
  });

  it('a call that nobody confirms after the reconnect is dropped as stale', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu, {
      staleCallTimeoutMs: 50,
      reconnect: recordingPolicy().policy,
    });
    const log = new EventLog(client);
    const { callId } = await client.dial({ to: scenario.answer(), from, channel: 'stale', uid: 2 });
    await log.waitFor(callId, 'bridged');
    emu.faults.dropEvents('all');
    emu.faults.dropClients();
    expect(await log.waitFor(callId, 'removed')).toMatchObject({ reason: 'stale' });
    expect(client.activeCalls()).toEqual([]);
  });

  it('emulator restarted on the same port: reconnects with backoff through failed attempts', async () => {
    await using emu = await emulator();
    const { calls, policy } = recordingPolicy(15);
    await using client = await connectedClient(emu, { reconnect: policy });
    const states = new Recorder(client.state$);
    await emu.restart(); // a crash: sessions, calls and faults are gone; same port
    emu.faults.refuseRegistrations('restarting');
    await states.next((state) => state.status === 'reconnecting' && state.attempt === 3);
    emu.faults.reset();
    await states.next((state) => state.status === 'connected' && state.reconnects === 1);
    expect(calls.map((call) => call.attempt).slice(0, 3)).toEqual([1, 2, 3]);
    expect(calls[1]?.reason).toMatchObject({ code: 'registration-failed' });
    expect(calls[2]!.elapsedMs).toBeGreaterThanOrEqual(calls[1]!.elapsedMs);
    await expect(client.subscribe([])).resolves.toBeDefined();
  });

  it('a stalled (half-open) server is detected by pings and the client reconnects', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu, {
      keepAlive: { pingIntervalMs: 30, pongTimeoutMs: 120 },
      reconnect: recordingPolicy().policy,
    });
    const states = new Recorder(client.state$);
    const errors = new Recorder(client.errors$);
    emu.faults.delayReplies(10_000);
    const pending = client.subscribe([]);
    await emu.waitForFrame((received) => received.frame.action === 'subscribe');
    emu.faults.stallClients();
    await expect(pending).rejects.toMatchObject({ code: 'connection-lost' });
    emu.faults.reset();
    await states.next((state) => state.status === 'connected' && state.reconnects === 1);
    expect(await errors.next((error) => error.code === 'liveness-timeout')).toBeDefined();
    await expect(client.subscribe([])).resolves.toBeDefined();
  });

  it('with reconnect: false a drop closes the client and every call leaves calls$', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu, { reconnect: false });
    const log = new EventLog(client);
    const states = new Recorder(client.state$);
    const { callId } = await client.dial({ to: scenario.answer(), from, channel: 'final', uid: 3 });
    emu.faults.dropClients();
    expect(await log.waitFor(callId, 'removed')).toMatchObject({ reason: 'connection-lost' });
    const closed = await states.next((state) => state.status === 'closed');
    expect(closed).toMatchObject({ error: expect.objectContaining({ code: 'connection-lost' }) });
    expect(client.activeCalls()).toEqual([]);
  });

  it('a subscriber may await a command on every connected, including after a reconnect (W16)', async () => {
    await using emu = await emulator();
    const client = clientFor(emu, { reconnect: recordingPolicy().policy });
    const results: string[] = [];
    const subscription = client.state$
      .pipe(
        filter((state) => state.status === 'connected'),
        concatMap(async () => {
          const result = await client.subscribe([did]);
          results.push(result.requestId);
        }),
      )
      .subscribe();
    await client.connect();
    await expect.poll(() => results.length).toBe(1);
    emu.faults.dropClients();
    await expect.poll(() => results.length).toBe(2);
    expect(emu.status().clients[0]?.subscribed_numbers).toEqual([did.replace('+', '')]);
    subscription.unsubscribe();
    await client.close();
  });

  it('an unauthorized re-register is fatal: even an always-retry policy is not asked again', async () => {
    await using emu = await emulator();
    const { calls, policy } = recordingPolicy(5);
    await using client = await connectedClient(emu, { reconnect: policy });
    const states = new Recorder(client.state$);
    emu.faults.refuseRegistrations('unauthorized');
    emu.faults.dropClients();
    const closed = await states.next((state) => state.status === 'closed');
    expect(closed).toMatchObject({ error: expect.objectContaining({ code: 'unauthorized' }) });
    expect(calls.map((call) => (call.reason as { code: string }).code)).toEqual([
      'connection-lost',
    ]);
  });

  it('a claimed offer (accept succeeded, not yet answered) survives a drop as stale; an unclaimed one does not', async () => {
    await using emu = await emulator({ lookupTimeoutMs: 300 });
    await using client = await connectedClient(emu, {
      staleCallTimeoutMs: 100,
      reconnect: recordingPolicy().policy,
    });
    const log = new EventLog(client);
    const states = new Recorder(client.state$);
    void emu.simulateInbound({ did, from });
    const claimed = await log.next((event) => event.type === 'incoming');
    void emu.simulateInbound({ did, from: '+15557654321' });
    const unclaimed = await log.next(
      (event) => event.type === 'incoming' && event.callId !== claimed.callId,
    );
    emu.faults.dropEvents('all'); // the accept succeeds, but its call_answered never arrives
    await client.accept(claimed.callId, { channel: 'kept', uid: 9 });
    emu.faults.dropClients();
    await states.next((state) => state.status === 'connected' && state.reconnects === 1);
    expect(client.getCall(claimed.callId)).toMatchObject({
      claimed: true,
      stale: true,
      state: 'incoming',
    });
    expect(await log.waitFor(unclaimed.callId, 'removed')).toMatchObject({
      reason: 'connection-lost',
    });
    expect(await log.waitFor(claimed.callId, 'removed')).toMatchObject({ reason: 'stale' });
  });

  it('without pings, the heartbeat detects a half-open server and the client reconnects', async () => {
    await using emu = await emulator();
    await using client = await connectedClient(emu, {
      keepAlive: false,
      heartbeat: { intervalMs: 30, timeoutMs: 60 },
      reconnect: recordingPolicy().policy,
    });
    await client.subscribe([did]);
    const states = new Recorder(client.state$);
    const errors = new Recorder(client.errors$);
    await emu.waitForFrame((received) => String(received.frame.request_id).includes('heartbeat'));
    emu.faults.stallClients();
    expect(await errors.next((error) => error.code === 'liveness-timeout')).toMatchObject({
      message: expect.stringContaining('heartbeat'),
    });
    emu.faults.reset();
    await states.next((state) => state.status === 'connected' && state.reconnects === 1);
    // The heartbeat re-sends the confirmed list: the subscription is unchanged on the server.
    const beat = await emu.waitForFrame(
      (received) =>
        String(received.frame.request_id).includes('heartbeat') && received.at > Date.now() - 1000,
    );
    expect(beat.frame).toMatchObject({ action: 'subscribe', numbers: [did] });
  });
});
