import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { scenario } from '@callstream/emulator';
import { describe, expect, it } from 'vitest';
import { type ActiveCallClient, createActiveCallClient, isActiveCallError } from '../src/index';
import { answerInvites, startFakeServer } from './fakeServer';
import { eventually, fixture, next, removed } from './helpers';

const FROM = 'sip:bot@pbx.example';

/** The engine's pending per-call timers (none may be left once calls are gone). */
function timers(client: ActiveCallClient): number {
  return (client as unknown as { engine: { timerCount: number } }).engine.timerCount;
}

describe('faults: every promise settles, no call, timer or socket is left', () => {
  it('the socket dropped mid-invite: dial rejects connection-lost, the call leaves as connection-lost', async () => {
    await using f = await fixture();
    const errors: unknown[] = [];
    f.client.errors$.subscribe((error) => errors.push(error));
    const dialing = f.client
      .dial({ to: scenario.slowGateway(3000), from: FROM, id: 'drop-me' })
      .catch((error: unknown) => error);
    await eventually(() => f.emulator.sessions().length === 1, 'the session');
    expect(f.emulator.faults.dropSessions('drop-me')).toBe(1);
    const error = await dialing;
    expect(isActiveCallError(error, 'connection-lost')).toBe(true);
    expect((error as { callId?: string }).callId).toBe('drop-me');
    expect((await removed(f, 'drop-me')).reason).toBe('connection-lost');
    expect(errors).toEqual([
      expect.objectContaining({ code: 'connection-lost', callId: 'drop-me' }),
    ]);
    expect(timers(f.client)).toBe(0);
  });

  it('a close frame other than 1000 mid-call is a lost connection, not a hangup', async () => {
    await using f = await fixture();
    const { callId } = await f.client.dial({ to: scenario.answer(), from: FROM });
    f.emulator.faults.closeSessions(1001, callId);
    const gone = await removed(f, callId);
    expect(gone.reason).toBe('connection-lost');
    expect(gone.call.outcome).toBeUndefined();
  });

  it('the server kills a session: SIP gets its hangup event, WebRTC only the clean close', async () => {
    await using f = await fixture();
    const { callId } = await f.client.dial({ to: scenario.answer(), from: FROM });
    f.emulator.kill(callId);
    expect((await removed(f, callId)).call).toMatchObject({
      outcome: 'completed',
      hangupCause: 'Some(BySystem)',
    });
    const webrtc = await f.client.dial({
      to: '',
      from: '',
      type: 'webrtc',
      option: {
        offer:
          'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:111 opus/48000/2\r\n',
      },
    });
    f.emulator.kill(webrtc.callId);
    const gone = await removed(f, webrtc.callId);
    expect(gone.reason).toBe('hangup');
    expect(gone.call.outcome).toBe('completed');
    expect(gone.raw).toMatchObject({ close: { by: 'server', code: 1000 } });
  });

  it('a stalled session: hangup gives up after its timeout and closes the socket itself', async () => {
    await using f = await fixture();
    const { callId } = await f.client.dial({ to: scenario.answer(), from: FROM });
    f.emulator.faults.stallSessions(callId);
    const started = Date.now();
    await f.client.hangup(callId, { timeoutMs: 100 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect((await removed(f, callId)).call.endedBy).toBe('local');
    f.emulator.faults.reset();
    await eventually(() => f.emulator.stats().sessions === 0, 'the session to close');
  });

  it('a stalled session is found dead by the keep-alive: connection-lost', async () => {
    await using f = await fixture({ keepAlive: { pingIntervalMs: 30, pongTimeoutMs: 60 } });
    const { callId } = await f.client.dial({ to: scenario.answer(), from: FROM });
    f.emulator.faults.stallSessions(callId);
    const error = next(f.client.errors$, () => true, 'the liveness error');
    expect((await removed(f, callId)).reason).toBe('connection-lost');
    expect(await error).toMatchObject({ code: 'liveness-timeout', callId });
  });

  it('an unreachable server: dial rejects unreachable, the call leaves as connection-lost', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    await using client = createActiveCallClient({ endpoint: `ws://127.0.0.1:${port}` });
    await client.connect();
    const gone = next(client.events$, (event) => event.type === 'removed', 'the removal');
    const error = await client.dial({ to: scenario.answer(), from: FROM }).catch((e: unknown) => e);
    expect(isActiveCallError(error, 'unreachable')).toBe(true);
    expect(await gone).toMatchObject({ type: 'removed', reason: 'connection-lost' });
    expect(client.activeCalls()).toEqual([]);
  });

  it('a server that never completes the upgrade: connect-timeout after openTimeoutMs', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      await using client = createActiveCallClient({
        endpoint: `ws://127.0.0.1:${port}`,
        openTimeoutMs: 100,
      });
      await client.connect();
      const error = await client
        .dial({ to: scenario.answer(), from: FROM })
        .catch((e: unknown) => e);
      expect(isActiveCallError(error, 'connect-timeout')).toBe(true);
      expect(client.activeCalls()).toEqual([]);
    } finally {
      silent.close();
    }
  });

  it('close() during a dial: the dial rejects closed, nothing is left', async () => {
    await using f = await fixture();
    const dialing = f.client
      .dial({ to: scenario.slowGateway(3000), from: FROM })
      .catch((error: unknown) => error);
    await eventually(() => f.emulator.sessions().length === 1, 'the session');
    await f.client.close();
    expect(isActiveCallError(await dialing, 'closed')).toBe(true);
    expect(f.client.activeCalls()).toEqual([]);
    expect(timers(f.client)).toBe(0);
    await eventually(() => f.emulator.stats().sessions === 0, 'the server to see the close');
  });

  it('close() twice at once, with calls and an offer: both resolve, every call leaves once', async () => {
    await using f = await fixture();
    const first = await f.client.dial({ to: scenario.answer(), from: FROM });
    const second = await f.client.dial({ to: scenario.answer(), from: FROM });
    await f.client.handleWebhook({ event: 'invite', dialogId: 'offer-1', caller: 'sip:a@b' });
    const pendingHangup = f.client.hangup(first.callId).catch((error: unknown) => error);
    await Promise.all([f.client.close(), f.client.close()]);
    expect(isActiveCallError(await pendingHangup, 'closed')).toBe(true);
    const removals = f.events.filter((event) => event.type === 'removed');
    expect(removals.map((event) => event.callId).sort()).toEqual(
      [first.callId, second.callId, 'offer-1'].sort(),
    );
    expect(f.client.state.status).toBe('closed');
    expect(timers(f.client)).toBe(0);
    await expect(second.session.tts('late')).rejects.toMatchObject({ code: 'not-connected' });
    await eventually(() => f.emulator.stats().sessions === 0, 'the server to see the closes');
    // Usable again after connect().
    await f.client.connect();
    const again = await f.client.dial({ to: scenario.answer(), from: FROM });
    await f.client.hangup(again.callId);
  });
});

