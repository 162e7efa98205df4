import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_APP_IDS, DEFAULT_TOKEN, scenario } from '../src/index';
import { client, fastEmulator, fetchJson, until } from './helpers/fixtures';
import type { Message } from './helpers/rawClient';

const APPID = DEFAULT_APP_IDS[0];

describe('HTTP side', () => {
  it('websocket-status follows a session: register, subscribe, close', async () => {
    await using emulator = await fastEmulator();
    const url = `${emulator.httpUrl}/v1/api/websocket-status`;
    expect((await fetchJson(url)).body).toEqual({ client_count: 0, clients: [] });
    const c = await client(emulator, {
      clientId: 'status_1',
      subscribeNumbers: ['+1 800 555 1234', '15559876543'],
    });
    const registered = await fetchJson(url);
    expect(registered.headers.get('access-control-allow-origin')).toBe('*');
    expect(registered.body).toEqual({
      client_count: 1,
      clients: [
        {
          client_id: 'status_1',
          subscribed_numbers: ['18005551234', '15559876543'],
          appid: APPID,
          session_id: c.greeting.session_id,
          connected_at: expect.any(Number),
        },
      ],
    });
    await c.command('subscribe', { numbers: ['18007771234'] });
    expect((await fetchJson(url)).body.clients).toMatchObject([
      { subscribed_numbers: ['18007771234'] },
    ]);
    expect(emulator.status()).toEqual((await fetchJson(url)).body);
    await c.close();
    await until(() => emulator.status().client_count === 0);
    expect((await fetchJson(url)).body).toEqual({ client_count: 0, clients: [] });
  });

  it('POST /v1/api/service lookup: held until accept → 200 bundle; 500 with nobody', async () => {
    await using emulator = await fastEmulator();
    const service = `${emulator.httpUrl}/v1/api/service`;
    const nobody = await fetchJson(service, {
      body: { action: 'lookup', did: '18005551234', pin: '', callerid: '+1555', callid: 'h0' },
    });
    expect(nobody.status).toBe(500);
    await using c = await client(emulator);
    const held = fetchJson(service, {
      body: {
        action: 'lookup',
        did: '18005551234',
        pin: '9999',
        callerid: '+15551234567',
        callid: 'http_1',
        sip_headers: {},
      },
    });
    const incoming = await c.waitForEvent('call_incoming', 'http_1');
    expect(incoming).toMatchObject({ from: '+15551234567', pin: '9999' });
    await c.command('accept', {
      callid: 'http_1',
      token: APPID,
      channel: 'web',
      uid: '3',
      sdk_options: '{"a":1}',
      audio_scenario: '10',
      video: true,
    });
    const answer = await held;
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      token: APPID,
      channel: 'web',
      uid: '3',
      appid: APPID,
      webhook_url: `${emulator.httpUrl}/webhook`,
      sdk_options: '{"a":1}',
      audio_scenario: '10',
      video: true,
    });
    expect(emulator.calls()).toMatchObject([{ callid: 'http_1', video: true }]);
    expect((await fetchJson(service, { body: { action: 'nope' } })).status).toBe(400);
    expect((await fetchJson(service, { body: { action: 'lookup' } })).status).toBe(400);
  });

  it('a gateway that abandons its lookup request cancels the held lookup', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const controller = new AbortController();
    const request = fetch(`${emulator.httpUrl}/v1/api/service`, {
      method: 'POST',
      body: JSON.stringify({ action: 'lookup', did: '18005551234', callid: 'gone_1' }),
      signal: controller.signal,
    });
    await c.waitForEvent('call_incoming', 'gone_1');
    controller.abort();
    await expect(request).rejects.toThrow();
    await until(() => emulator.stats().heldLookups === 0);
    expect(
      (await c.command('accept', { callid: 'gone_1', token: APPID, channel: 'c', uid: '1' })).error,
    ).toBe('callid not found');
  });

  it('GET /v1/api/service?action=status checks auth', async () => {
    await using emulator = await fastEmulator();
    const base = `${emulator.httpUrl}/v1/api/service?action=status`;
    expect((await fetchJson(`${base}&auth=wrong`)).status).toBe(401);
    const ok = await fetchJson(`${base}&auth=${encodeURIComponent(DEFAULT_TOKEN.slice(6))}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'ok', sessions: 0, calls: 0 });
    expect(JSON.stringify(ok.body)).not.toContain(DEFAULT_TOKEN.slice(6));
  });

  it('POST /webhook routes a gateway event to the leg owner only', async () => {
    await using emulator = await fastEmulator();
    await using owner = await client(emulator);
    await using other = await client(emulator);
    const dial = await owner.command('outbound', {
      to: scenario.answer(),
      channel: 'wh',
      uid: '1',
      token: APPID,
    });
    const callid = String((dial.data as Message).callid);
    await owner.waitForEvent('agora_bridge_start', callid);
    const event = { event: 'agora_bridge_failed', callid, rebridge: true, reason: 'join failed' };
    expect((await fetchJson(`${emulator.httpUrl}/webhook`, { body: event })).body).toEqual({
      delivered: true,
    });
    expect(await owner.waitForEvent('agora_bridge_failed', callid)).toEqual(event);
    // By appid:channel:uid when the callid is empty (like call_initiated).
    const byKey = { event: 'custom', callid: '', appid: APPID, channel: 'wh', uid: '1' };
    expect(emulator.injectEvent(byKey)).toBe(true);
    await owner.waitForEvent('custom');
    expect(
      (await fetchJson(`${emulator.httpUrl}/webhook`, { body: { event: 'x', callid: 'unknown' } }))
        .body,
    ).toEqual({ delivered: false });
    // A call_hangup injected through the webhook ends the leg.
    expect(
      emulator.injectEvent({ event: 'call_hangup', callid, hangup_cause: 'NORMAL_CLEARING' }),
    ).toBe(true);
    await owner.waitForEvent('call_hangup', callid);
    expect(emulator.calls()).toEqual([]);
    expect(other.events()).toEqual([]);
  });

  it('CORS preflight, unknown routes, bad bodies', async () => {
    await using emulator = await fastEmulator();
    const preflight = await fetch(`${emulator.httpUrl}/v1/emulator/faults`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect((await fetchJson(`${emulator.httpUrl}/nowhere`)).status).toBe(404);
    const bad = await fetch(`${emulator.httpUrl}/webhook`, { method: 'POST', body: '{oops' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid JSON' });
  });

  it('refuses WebSocket upgrades on other paths', async () => {
    await using emulator = await fastEmulator();
    const ws = new WebSocket(`ws://127.0.0.1:${emulator.port}/other`);
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => {});
    });
    expect(status).toBe(404);
  });

  it('control API: inbound, calls, stats, remote dtmf/hangup, quirks', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const control = `${emulator.httpUrl}/v1/emulator`;
    const inbound = await fetchJson(`${control}/inbound`, {
      body: { did: '+18005551234', from: '+15550001111' },
    });
    const callid = String(inbound.body.callid);
    const incoming = await c.waitForEvent('call_incoming', callid);
    expect(incoming.from).toBe('+15550001111');
    await c.command('accept', { callid, token: APPID, channel: 'ctl', uid: '4' });
    await c.waitForEvent('agora_bridge_start', callid);
    const calls = await fetchJson(`${control}/calls`);
    expect(calls.body.calls).toMatchObject([
      {
        callid,
        direction: 'inbound',
        state: 'bridged',
        bridged: true,
        clientId: c.clientId,
        ownerConnected: true,
      },
    ]);
    expect((await fetchJson(`${control}/stats`)).body).toMatchObject({
      sessions: 1,
      calls: 1,
      heldLookups: 0,
    });
    expect(
      (await fetchJson(`${control}/remote/dtmf`, { body: { callid, digits: '12' } })).body,
    ).toEqual({ ok: true, callid, digits: '12' });
    const dtmf = await c.waitForCount((m) => m.event === 'dtmf_received' && m.callid === callid, 2);
    expect(dtmf.map((m) => m.digits)).toEqual(['1', '2']);
    expect(
      (await fetchJson(`${control}/remote/dtmf`, { body: { callid, digits: 'zz' } })).status,
    ).toBe(400);
    expect(
      (await fetchJson(`${control}/remote/hangup`, { body: { callid, cause: 'USER_BUSY' } })).body,
    ).toEqual({ ok: true, callid, cause: 'USER_BUSY' });
    expect((await c.waitForEvent('call_hangup', callid)).hangup_cause).toBe('USER_BUSY');
    expect((await fetchJson(`${control}/remote/hangup`, { body: { callid } })).body).toMatchObject({
      ok: false,
    });
    expect((await fetchJson(`${control}/remote/hangup`, { body: {} })).status).toBe(400);
    expect((await fetchJson(`${control}/quirks`, { body: { on: true } })).body).toEqual({
      quirks: true,
    });
    expect(emulator.options.quirks).toBe(true);
    expect((await fetchJson(`${control}/quirks`, { body: { on: 'yes' } })).status).toBe(400);
    expect((await fetchJson(`${control}/inbound`, { body: {} })).status).toBe(400);
  });
});
