import { describe, expect, it } from 'vitest';
import { fetchJson } from '../helpers/fixtures';
import { AcClient } from './helpers/acClient';
import { AC_IDLE, fastActiveCall, TTS, until } from './helpers/fixtures';
import { startWebhookReceiver } from './helpers/webhookReceiver';

describe("RustPBX's REST routes (§2.1)", () => {
  it('GET /list: {active_calls:[{id, callType, "cs.option", ringTime, startTime}]}', async () => {
    await using emulator = await fastActiveCall();
    await using sip = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'l-sip' });
    await using ws = await AcClient.open(emulator.wsUrl, '/call', { id: 'l-ws' });
    sip.send({ command: 'invite', option: { callee: 'sip:u@x', sip: { password: 'secret-pw' } } });
    await sip.waitFor('answer');
    const { status, body } = await fetchJson(`${emulator.httpUrl}/list`);
    expect(status).toBe(200);
    const calls = (body.active_calls as Record<string, unknown>[]).sort((a, b) =>
      String(a.id).localeCompare(String(b.id)),
    );
    expect(calls).toEqual([
      {
        id: 'l-sip',
        callType: 'sip',
        'cs.option': { callee: 'sip:u@x', sip: { password: '[redacted]' } },
        ringTime: expect.stringMatching(/\+00:00$/),
        startTime: expect.stringMatching(/\+00:00$/),
      },
      { id: 'l-ws', callType: 'webSocket', 'cs.option': null, ringTime: null, startTime: null },
    ]);
    expect(ws.events).toEqual([]);
  });

  it('GET /kill/{id}: killed (the session ends like a hangup) or not_found', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'k 1' });
    client.send({ command: 'invite', option: { callee: 'sip:u@x' } });
    await client.waitFor('answer');
    expect((await fetchJson(`${emulator.httpUrl}/kill/k%201`)).body).toEqual({
      status: 'killed',
      id: 'k 1',
    });
    await client.waitClosed();
    expect(client.names().slice(-2)).toEqual(['trackEnd', 'hangup']);
    expect((await fetchJson(`${emulator.httpUrl}/kill/k%201`)).body).toEqual({
      status: 'not_found',
      id: 'k 1',
    });
    expect(emulator.kill('nobody')).toBe(false);
  });

  it('GET /iceservers: [] by default (offline), the configured list otherwise', async () => {
    await using plain = await fastActiveCall();
    expect((await fetch(`${plain.httpUrl}/iceservers`).then((r) => r.json())) as unknown).toEqual(
      [],
    );
    const iceServers = [
      { urls: ['stun:127.0.0.1:3478'] },
      { urls: ['turn:127.0.0.1'], username: 'u', credential: 'c' },
    ];
    await using configured = await fastActiveCall({ iceServers });
    expect(
      (await fetch(`${configured.httpUrl}/iceservers`).then((r) => r.json())) as unknown,
    ).toEqual(iceServers);
  });

  it('answers unknown routes 404, plain GETs of session paths 426, wrong methods 405, CORS preflight 204, bad encoding 400', async () => {
    await using emulator = await fastActiveCall();
    expect((await fetchJson(`${emulator.httpUrl}/call/lists`)).status).toBe(404);
    expect((await fetchJson(`${emulator.httpUrl}/call/sip`)).body).toEqual({
      error: 'WebSocket upgrade required',
    });
    expect((await fetchJson(`${emulator.httpUrl}/list`, { method: 'POST', body: {} })).status).toBe(
      405,
    );
    expect(
      (await fetchJson(`${emulator.httpUrl}/kill/x`, { method: 'POST', body: {} })).status,
    ).toBe(405);
    expect((await fetch(`${emulator.httpUrl}/list`, { method: 'OPTIONS' })).status).toBe(204);
    expect((await fetchJson(`${emulator.httpUrl}/kill/%E0%A4%A`)).status).toBe(400);
  });
});