describe('garbage from the server never breaks a session', () => {
  it('non-JSON text, arrays, frames without event, malformed known events and stray binary are reported; unknown events pass through', async () => {
    await using server = await startFakeServer((session, command) => {
      answerInvites(session, command);
      if (command.command !== 'invite') return;
      session.send('not json at all');
      session.send('[1,2,3]');
      session.send({ noEvent: true });
      session.send({ event: 'answer', sdp: 42 });
      session.send({ event: 'dtmf' });
      session.send({ event: 'brandNewEvent', trackId: 'x', payload: { a: 1 } });
      session.send(new Uint8Array([9, 9, 9]));
      session.send(new Uint8Array([1, 2]));
      session.send({ event: 'dtmf', trackId: 'x', digit: '5', timestamp: 1 });
    });
    await using client = createActiveCallClient({ endpoint: server.wsUrl });
    await client.connect();
    const errors: Array<{ code: string }> = [];
    client.errors$.subscribe((error) => errors.push(error));
    const unknown = next(client.events$, (event) => event.type === 'unknown', 'the unknown event');
    const digit = next(client.dtmf$, () => true, 'the digit');
    const { callId } = await client.dial({ to: scenario.answer(), from: FROM });
    expect(await digit).toMatchObject({ callId, digits: '5' });
    expect(await unknown).toMatchObject({
      type: 'unknown',
      event: 'brandNewEvent',
      callId,
      raw: { event: 'brandNewEvent', payload: { a: 1 }, unknown: true },
    });
    expect(errors.map((error) => error.code)).toEqual([
      'malformed-frame',
      'malformed-frame',
      'malformed-frame',
      'malformed-frame',
      'malformed-frame',
      'malformed-frame',
    ]);
    expect(client.getCall(callId)?.state).toBe('answered');
    await client.close();
  });

  it('a server that answers nothing: accept and hangup time out typed, nothing hangs', async () => {
    await using server = await startFakeServer(() => {});
    await using client = createActiveCallClient({
      endpoint: server.wsUrl,
      commandTimeoutMs: 80,
    });
    await client.connect();
    await client.handleWebhook({ event: 'invite', dialogId: 'quiet' });
    const error = await client.accept('quiet').catch((e: unknown) => e);
    expect(isActiveCallError(error, 'command-timeout')).toBe(true);
    const dial = await client
      .dial({ to: scenario.answer(), from: FROM }, { timeoutMs: 80 })
      .catch((e: unknown) => e);
    expect(isActiveCallError(dial, 'command-timeout')).toBe(true);
    expect(client.activeCalls()).toEqual([]);
    expect(timers(client)).toBe(0);
  });

  it('a session the server leaves open after the hangup event is closed by the client', async () => {
    await using server = await startFakeServer((session, command) => {
      answerInvites(session, command);
      if (command.command === 'hangup') session.send({ event: 'hangup', reason: 'Some(BySystem)' });
    });
    await using client = createActiveCallClient({ endpoint: server.wsUrl, commandTimeoutMs: 100 });
    await client.connect();
    const { callId } = await client.dial({ to: scenario.answer(), from: FROM });
    await client.hangup(callId);
    expect(client.getCall(callId)).toBeUndefined();
    await eventually(() => server.sessions[0]?.socket.readyState === 3, 'the socket to close');
  });
});
