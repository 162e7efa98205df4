import { describe, expect, it } from 'vitest';
import { scenario, type TelnyxEmulator } from '../../src/index';
import { b64, fastTelnyx, sdkFor, until, WebhookReceiver } from './helpers';

const FROM = '+15551230000';

/** A raw `/v2` request (status, parsed body, headers), bypassing the SDK. */
async function api(
  telnyx: TelnyxEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<{
  status: number;
  body: { data?: Record<string, unknown>; errors?: Record<string, unknown>[] };
  headers: Headers;
}> {
  const response = await fetch(`${telnyx.apiBase}${path}`, {
    method,
    headers: { Authorization: `Bearer ${telnyx.apiKey}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: (await response.json()) as never,
    headers: response.headers,
  };
}

async function answeredInbound(telnyx: TelnyxEmulator, receiver: WebhookReceiver): Promise<string> {
  const inbound = await telnyx.simulateInbound();
  await sdkFor(telnyx).calls.actions.answer(inbound.callControlId, {});
  await receiver.waitForEvent(inbound.callControlId, 'call.answered');
  return inbound.callControlId;
}

describe('command_id idempotency', () => {
  it('a repeated command_id on a call answers the same and has no second effect', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const id = await answeredInbound(telnyx, receiver);
    const path = `/calls/${id}/actions/speak`;
    const speak = { payload: 'hi', voice: 'female', command_id: 'speak-1' };
    const first = await api(telnyx, 'POST', path, speak);
    const again = await api(telnyx, 'POST', path, speak);
    expect(first).toMatchObject({ status: 200, body: { data: { result: 'ok' } } });
    expect(again.body).toEqual(first.body);
    await receiver.waitForEvent(id, 'call.speak.ended');
    await until(() => telnyx.stats().timers === 0);
    expect(receiver.typesFor(id).filter((type) => type === 'call.speak.started')).toHaveLength(1);
    expect(
      telnyx
        .requests()
        .filter((r) => r.action === 'speak')
        .map((r) => r.replayed),
    ).toEqual([false, true]);

    // The same id with another body on the same call is still the first command.
    expect(
      (await api(telnyx, 'POST', `/calls/${id}/actions/hangup`, { command_id: 'speak-1' })).status,
    ).toBe(200);
    expect(telnyx.call(id)?.state).toBe('answered');

    // A retried hangup after the call ended gets its first answer back, not 90018.
    await api(telnyx, 'POST', `/calls/${id}/actions/hangup`, { command_id: 'bye' });
    await receiver.waitForEvent(id, 'call.hangup');
    expect(
      (await api(telnyx, 'POST', `/calls/${id}/actions/hangup`, { command_id: 'bye' })).status,
    ).toBe(200);
    const late = await api(telnyx, 'POST', `/calls/${id}/actions/hangup`, { command_id: 'other' });
    expect(late.body.errors?.[0]).toMatchObject({ code: '90018' });
  });

  it('a repeated dial command_id returns the same call; after the window it dials again', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver, { commandIdWindowMs: 400 });
    const dial = {
      connection_id: telnyx.connectionId,
      to: scenario.busy(),
      from: FROM,
      command_id: 'd-1',
    };
    const first = await api(telnyx, 'POST', '/calls', dial);
    const second = await api(telnyx, 'POST', '/calls', dial);
    expect(second.body).toEqual(first.body);
    await new Promise((resolve) => setTimeout(resolve, 450));
    const third = await api(telnyx, 'POST', '/calls', dial);
    expect(third.body.data?.call_control_id).not.toBe(first.body.data?.call_control_id);
    expect(
      telnyx
        .requests()
        .filter((r) => r.action === 'dial')
        .map((r) => r.replayed),
    ).toEqual([false, true, false]);
    // A failed command is not remembered: fixing it and retrying with the same id works.
    const broken = await api(telnyx, 'POST', '/calls', { ...dial, command_id: 'd-2', from: 'x' });
    expect(broken.status).toBe(422);
    expect((await api(telnyx, 'POST', '/calls', { ...dial, command_id: 'd-2' })).status).toBe(200);
  });
});

describe('client_state', () => {
  it('is echoed on later webhooks, replaced by a command’s or client_state_update’s, cleared by ""', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const client = sdkFor(telnyx);
    const inbound = await telnyx.simulateInbound();
    const id = inbound.callControlId;
    await receiver.waitForEvent(id, 'call.initiated');
    expect(receiver.forCall(id)[0]?.payload.client_state).toBeUndefined();
    await client.calls.actions.answer(id, { client_state: b64({ step: 1 }) });
    expect((await receiver.waitForEvent(id, 'call.answered')).payload.client_state).toBe(
      b64({ step: 1 }),
    );
    await client.calls.actions.updateClientState(id, { client_state: b64({ step: 2 }) });
    await client.calls.actions.speak(id, { payload: 'a', voice: 'female' });
    expect((await receiver.waitForEvent(id, 'call.speak.ended')).payload.client_state).toBe(
      b64({ step: 2 }),
    );
    await client.calls.actions.hangup(id, { client_state: '' });
    expect((await receiver.waitForEvent(id, 'call.hangup')).payload.client_state).toBeUndefined();
  });

  it('must be base64 within maxClientStateLength; a bad one fails the whole command', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver, { maxClientStateLength: 8 });
    const id = await answeredInbound(telnyx, receiver);
    for (const state of ['not base64', 'abc', b64('much too long for eight')]) {
      const answer = await api(telnyx, 'POST', `/calls/${id}/actions/speak`, {
        payload: 'x',
        voice: 'female',
        client_state: state,
      });
      expect(answer.status).toBe(422);
      expect(answer.body.errors?.[0]).toMatchObject({ source: { pointer: '/client_state' } });
    }
    const missing = await api(telnyx, 'PUT', `/calls/${id}/actions/client_state_update`, {});
    expect(missing.body.errors?.[0]).toMatchObject({
      code: '10004',
      source: { pointer: '/client_state' },
    });
    await until(() => telnyx.stats().timers === 0);
    expect(receiver.typesFor(id)).toEqual(['call.initiated', 'call.answered']);
    expect(telnyx.call(id)?.clientState).toBeUndefined();
  });
});

describe('rate limits', () => {
  it('dials beyond the rolling window get 429 90103 with Retry-After, and fit again once it rolled', async () => {
    await using telnyx = await fastTelnyx(undefined, {
      dialRateLimit: { perSecond: 4, windowMs: 500 },
    });
    const dial = { connection_id: telnyx.connectionId, to: scenario.busy(), from: FROM };
    expect((await api(telnyx, 'POST', '/calls', dial)).status).toBe(200);
    expect((await api(telnyx, 'POST', '/calls', dial)).status).toBe(200);
    const limited = await api(telnyx, 'POST', '/calls', dial);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.body.errors?.[0]).toMatchObject({ code: '90103' });
    await new Promise((resolve) => setTimeout(resolve, 550));
    expect((await api(telnyx, 'POST', '/calls', dial)).status).toBe(200);
    // Commands other than dial are not dial-limited.
    expect(
      (await api(telnyx, 'GET', `/calls/${telnyx.calls()[0]?.callControlId ?? 'x'}`)).status,
    ).not.toBe(429);
  });

  it('the optional general limit answers 429 10011 for any /v2 request', async () => {
    await using telnyx = await fastTelnyx(undefined, {
      apiRateLimit: { perSecond: 1, windowMs: 2000 },
    });
    expect((await api(telnyx, 'GET', '/calls/v3:a')).status).toBe(422);
    expect((await api(telnyx, 'GET', '/calls/v3:a')).status).toBe(422);
    const limited = await api(telnyx, 'GET', '/calls/v3:a');
    expect(limited.status).toBe(429);
    expect(limited.body.errors?.[0]).toMatchObject({ code: '10011', title: 'Too many requests' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('the default dial limit is 30/s over 5 s: 150 dials fit, the 151st does not', async () => {
    await using telnyx = await fastTelnyx(undefined, { maxCalls: 1000 });
    const dial = { connection_id: telnyx.connectionId, to: scenario.busy(), from: FROM };
    const statuses: number[] = [];
    for (let index = 0; index < 151; index += 1)
      statuses.push((await api(telnyx, 'POST', '/calls', dial)).status);
    expect(statuses.slice(0, 150).every((status) => status === 200)).toBe(true);
    expect(statuses[150]).toBe(429);
  });
});

describe('request validation', () => {
  it.each([
    ['POST', '/calls', { to: '+15551112222', from: FROM }, '10004', '/connection_id'],
    [
      'POST',
      '/calls',
      { connection_id: 'other', to: '+15551112222', from: FROM },
      '10015',
      '/connection_id',
    ],
    ['POST', '/calls', { connection_id: 'C', to: ['+15551112222', 5], from: FROM }, '10015', '/to'],
    [
      'POST',
      '/calls',
      { connection_id: 'C', to: '+15551112222', from: FROM, timeout_secs: 2 },
      '10033',
      '/timeout_secs',
    ],
    [
      'POST',
      '/calls',
      { connection_id: 'C', to: '+15551112222', from: FROM, webhook_url: 'ftp://x' },
      '10003',
      '/webhook_url',
    ],
    [
      'POST',
      '/calls',
      { connection_id: 'C', to: '+15551112222', from: FROM, webhook_url_method: 'GET' },
      '10015',
      '/webhook_url_method',
    ],
    [
      'POST',
      '/calls',
      { connection_id: 'C', to: '+15551112222', from: FROM, answering_machine_detection: 'x' },
      '10032',
      '/answering_machine_detection',
    ],
    [
      'POST',
      '/calls',
      { connection_id: 'C', to: '+15551112222', from: FROM, link_to: 'v3:none' },
      '10015',
      '/link_to',
    ],
  ])('%s %s %j → %s at %s', async (method, path, body, code, pointer) => {
    await using telnyx = await fastTelnyx(undefined);
    const resolved = JSON.parse(
      JSON.stringify(body).replace('"C"', JSON.stringify(telnyx.connectionId)),
    );
    const answer = await api(telnyx, method, path, resolved);
    expect(answer.status).toBe(422);
    expect(answer.body.errors?.[0]).toMatchObject({ code, source: { pointer } });
    expect(telnyx.calls()).toEqual([]);
  });

  it('checks every command’s own fields before acting', async () => {
    await using receiver = await WebhookReceiver.start();
    await using telnyx = await fastTelnyx(receiver);
    const id = await answeredInbound(telnyx, receiver);
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['reject', { cause: 'CALL_REJECTED' }, '10015', '/call_control_id'],
      ['answer', {}, '10015', '/call_control_id'],
      ['speak', { voice: 'female' }, '10004', '/payload'],
      ['send_dtmf', { digits: '12x' }, '10015', '/digits'],
      ['send_dtmf', { digits: '1', duration_millis: 50 }, '10033', '/duration_millis'],
      ['playback_start', {}, '10004', '/audio_url'],
      ['playback_start', { media_name: 'm', loop: 0 }, '10015', '/loop'],
      ['gather', { minimum_digits: 5, maximum_digits: 2 }, '10015', '/minimum_digits'],
      ['gather', { terminating_digit: '##' }, '10015', '/terminating_digit'],
      ['gather', { valid_digits: 'xyz' }, '10015', '/valid_digits'],
      ['record_start', { format: 'wav' }, '10004', '/channels'],
      ['record_start', { channels: 'stereo', format: 'wav' }, '10032', '/channels'],
      ['transfer', {}, '10004', '/to'],
      ['transfer', { to: '12' }, '10016', '/to'],
      ['bridge', {}, '10004', '/call_control_id'],
      ['bridge', { call_control_id: id }, '10015', '/call_control_id'],
      ['bridge', { call_control_id: 'v3:nobody' }, '90015', '/call_control_id'],
    ];
    for (const [verb, body, code, pointer] of cases) {
      const answer = await api(telnyx, 'POST', `/calls/${id}/actions/${verb}`, body);
      expect([verb, answer.status, answer.body.errors?.[0]]).toMatchObject([
        verb,
        422,
        { code, source: { pointer } },
      ]);
    }
    const noRecording = await api(telnyx, 'POST', `/calls/${id}/actions/record_stop`, {});
    expect(noRecording.body.errors?.[0]).toMatchObject({ code: '10015', detail: /No recording/ });
    await until(() => telnyx.stats().timers === 0);
    expect(receiver.typesFor(id)).toEqual(['call.initiated', 'call.answered']);
    expect(telnyx.call(id)).toMatchObject({
      state: 'answered',
      sentDigits: '',
      audioQueued: 0,
      gathering: false,
    });
  });
});