describe('control API (/v1/emulator/)', () => {
  it('inbound, remote controls, sessions, frames, stats over HTTP', async () => {
    await using receiver = await startWebhookReceiver();
    await using emulator = await fastActiveCall({ webhookUrl: receiver.url });
    const inbound = await fetchJson(`${emulator.httpUrl}/v1/emulator/inbound`, {
      body: { caller: 'sip:9@x' },
    });
    expect(inbound.body).toMatchObject({ delivered: true, status: 200, pending: true });
    const dialogId = String(inbound.body.dialogId);
    expect((await receiver.nth(1)).body.caller).toBe('sip:9@x');
    const outcome = await fetchJson(
      `${emulator.httpUrl}/v1/emulator/inbound/${encodeURIComponent(dialogId)}`,
    );
    expect(outcome.body).toEqual({ dialogId, state: 'pending' });
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: dialogId });
    client.send({ command: 'accept', option: { asr: { provider: 'p' }, tts: TTS } });
    await client.waitFor('answer');
    const post = (path: string, body: unknown) =>
      fetchJson(`${emulator.httpUrl}/v1/emulator/${path}`, { body });
    expect((await post('remote/dtmf', { id: dialogId, digits: '7' })).body).toEqual({ ok: true });
    expect((await post('remote/speak', { id: dialogId, text: 'hello', partials: 0 })).body).toEqual(
      { ok: true },
    );
    expect((await post('remote/hold', { id: dialogId, onHold: true })).body).toEqual({ ok: true });
    await client.waitFor('asrFinal');
    await client.waitFor('hold');
    const sessions = await fetchJson(`${emulator.httpUrl}/v1/emulator/sessions`);
    expect(sessions.body.sessions).toEqual([
      expect.objectContaining({
        id: dialogId,
        callType: 'sip',
        state: 'answered',
        direction: 'inbound',
      }),
    ]);
    const frames = await fetchJson(
      `${emulator.httpUrl}/v1/emulator/frames?sessionId=${encodeURIComponent(dialogId)}`,
    );
    expect(frames.body.frames).toEqual([
      expect.objectContaining({
        accepted: true,
        frame: expect.objectContaining({ command: 'accept' }),
      }),
    ]);
    expect((await post('remote/hangup', { id: dialogId })).body).toEqual({ ok: true });
    await client.waitClosed();
    await until(() => emulator.stats().sessions === 0);
    expect((await fetchJson(`${emulator.httpUrl}/v1/emulator/stats`)).body).toEqual(AC_IDLE);
    expect((await fetchJson(`${emulator.httpUrl}/v1/emulator/inbound/unknown`)).status).toBe(404);
  });

  it('faults over HTTP', async () => {
    await using emulator = await fastActiveCall();
    await using client = await AcClient.open(emulator.wsUrl, '/call/sip', { id: 'hf' });
    const post = (body: unknown) => fetchJson(`${emulator.httpUrl}/v1/emulator/faults`, { body });
    expect((await post({ dropEvents: 1, delayEvents: 5 })).status).toBe(200);
    expect((await post({ stall: { sessionId: 'hf' } })).body).toEqual({ stalled: 1 });
    expect((await post({ reset: true })).body).toEqual({ reset: true });
    expect((await post({ close: { code: 4001, sessionId: 'hf' } })).body).toEqual({ closed: 1 });
    expect((await client.waitClosed()).code).toBe(4001);
    expect((await post({ drop: true })).body).toEqual({ dropped: 0 });
    expect((await post({ dropEvents: 'some' })).status).toBe(400);
    expect((await post({ close: { code: 1005 } })).body).toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect((await post({ stall: 'x' })).status).toBe(400);
  });

  it('refuses bad bodies with a JSON 400/413 and typed messages', async () => {
    await using emulator = await fastActiveCall();
    const url = `${emulator.httpUrl}/v1/emulator/remote/dtmf`;
    const invalidJson = await fetch(url, { method: 'POST', body: '{nope' });
    expect(invalidJson.status).toBe(400);
    expect(await invalidJson.json()).toEqual({ error: 'invalid JSON' });
    expect((await fetchJson(url, { body: { id: 'x' } })).body).toEqual({
      error: 'digits must be a non-empty string',
    });
    expect((await fetchJson(url, { body: { id: 'x', digits: 'zz' } })).body).toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    const huge = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ id: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect(
      (await fetchJson(`${emulator.httpUrl}/v1/emulator/inbound`, { body: { webhookUrl: 'nope' } }))
        .status,
    ).toBe(400);
    expect((await fetchJson(`${emulator.httpUrl}/v1/emulator/nothing`)).status).toBe(404);
  });
});
