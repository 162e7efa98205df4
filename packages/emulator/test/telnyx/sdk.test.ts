import {
  APIError,
  AuthenticationError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  UnprocessableEntityError,
} from 'telnyx';
import { describe, expect, it } from 'vitest';
import { scenario } from '../../src/index';
import { b64, fastTelnyx, IDLE, sdkFor, until, WebhookReceiver } from './helpers';

const FROM = '+15551230000';

/** The SDK's error for a failing promise (the test fails if it resolves). */
async function failure(promise: Promise<unknown>): Promise<APIError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

function firstError(error: APIError): Record<string, unknown> {
  return ((error.error as { errors?: Record<string, unknown>[] }).errors ?? [])[0] ?? {};
}

describe('the official telnyx SDK drives the Telnyx emulator', () => {
  it('dials, follows the call by webhooks, reads its status and the active calls, hangs up', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const client = sdkFor(telnyx);
    const state = b64({ tenant: 'acme' });

    const dialed = await client.calls.dial({
      connection_id: telnyx.connectionId,
      to: scenario.answer(),
      from: FROM,
      client_state: state,
    });
    expect(dialed.data).toMatchObject({
      call_control_id: expect.stringMatching(/^v3:[A-Za-z0-9_-]+=$/),
      call_leg_id: expect.any(String),
      call_session_id: expect.any(String),
      is_alive: false,
      record_type: 'call',
      client_state: state,
    });
    const id = dialed.data!.call_control_id;
    await receiver.waitForEvent(id, 'call.answered');

    const status = await client.calls.retrieveStatus(id);
    expect(status.data).toMatchObject({ call_control_id: id, is_alive: true, client_state: state });
    const active: string[] = [];
    for await (const call of client.connections.listActiveCalls(telnyx.connectionId)) {
      active.push(call.call_control_id ?? '');
    }
    expect(active).toEqual([id]);

    await client.calls.actions.hangup(id, {});
    const hangup = await receiver.waitForEvent(id, 'call.hangup');
    expect(hangup.payload).toMatchObject({
      hangup_cause: 'normal_clearing',
      hangup_source: 'caller',
      client_state: state,
      state: 'hangup',
    });
    expect(receiver.typesFor(id)).toEqual(['call.initiated', 'call.answered', 'call.hangup']);
    const ended = await client.calls.retrieveStatus(id);
    expect(ended.data).toMatchObject({ is_alive: false, end_time: expect.any(String) });

    // The SDK's own verifier accepts every webhook the emulator signed.
    for (const webhook of receiver.received) {
      const event = await client.webhooks.unwrap(webhook.raw, { headers: webhook.headers });
      expect((event as { data?: unknown }).data).toMatchObject({
        id: webhook.eventId,
        event_type: webhook.eventType,
      });
    }
    await until(() => telnyx.stats().queuedWebhooks === 0 && telnyx.stats().timers === 0);
    expect(telnyx.stats()).toEqual(IDLE);
  });

  it('answers an inbound call, speaks, gathers digits pressed by the caller, sends DTMF, records, hangs up', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const client = sdkFor(telnyx);
    const inbound = await telnyx.simulateInbound({ from: '+15557654321', to: '+18005551234' });
    const id = inbound.callControlId;
    const initiated = await receiver.waitForEvent(id, 'call.initiated');
    expect(initiated.payload).toMatchObject({
      direction: 'incoming',
      state: 'parked',
      to: '+18005551234',
    });

    await client.calls.actions.answer(id, { client_state: b64('menu') });
    await receiver.waitForEvent(id, 'call.answered');
    await client.calls.actions.speak(id, { payload: 'Welcome', voice: 'female' });
    await receiver.waitForEvent(id, 'call.speak.ended');
    await client.calls.actions.gatherUsingSpeak(id, {
      payload: 'Press 1 2 then hash',
      voice: 'female',
      maximum_digits: 4,
    });
    expect(telnyx.remote.pressDigits(id, '12#')).toBe(true);
    const gathered = await receiver.waitForEvent(id, 'call.gather.ended');
    expect(gathered.payload).toMatchObject({
      digits: '12',
      status: 'valid',
      client_state: b64('menu'),
    });
    expect(
      receiver
        .forCall(id)
        .filter((w) => w.eventType === 'call.dtmf.received')
        .map((w) => w.payload.digit),
    ).toEqual(['1', '2', '#']);

    await client.calls.actions.sendDtmf(id, { digits: '1w2' });
    expect(telnyx.call(id)?.sentDigits).toBe('1w2');
    await client.calls.actions.startRecording(id, { channels: 'dual', format: 'wav' });
    expect(telnyx.call(id)?.recording).toMatchObject({
      channels: 'dual',
      format: 'wav',
      paused: false,
    });
    await client.calls.actions.pauseRecording(id, {});
    expect(telnyx.call(id)?.recording?.paused).toBe(true);
    await client.calls.actions.resumeRecording(id, {});
    await client.calls.actions.stopRecording(id, {});
    const saved = await receiver.waitFor((w) => w.eventType === 'call.recording.saved');
    expect(saved.payload).toMatchObject({
      call_leg_id: inbound.callLegId,
      channels: 'dual',
      recording_urls: { wav: expect.stringContaining(telnyx.httpUrl), mp3: null },
    });
    expect(saved.payload.call_control_id).toBeUndefined();

    await client.calls.actions.hangup(id, {});
    const hangup = await receiver.waitForEvent(id, 'call.hangup');
    expect(hangup.payload).toMatchObject({
      hangup_cause: 'normal_clearing',
      hangup_source: 'callee',
    });
    expect(receiver.typesFor(id)).toEqual([
      'call.initiated',
      'call.answered',
      'call.speak.started',
      'call.speak.ended',
      'call.dtmf.received',
      'call.dtmf.received',
      'call.dtmf.received',
      'call.gather.ended',
      'call.hangup',
    ]);
  });

  it('bridges two calls, transfers, plays audio and gathers, with both legs reported', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const client = sdkFor(telnyx);
    const inbound = await telnyx.simulateInbound();
    await client.calls.actions.answer(inbound.callControlId, {});
    const outbound = await client.calls.dial({
      connection_id: telnyx.connectionId,
      to: scenario.answer(),
      from: FROM,
    });
    const a = inbound.callControlId;
    const b = outbound.data!.call_control_id;
    await receiver.waitForEvent(b, 'call.answered');
    await client.calls.actions.bridge(a, { call_control_id_to_bridge_with: b });
    await receiver.waitForEvent(a, 'call.bridged');
    await receiver.waitForEvent(b, 'call.bridged');
    expect(telnyx.call(a)).toMatchObject({ state: 'bridged', bridgedWith: b });

    await client.calls.actions.startPlayback(a, { audio_url: 'https://example.test/a.mp3' });
    await receiver.waitForEvent(a, 'call.playback.started');
    const played = await receiver.waitForEvent(a, 'call.playback.ended');
    expect(played.payload).toMatchObject({
      status: 'completed',
      media_url: 'https://example.test/a.mp3',
    });
    await client.calls.actions.startPlayback(a, { media_name: 'hold', loop: 'infinity' });
    await receiver.waitForEvent(a, 'call.playback.started');
    await client.calls.actions.stopPlayback(a, {});
    expect((await receiver.waitForEvent(a, 'call.playback.ended')).payload).toBeDefined();
    await until(
      () => receiver.forCall(a).filter((w) => w.eventType === 'call.playback.ended').length === 2,
    );
    expect(receiver.forCall(a).at(-1)?.payload.status).toBe('cancelled');

    await client.calls.actions.gather(a, { maximum_digits: 1, timeout_millis: 5000 });
    telnyx.remote.pressDigits(a, '7');
    expect((await receiver.waitForEvent(a, 'call.gather.ended')).payload).toMatchObject({
      digits: '7',
      status: 'valid',
    });
    await client.calls.actions.gather(a, { timeout_millis: 5000 });
    await client.calls.actions.stopGather(a, {});
    await until(
      () => receiver.forCall(a).filter((w) => w.eventType === 'call.gather.ended').length === 2,
    );
    expect(receiver.forCall(a).at(-1)?.payload.status).toBe('cancelled');

    // Transfer A away from B: B (default unbridge rule) is hung up, A rings a new leg C.
    await client.calls.actions.transfer(a, {
      to: scenario.answer(),
      target_leg_client_state: b64('c'),
    });
    await receiver.waitForEvent(b, 'call.hangup');
    const c = telnyx.calls().find((call) => call.callControlId !== a)?.callControlId ?? '';
    expect(telnyx.call(c)).toMatchObject({
      callSessionId: inbound.callSessionId,
      clientState: b64('c'),
    });
    await receiver.waitForEvent(c, 'call.bridged');
    expect(receiver.typesFor(c)).toEqual(['call.initiated', 'call.answered', 'call.bridged']);
    expect(telnyx.call(a)).toMatchObject({ state: 'bridged', bridgedWith: c });

    // C's remote party hangs up: A follows (the default unbridge rule).
    telnyx.remote.hangup(c);
    await receiver.waitForEvent(a, 'call.hangup');
    await until(() => telnyx.stats().calls === 0);
  });

  it('surfaces 401, 404, 422 (with source.pointer), 90015, 90018, 90034 and 429 as the SDK typed errors', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver, {
      dialRateLimit: { perSecond: 1, windowMs: 2000 },
    });
    const client = sdkFor(telnyx);

    const unauthorized = await failure(
      sdkFor(telnyx, { apiKey: 'KEY_WRONG' }).calls.retrieveStatus('v3:x'),
    );
    expect(unauthorized).toBeInstanceOf(AuthenticationError);
    expect(firstError(unauthorized)).toMatchObject({
      code: '10009',
      title: 'Authentication failed',
    });

    const notFound = await failure(client.connections.listActiveCalls('999').then((page) => page));
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(firstError(notFound)).toMatchObject({ code: '10005' });

    const missing = await failure(
      client.calls.dial({ connection_id: telnyx.connectionId, to: '+15551112222' } as never),
    );
    expect(missing).toBeInstanceOf(UnprocessableEntityError);
    expect(firstError(missing)).toMatchObject({ code: '10004', source: { pointer: '/from' } });
    const notE164 = await failure(
      client.calls.dial({ connection_id: telnyx.connectionId, to: '5551112222', from: FROM }),
    );
    expect(firstError(notE164)).toMatchObject({ code: '10016', source: { pointer: '/to' } });
    const badState = await failure(
      client.calls.dial({
        connection_id: telnyx.connectionId,
        to: FROM,
        from: FROM,
        client_state: 'not base64!',
      }),
    );
    expect(firstError(badState)).toMatchObject({ source: { pointer: '/client_state' } });

    const unknown = await failure(client.calls.actions.answer('v3:nope-_==', {}));
    expect(firstError(unknown)).toMatchObject({ code: '90015' });

    const inbound = await telnyx.simulateInbound();
    const notAnswered = await failure(
      client.calls.actions.speak(inbound.callControlId, { payload: 'hi', voice: 'female' }),
    );
    expect(notAnswered).toBeInstanceOf(UnprocessableEntityError);
    expect(firstError(notAnswered)).toMatchObject({
      code: '90034',
      title: 'Call not answered yet',
    });
    const gatherFirst = await failure(client.calls.actions.gather(inbound.callControlId, {}));
    expect(firstError(gatherFirst)).toMatchObject({ code: '90034' });

    await client.calls.actions.reject(inbound.callControlId, { cause: 'USER_BUSY' });
    const hangup = await receiver.waitForEvent(inbound.callControlId, 'call.hangup');
    expect(hangup.payload).toMatchObject({ hangup_cause: 'user_busy', sip_hangup_cause: '486' });
    const ended = await failure(client.calls.actions.hangup(inbound.callControlId, {}));
    expect(ended).toBeInstanceOf(UnprocessableEntityError);
    expect(firstError(ended)).toMatchObject({ code: '90018', title: 'Call has already ended' });

    // Dial limit 1/s over 2 s: two dials fit, the third is 429 90103 with Retry-After.
    for (let index = 0; index < 2; index += 1) {
      await client.calls.dial({
        connection_id: telnyx.connectionId,
        to: scenario.busy(),
        from: FROM,
      });
    }
    const limited = await failure(
      client.calls.dial({ connection_id: telnyx.connectionId, to: scenario.busy(), from: FROM }),
    );
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(firstError(limited)).toMatchObject({ code: '90103' });
    expect(Number(limited.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const noResource = await failure(
      client.calls.dial({
        connection_id: telnyx.connectionId,
        to: scenario.noResource(),
        from: FROM,
      }),
    );
    expect(noResource).toBeInstanceOf(InternalServerError);
    expect(noResource.status).toBe(503);
    expect(firstError(noResource)).toMatchObject({ code: '10007' });
  });

  it('lets the SDK retry a lost 500 answer with the same command_id without a second effect', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const client = sdkFor(telnyx, { maxRetries: 1 });
    telnyx.faults.failRequests(1, { afterEffect: true });
    const dialed = await client.calls.dial({
      connection_id: telnyx.connectionId,
      to: scenario.answer(),
      from: FROM,
      command_id: 'dial-once',
    });
    // The first answer was lost after the call was placed; the retry got the same call back.
    expect(telnyx.calls()).toHaveLength(1);
    expect(dialed.data?.call_control_id).toBe(telnyx.calls()[0]?.callControlId);
    expect(telnyx.requests().map((request) => [request.status, request.replayed])).toEqual([
      [500, false],
      [200, true],
    ]);
  });
});
