import { scenario } from '@callstream/emulator';
import { describe, expect, it } from 'vitest';
import { isTelnyxError, type TelnyxClient, telnyxProblem } from '../src';
import { next, type World, world } from './helpers';

/** An inbound call from the emulator, accepted and answered. */
async function answeredInbound(w: World, from = '+14155550100'): Promise<string> {
  const offered = next(w.client.incoming$, () => true, 'an offer');
  await w.emulator.simulateInbound({ from });
  const offer = await offered;
  await offer.accept();
  await w.log.reached(offer.callId, 'answered');
  return offer.callId;
}

function lastRequest(w: World, action: string) {
  return w.emulator
    .requests()
    .filter((request) => request.action === action)
    .at(-1);
}

describe('commands against the Telnyx emulator', () => {
  it('dial sends connection_id, command_id, client_state and webhook_url; client_state round-trips', async () => {
    await using w = await world({
      webhook: { listen: { port: 0 }, url: 'http://127.0.0.1:9/hooks' },
    });
    w.emulator.setWebhookUrl(w.client.webhookAddress);
    const result = await w.client.dial(
      { to: scenario.answer(), from: '+15551230000', clientState: 'order=42', timeoutSecs: 20 },
      { commandId: 'my-dial-1' },
    );
    expect(result).toMatchObject({ requestId: 'my-dial-1', callLegId: expect.any(String) });
    const body = lastRequest(w, 'dial')?.body;
    expect(body).toMatchObject({
      connection_id: w.emulator.connectionId,
      command_id: 'my-dial-1',
      client_state: Buffer.from('order=42').toString('base64'),
      timeout_secs: 20,
      webhook_url: 'http://127.0.0.1:9/hooks',
    });
    expect(w.client.getCall(result.callId)?.details.clientState).toBe('order=42');
  });

  it('speak, playback, gather and record resolve on the 200 and settle their event promises', async () => {
    await using w = await world();
    const callId = await answeredInbound(w);
    const speak = await w.client.speak(callId, { payload: 'Hello', voice: 'Telnyx.KokoroTTS.af' });
    expect(speak.requestId).toEqual(expect.any(String));
    expect(await speak.ended).toMatchObject({ name: 'call.speak.ended', status: 'completed' });
    const playback = await w.client.playbackStart(callId, {
      audioUrl: 'https://example.test/a.mp3',
    });
    expect(await playback.ended).toMatchObject({
      name: 'call.playback.ended',
      status: 'completed',
    });
    const gather = await w.client.gatherUsingSpeak(callId, {
      payload: 'Press 1',
      maximumDigits: 1,
    });
    w.emulator.remote.pressDigits(callId, '1');
    expect(await gather.ended).toMatchObject({ digits: '1', status: 'valid' });
    const recording = await w.client.recordStart(callId, { channels: 'dual', format: 'wav' });
    await w.client.recordPause(callId);
    await w.client.recordResume(callId);
    const stopped = await w.client.recordStop(callId);
    expect(await stopped.saved).toMatchObject({ name: 'call.recording.saved', channels: 'dual' });
    expect(await recording.saved).toMatchObject({ name: 'call.recording.saved' });
    expect(lastRequest(w, 'speak')?.body).toMatchObject({
      payload: 'Hello',
      voice: 'Telnyx.KokoroTTS.af',
    });
    expect(lastRequest(w, 'gather_using_speak')?.body).toMatchObject({
      voice: 'female',
      service_level: 'basic',
    });
    expect(lastRequest(w, 'record_start')?.body).toMatchObject({ channels: 'dual', format: 'wav' });
    await w.client.hangup(callId);
  });

  it('a stopped playback ends cancelled; gatherStop cancels a gather', async () => {
    await using w = await world();
    const callId = await answeredInbound(w);
    const playback = await w.client.playbackStart(callId, {
      audioUrl: 'https://example.test/a.mp3',
      loop: 'infinity',
    });
    await w.client.playbackStop(callId, { stop: 'all' });
    expect(await playback.ended).toMatchObject({ status: 'cancelled' });
    const gather = await w.client.gather(callId, { maximumDigits: 4 });
    await w.client.gatherStop(callId);
    expect(await gather.ended).toMatchObject({ status: 'cancelled' });
  });

  it('sendDtmf, updateClientState and transfer reach Telnyx; the transfer leg is tracked', async () => {
    await using w = await world();
    const callId = await answeredInbound(w);
    await w.client.sendDtmf(callId, '12#w', { durationMillis: 200 });
    expect(w.emulator.call(callId)?.sentDigits).toContain('12#');
    await w.client.updateClientState(callId, 'step=2');
    expect(w.client.getCall(callId)?.details.clientState).toBe('step=2');
    expect(w.emulator.call(callId)?.clientState).toBe(Buffer.from('step=2').toString('base64'));
    await w.client.transfer(callId, scenario.answer(), { targetLegClientState: 'sales' });
    const transferLeg = await w.log.wait(
      (event) => event.type === 'initiated' && event.call?.details.transferredFrom === callId,
      'the transfer leg',
    );
    expect(transferLeg.call).toMatchObject({
      direction: 'outbound',
      details: { clientState: 'sales' },
    });
    await w.log.reached(callId, 'bridged');
    expect(w.client.getCall(callId)?.details.bridgedWith).toBe(transferLeg.callId);
    await w.client.hangup(callId);
    // Telnyx hangs up the other leg of the bridge too.
    await w.log.removed(transferLeg.callId);
  });

  it('90034: speak on an unanswered offer is refused before sending, with a clear typed error', async () => {
    await using w = await world();
    const offered = next(w.client.incoming$, () => true, 'an offer');
    await w.emulator.simulateInbound({});
    const offer = await offered;
    const before = w.emulator.requests().length;
    const error = await w.client
      .speak(offer.callId, { payload: 'hi' })
      .catch((caught: unknown) => caught);
    expect(isTelnyxError(error, 'call-not-answered')).toBe(true);
    expect((error as Error).message).toMatch(/accept\(\) it before speak/);
    expect(w.emulator.requests()).toHaveLength(before);
  });

  it('90034 from Telnyx (a ringing outbound leg) becomes call-not-answered with code and title', async () => {
    await using w = await world();
    const { callId } = await w.client.dial({ to: scenario.noAnswer(2_000), from: '+15551230000' });
    const error = await w.client
      .speak(callId, { payload: 'hi' })
      .catch((caught: unknown) => caught);
    expect(isTelnyxError(error, 'call-not-answered')).toBe(true);
    expect(telnyxProblem(error)).toMatchObject({ status: 422, code: '90034' });
    expect((error as { serverError?: string }).serverError).toMatch(/^90034 /);
    await w.client.hangup(callId);
  });

  it('90018: a command on a call that ended unseen removes it; hangup resolves alreadyEnded', async () => {
    await using w = await world();
    const callId = await answeredInbound(w);
    w.emulator.faults.dropWebhooks('all');
    w.emulator.remote.hangup(callId);
    const error = await w.client.sendDtmf(callId, '1').catch((caught: unknown) => caught);
    expect(isTelnyxError(error, 'call-ended')).toBe(true);
    expect(telnyxProblem(error)?.code).toBe('90018');
    expect(w.client.getCall(callId)).toBeUndefined();
    const callId2 = await (async () => {
      w.emulator.faults.reset();
      return answeredInbound(w, '+14155550111');
    })();
    w.emulator.faults.dropWebhooks('all');
    w.emulator.remote.hangup(callId2);
    const result = await w.client.hangup(callId2);
    expect(result.alreadyEnded).toBe(true);
    expect((await result.ended).endReason).toBe('hangup');
  });

  it('a 5xx whose effect happened is retried with the same command_id and not repeated', async () => {
    await using w = await world();
    const callId = await answeredInbound(w);
    w.emulator.faults.failRequests(1, { status: 503, afterEffect: true });
    const result = await w.client.sendDtmf(callId, '5');
    const sent = w.emulator.requests().filter((request) => request.action === 'send_dtmf');
    expect(sent.map((request) => request.status)).toEqual([503, 200]);
    expect(new Set(sent.map((request) => request.commandId))).toEqual(new Set([result.requestId]));
    expect(sent[1]?.replayed).toBe(true);
    expect(w.emulator.call(callId)?.sentDigits).toBe('5');
  });

  it('5xx on every attempt rejects server-error after the allowed attempts', async () => {
    await using w = await world();
    const callId = await answeredInbound(w);
    w.emulator.faults.failRequests(5, { status: 500 });
    const error = await w.client.sendDtmf(callId, '5').catch((caught: unknown) => caught);
    expect(isTelnyxError(error, 'server-error')).toBe(true);
    const sent = w.emulator.requests().filter((request) => request.path.endsWith('/send_dtmf'));
    expect(sent.map((request) => request.status)).toEqual([500, 500, 500]);
    w.emulator.faults.reset();
  });

  it('429 90103: the dial waits Retry-After and is retried', async () => {
    await using w = await world(
      { dialRateLimit: false, retry: { attempts: 3, initialDelayMs: 5, maxDelayMs: 10 } },
      { dialRateLimit: { perSecond: 1, windowMs: 1000 } },
    );
    const first = await w.client.dial({ to: scenario.answer(), from: '+15551230000' });
    const started = Date.now();
    const second = await w.client.dial({ to: scenario.answer(), from: '+15551230000' });
    expect(second.callId).not.toBe(first.callId);
    const dials = w.emulator.requests().filter((request) => request.action === 'dial');
    expect(dials.map((request) => request.errorCode ?? request.status)).toEqual([
      200,
      '90103',
      200,
    ]);
    // Retry-After is in whole seconds: the retry waited for it, not for the 5 ms backoff.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('the client-side dial limiter keeps a burst under the rate: no 90103 at all', async () => {
    // The client's window (2 per 700 ms) is a little longer than Telnyx's (2 per 500 ms): the
    // limiter counts when a dial leaves, Telnyx when it arrives, and arrival times jitter.
    await using w = await world(
      { dialRateLimit: { perSecond: 3, windowMs: 700 } },
      { dialRateLimit: { perSecond: 4, windowMs: 500 } },
    );
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 3 }, () =>
        w.client.dial({ to: scenario.answer(), from: '+15551230000' }),
      ),
    );
    expect(new Set(results.map((result) => result.callId)).size).toBe(3);
    expect(w.emulator.requests().filter((request) => request.status === 429)).toEqual([]);
    // The third dial waited for the client's window.
    expect(Date.now() - started).toBeGreaterThanOrEqual(650);
  });

  it('20 dials at once: no MaxListenersExceededWarning (no listener per request on a shared signal)', async () => {
    await using w = await world({ dialRateLimit: false });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          w.client.dial({ to: scenario.answer(), from: '+15551230000' }),
        ),
      );
      expect(new Set(results.map((result) => result.callId)).size).toBe(20);
      // Node emits the warning on the next tick after the eleventh listener is added.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('a bad API key fails connect() with unauthorized; an unknown connection with invalid-options', async () => {
    const { startTelnyxEmulator } = await import('@callstream/emulator');
    await using emulator = await startTelnyxEmulator({ timing: 'fast' });
    const { createTelnyxClient } = await import('../src');
    const base = { baseURL: emulator.apiBase, publicKey: emulator.publicKey };
    const clients: TelnyxClient[] = [
      createTelnyxClient({ ...base, apiKey: 'KEY_WRONG', connectionId: emulator.connectionId }),
      createTelnyxClient({ ...base, apiKey: emulator.apiKey, connectionId: 'nope' }),
    ];
    const [auth, connection] = await Promise.all(
      clients.map((client) => client.connect().catch((e: unknown) => e)),
    );
    expect(isTelnyxError(auth, 'unauthorized')).toBe(true);
    expect(isTelnyxError(connection, 'invalid-options')).toBe(true);
    expect(clients.map((client) => client.state.status)).toEqual(['closed', 'closed']);
    expect(JSON.stringify(auth)).not.toContain(emulator.apiKey);
    await Promise.all(clients.map((client) => client.close()));
  });
});
