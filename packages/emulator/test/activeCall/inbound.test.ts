import { describe, expect, it } from 'vitest';
import { AcClient } from './helpers/acClient';
import { AC_IDLE, fastActiveCall, TTS, until } from './helpers/fixtures';
import { startWebhookReceiver } from './helpers/webhookReceiver';

describe('inbound calls: webhook (§6.2)', () => {
  it('POSTs the invite webhook with a dialogId and holds the call', async () => {
    await using receiver = await startWebhookReceiver();
    await using emulator = await fastActiveCall({ webhookUrl: receiver.url });
    const result = await emulator.simulateInbound({
      caller: 'sip:1001@10.0.0.5',
      callee: 'sip:2000@10.0.0.9:25060',
    });
    expect(result).toEqual({
      dialogId: expect.stringMatching(/^[0-9a-f]{20}@127\.0\.0\.1-[0-9a-f]{8}-[0-9a-f]{8}$/),
      webhookUrl: receiver.url,
      delivered: true,
      status: 200,
      pending: true,
    });
    const [, larger, smaller] = /-([0-9a-f]{8})-([0-9a-f]{8})$/.exec(result.dialogId) ?? [];
    expect(String(larger) >= String(smaller)).toBe(true);
    const request = await receiver.nth(1);
    expect(request).toMatchObject({
      method: 'POST',
      path: '/webhook',
      contentType: 'application/json',
    });
    expect(request.body).toEqual({
      event: 'invite',
      dialogId: result.dialogId,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/),
      caller: 'sip:1001@10.0.0.5',
      callee: 'sip:2000@10.0.0.9:25060',
      headers: expect.arrayContaining([
        expect.stringMatching(/^Via: SIP\/2\.0\/UDP /),
        expect.stringMatching(/^From: <sip:1001@10\.0\.0\.5>;tag=[0-9a-f]{8}$/),
        expect.stringMatching(/^Call-ID: [0-9a-f]{20}@127\.0\.0\.1$/),
        'CSeq: 1 INVITE',
      ]),
      offer: expect.stringMatching(/^v=0\r\n/),
    });
    expect(emulator.stats()).toMatchObject({ pendingInbound: 1, webhooksInFlight: 0 });
    expect(emulator.inboundOutcome(result.dialogId)).toEqual({
      dialogId: result.dialogId,
      state: 'pending',
    });
  });

  it('accept on /call/sip?id=<dialogId>: trackStart then answer with the server SDP', async () => {
    await using receiver = await startWebhookReceiver();
    await using emulator = await fastActiveCall({ webhookUrl: receiver.url });
    const { dialogId } = await emulator.simulateInbound();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: dialogId });
    client.send({ command: 'accept', option: { tts: TTS } });
    const answer = await client.waitFor('answer');
    expect(client.names()).toEqual(['trackStart', 'answer']);
    expect(client.events[0]).toMatchObject({ trackId: dialogId });
    expect(answer).toMatchObject({
      trackId: dialogId,
      refer: false,
      sdp: expect.stringMatching(/^v=0/),
    });
    expect(emulator.inboundOutcome(dialogId)?.state).toBe('accepted');
    expect(emulator.stats().pendingInbound).toBe(0);
    // The caller hangs up: trackEnd → hangup{caller} → close.
    expect(emulator.remote.hangup(dialogId)).toBe(true);
    await client.waitClosed();
    expect(client.names().slice(2)).toEqual(['trackEnd', 'hangup']);
    expect(client.events[3]).toMatchObject({
      reason: 'Some(ByCaller)',
      initiator: 'caller',
      from: { username: '+15550000000', realm: '127.0.0.1' },
      to: { username: '2000', realm: '127.0.0.1' },
    });
  });

  it('a receiver that connects before answering (like a fast app) still gets the call', async () => {
    await using receiver = await startWebhookReceiver();
    await using emulator = await fastActiveCall({ webhookUrl: receiver.url });
    let client: AcClient | undefined;
    receiver.onRequest = async (request) => {
      client = await AcClient.open(emulator.wsUrl, '/call/sip', {
        id: String(request.body.dialogId),
      });
      client.send({ command: 'accept', option: {} });
      await client.waitFor('answer');
    };
    const result = await emulator.simulateInbound();
    expect(result).toMatchObject({ delivered: true, pending: false });
    expect(client?.names()).toEqual(['trackStart', 'answer']);
    await client?.close();
  });

  it('ringing: trackStart (main), ringtone trackStart/trackEnd, no ringing event; then accept → answer', async () => {
    await using emulator = await fastActiveCall({ timing: { playMs: 20 } });
    const { dialogId } = await emulator.simulateInbound();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: dialogId });
    client.send({ command: 'ringing', ringtone: 'http://files.example/ring.wav' });
    await client.waitFor('trackEnd');
    expect(emulator.inboundOutcome(dialogId)).toEqual({
      dialogId,
      state: 'ringing',
      earlyMedia: true,
    });
    client.send({ command: 'accept', option: {} });
    await client.waitFor('answer');
    expect(client.names()).toEqual(['trackStart', 'trackStart', 'trackEnd', 'answer']);
    expect(client.events[0]).toMatchObject({ trackId: dialogId });
    expect(client.events[1]).toMatchObject({
      trackId: 'server-side-track',
      playId: 'http://files.example/ring.wav',
    });
  });

  it('ringing without ringtone or earlyMedia sends a plain 180', async () => {
    await using emulator = await fastActiveCall();
    const { dialogId } = await emulator.simulateInbound();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: dialogId });
    client.send({ command: 'ringing' });
    await client.waitFor('trackStart');
    expect(emulator.inboundOutcome(dialogId)).toMatchObject({
      state: 'ringing',
      earlyMedia: false,
    });
  });

  it('reject: no event, the socket stays open, the code and reason are recorded', async () => {
    await using emulator = await fastActiveCall();
    const { dialogId } = await emulator.simulateInbound();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: dialogId });
    client.send({ command: 'reject', reason: 'Busy Here', code: 486 });
    client.send({ command: 'history', speaker: 'x', text: 'barrier' });
    await client.waitFor('addHistory');
    expect(client.names()).toEqual(['addHistory']);
    expect(emulator.inboundOutcome(dialogId)).toEqual({
      dialogId,
      state: 'rejected',
      code: 486,
      reason: 'Busy Here',
    });
    // Once rejected nothing is pending: accept now gets "no pending call".
    client.send({ command: 'accept', option: {} });
    await client.waitClosed();
    expect(client.names()).toEqual(['addHistory', 'reject', 'error']);
  });

  it('reject with nothing pending is a silent no-op', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'nothing' });
    client.send({ command: 'reject', reason: 'no' });
    client.send({ command: 'history', speaker: 'x', text: 'barrier' });
    await client.waitFor('addHistory');
    expect(client.names()).toEqual(['addHistory']);
  });

  it('accept with no pending call: reject{no pending call, 486}, error(command), close', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'wrong-id' });
    client.send({ command: 'accept', option: {} });
    expect((await client.waitClosed()).code).toBe(1000);
    expect(client.names()).toEqual(['reject', 'error']);
    expect(client.events[0]).toEqual({
      event: 'reject',
      trackId: 'wrong-id',
      timestamp: expect.any(Number),
      reason: 'no pending call',
      code: 486,
      refer: false,
    });
    expect(client.events[1]).toMatchObject({
      sender: 'command',
      error: 'no pending call to accept',
    });
  });

  it('accept_timeout: the call is dropped, a late accept gets "no pending call"', async () => {
    await using emulator = await fastActiveCall({ acceptTimeoutMs: 30 });
    const { dialogId } = await emulator.simulateInbound();
    await until(() => emulator.inboundOutcome(dialogId)?.state === 'timedOut');
    expect(emulator.stats()).toEqual(AC_IDLE);
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: dialogId });
    client.send({ command: 'accept', option: {} });
    expect(await client.waitFor('reject')).toMatchObject({ reason: 'no pending call', code: 486 });
  });

  it('the caller cancelling a pending call (remote.hangup by dialog id) ends a rung session', async () => {
    await using emulator = await fastActiveCall();
    const { dialogId } = await emulator.simulateInbound();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: dialogId });
    client.send({ command: 'ringing' });
    await client.waitFor('trackStart');
    expect(emulator.remote.hangup(dialogId)).toBe(true);
    await client.waitClosed();
    expect(client.names()).toEqual(['trackStart', 'trackEnd', 'hangup']);
    expect(client.events[2]).toMatchObject({ reason: 'Some(Canceled)', initiator: 'caller' });
    expect(emulator.inboundOutcome(dialogId)?.state).toBe('cancelled');
    expect(emulator.remote.hangup(dialogId)).toBe(false);
  });

  it('a webhook answering 500 ends the call (503 to the caller): delivered false, not pending', async () => {
    await using receiver = await startWebhookReceiver();
    receiver.status = 500;
    await using emulator = await fastActiveCall({ webhookUrl: receiver.url });
    const result = await emulator.simulateInbound();
    expect(result).toMatchObject({
      delivered: false,
      status: 500,
      pending: false,
      error: 'webhook answered 500',
    });
    expect(emulator.inboundOutcome(result.dialogId)?.state).toBe('webhookFailed');
    expect(emulator.stats()).toEqual(AC_IDLE);
  });

  it('an unreachable webhook: status null and the transport error', async () => {
    await using receiver = await startWebhookReceiver();
    const url = receiver.url;
    await receiver[Symbol.asyncDispose]();
    await using emulator = await fastActiveCall({ webhookUrl: url });
    const result = await emulator.simulateInbound();
    expect(result).toMatchObject({ delivered: false, status: null, pending: false });
    expect(result.error).toMatch(/^webhook POST failed: /);
    expect(emulator.stats()).toEqual(AC_IDLE);
  });

  it('without any webhook URL the call is held and the result says so', async () => {
    await using emulator = await fastActiveCall();
    const result = await emulator.simulateInbound();
    expect(result).toMatchObject({
      delivered: false,
      status: null,
      pending: true,
      webhookUrl: null,
      error: 'no webhook URL configured',
    });
    expect(emulator.stats().pendingInbound).toBe(1);
  });

  it('a per-call webhookUrl wins over the configured one', async () => {
    await using configured = await startWebhookReceiver();
    await using perCall = await startWebhookReceiver();
    await using emulator = await fastActiveCall({ webhookUrl: configured.url });
    await emulator.simulateInbound({ webhookUrl: perCall.url });
    expect(perCall.requests).toHaveLength(1);
    expect(configured.requests).toHaveLength(0);
  });

  it('refuses bad parameters with EmulatorError INVALID_ARGUMENT before sending anything', async () => {
    await using emulator = await fastActiveCall();
    await expect(emulator.simulateInbound({ caller: '' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(emulator.simulateInbound({ webhookUrl: 'ftp://x' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(emulator.simulateInbound({ callee: 'x'.repeat(3000) })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(emulator.stats()).toEqual(AC_IDLE);
  });

  it('maxPendingInbound: further calls are answered 503 without a webhook', async () => {
    await using emulator = await fastActiveCall({ maxPendingInbound: 2 });
    await emulator.simulateInbound();
    await emulator.simulateInbound();
    const third = await emulator.simulateInbound();
    expect(third).toMatchObject({
      pending: false,
      delivered: false,
      error: expect.stringMatching(/too many pending/),
    });
    expect(emulator.stats().pendingInbound).toBe(2);
  });

  it('an inbound call needs /call/sip: accept on /call/webrtc fails and the call stays pending', async () => {
    await using emulator = await fastActiveCall();
    const { dialogId } = await emulator.simulateInbound();
    await using client = await AcClient.open(emulator.wsUrl, '/call/webrtc', { id: dialogId });
    client.send({ command: 'accept', option: {} });
    await client.waitClosed();
    expect(client.names()).toEqual(['error', 'error']);
    expect(client.events[0]).toMatchObject({
      sender: 'accept',
      error: expect.stringMatching(/^Failed to setup track/),
    });
    expect(emulator.inboundOutcome(dialogId)?.state).toBe('pending');
  });

  it('a rung-first call gets no VAD/ASR (server quirk) unless asrAfterRinging', async () => {
    for (const asrAfterRinging of [false, true]) {
      await using emulator = await fastActiveCall({ asrAfterRinging });
      const { dialogId } = await emulator.simulateInbound();
      await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: dialogId });
      client.send({ command: 'ringing' });
      client.send({ command: 'accept', option: { asr: { provider: 'tencent' }, vad: {} } });
      await client.waitFor('answer');
      expect(emulator.remote.speak(dialogId, 'hello')).toBe(asrAfterRinging);
    }
  });

  it('closing the socket of a rung, unaccepted call abandons it', async () => {
    await using emulator = await fastActiveCall();
    const { dialogId } = await emulator.simulateInbound();
    const client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: dialogId });
    client.send({ command: 'ringing' });
    await client.waitFor('trackStart');
    await client.close();
    await until(() => emulator.stats().sessions === 0);
    expect(emulator.inboundOutcome(dialogId)?.state).toBe('abandoned');
    expect(emulator.stats()).toEqual(AC_IDLE);
  });
});
