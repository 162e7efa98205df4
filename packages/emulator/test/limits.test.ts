import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_APP_IDS, DEFAULT_LIMITS, type EmulatorLimits, scenario } from '../src/index';
import { Session } from '../src/session';
import { client, fastEmulator, fetchJson, IDLE_STATS, until } from './helpers/fixtures';
import { type Message, RawClient } from './helpers/rawClient';

const APPID = DEFAULT_APP_IDS[0];

/** The status and JSON body of a WebSocket upgrade the server refused. */
function refusedUpgrade(url: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => reject(new Error('the upgrade was accepted')));
    ws.on('error', () => {});
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
  });
}

/** Sends raw bytes and resolves with everything the server answered before closing. */
function rawHttp(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
    socket.write(request);
  });
}

async function dial(c: RawClient, channel: string, to = scenario.answer()): Promise<Message> {
  return c.command('outbound', { to, channel, uid: '1', token: APPID });
}

describe('limits: every cap answers a clear error and the emulator keeps serving', () => {
  it('rejects unknown or out-of-range limits', async () => {
    const { startEmulator } = await import('../src/index');
    for (const limits of [
      { maxCalls: 0 },
      { maxTimers: 1.5 },
      { maxBodyBytes: Number.NaN },
      { maxFrames: 10 } as Partial<EmulatorLimits>,
    ]) {
      await expect(startEmulator({ limits })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    }
    await using emulator = await fastEmulator({ limits: { maxCalls: 5 } });
    expect(emulator.options.limits).toEqual({ ...DEFAULT_LIMITS, maxCalls: 5 });
  });

  it('sessions per IP: the next upgrade gets 429 with a JSON error; a freed slot is usable again', async () => {
    await using emulator = await fastEmulator({ limits: { maxSessionsPerIp: 2 } });
    const first = await client(emulator);
    await using second = await RawClient.connect(emulator.wsUrl);
    expect(await refusedUpgrade(emulator.wsUrl)).toEqual({
      status: 429,
      body: { error: 'too many sessions from 127.0.0.1 (limit 2)' },
    });
    await first.close();
    await until(() => emulator.stats().sessions === 1);
    await using third = await client(emulator);
    expect((await third.command('subscribe', { numbers: [] })).status_code).toBe(200);
    expect(second.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('held lookups: past the cap a lookup is answered 503 at once', async () => {
    await using emulator = await fastEmulator({ limits: { maxHeldLookups: 2 } });
    await using c = await client(emulator);
    void emulator.simulateInbound({ did: '18005551234', callid: 'held_1' });
    void emulator.simulateInbound({ did: '18005551234', callid: 'held_2' });
    expect(await emulator.simulateInbound({ did: '18005551234', callid: 'held_3' })).toEqual({
      status: 503,
      body: { error: 'too many held lookups (limit 2)' },
      callid: 'held_3',
    });
    const viaHttp = await fetchJson(`${emulator.httpUrl}/v1/emulator/inbound`, {
      body: { did: '18005551234', callid: 'held_4' },
    });
    expect(viaHttp.body).toMatchObject({
      offeredTo: 0,
      lookup: { status: 503 },
      warning:
        'the lookup was answered 503 (too many held lookups (limit 2)): nobody got call_incoming',
    });
    // A loopback dial that cannot hold its lookup fails instead of ringing forever.
    const loop = await dial(c, 'loop', '+18005551234');
    const callid = String((loop.data as Message).callid);
    expect((await c.waitForEvent('call_hangup', callid)).hangup_cause).toBe(
      'NORMAL_TEMPORARY_FAILURE',
    );
    expect(c.events((m) => m.event === 'call_incoming').map((m) => m.callid)).toEqual([
      'held_1',
      'held_2',
    ]);
  });

  it('calls: past the cap outbound gets the 503 no-resource reply and accept a 503', async () => {
    await using emulator = await fastEmulator({ limits: { maxCalls: 2 } });
    await using c = await client(emulator);
    expect((await dial(c, 'c1')).status_code).toBe(200);
    expect((await dial(c, 'c2')).status_code).toBe(200);
    expect(await dial(c, 'c3')).toMatchObject({
      response: 'outbound',
      status_code: 503,
      data: { success: false, error: 'No resource currently available' },
    });
    void emulator.simulateInbound({ did: '18005551234', callid: 'full_1' });
    await c.waitForEvent('call_incoming', 'full_1');
    const accept = await c.command('accept', {
      callid: 'full_1',
      token: APPID,
      channel: 'b',
      uid: '2',
    });
    expect(accept).toMatchObject({ status_code: 503, error: expect.stringMatching(/No resource/) });
    expect(emulator.stats()).toMatchObject({ calls: 2, heldLookups: 1 });
  });

  it('timers: past the cap scheduling commands and control routes get 503, hangups still work', async () => {
    await using emulator = await fastEmulator({
      limits: { maxTimers: 3 },
      timing: { dtmfEchoMs: 60_000, gatewayMs: 1, ringMs: 1, answerMs: 1, bridgeMs: 1 },
    });
    await using c = await client(emulator);
    const callid = String(((await dial(c, 'timers')).data as Message).callid);
    await c.waitForEvent('agora_bridge_start', callid);
    for (let i = 0; i < 3; i += 1) {
      expect((await c.command('send_dtmf', { callid, digits: '1' })).status_code).toBe(200);
    }
    expect(emulator.stats().timers).toBe(3);
    expect(await c.command('send_dtmf', { callid, digits: '1' })).toMatchObject({
      status_code: 503,
      error: 'emulator busy: 3 timers pending (limits.maxTimers)',
    });
    expect((await dial(c, 'more')).status_code).toBe(503);
    const viaHttp = await fetchJson(`${emulator.httpUrl}/v1/emulator/remote/dtmf`, {
      body: { callid, digits: '1' },
    });
    expect(viaHttp).toMatchObject({ status: 503, body: { error: expect.stringMatching(/busy/) } });
    // Ending a call is never refused, and it frees the call's timers.
    expect((await c.command('endcall', { callid })).status_code).toBe(200);
    await c.waitForEvent('call_hangup', callid);
    expect(emulator.stats().timers).toBe(0);
  });

  it('a delayed reply is sent at once when the timer cap is reached, so a flood cannot pile them up', async () => {
    await using emulator = await fastEmulator({ limits: { maxTimers: 5 } });
    await using c = await client(emulator);
    emulator.faults.delayReplies(60_000);
    for (let i = 0; i < 20; i += 1)
      c.send({ action: 'subscribe', numbers: [], request_id: `s${i}` });
    await c.waitForCount((m) => m.response === 'subscribe', 15);
    expect(emulator.stats().timers).toBe(5);
  });

  it('text sizes: long fields, client ids and subscriptions are refused with their limit', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const long = 'x'.repeat(257);
    expect(
      await c.command('outbound', { to: scenario.answer(), channel: long, uid: '1' }),
    ).toMatchObject({
      status_code: 400,
      error: 'invalid parameter: channel is longer than 256 characters',
    });
    expect(
      await c.command('outbound', {
        to: scenario.answer(),
        channel: 'ok',
        uid: '1',
        token: 't'.repeat(8193),
      }),
    ).toMatchObject({ error: 'invalid parameter: token is longer than 8192 characters' });
    expect(emulator.stats().calls).toBe(0);
    const numbers = Array.from({ length: 1001 }, (_, i) => `+1800555${String(i).padStart(4, '0')}`);
    expect(await c.command('subscribe', { numbers })).toMatchObject({
      status_code: 400,
      error: 'invalid parameter: numbers: at most 1000 numbers (got 1001)',
    });
    await using other = await RawClient.connect(emulator.wsUrl);
    expect(await other.register({ clientId: long })).toEqual({
      status: 'error',
      error: 'client_id is longer than 256 characters',
    });
    await using third = await RawClient.connect(emulator.wsUrl);
    expect(await third.register({ subscribeNumbers: numbers })).toEqual({
      status: 'error',
      error: 'subscribe_numbers: at most 1000 numbers (got 1001)',
    });
    const lookup = await fetchJson(`${emulator.httpUrl}/v1/api/service`, {
      body: { action: 'lookup', did: '18005551234', callerid: long },
    });
    expect(lookup).toEqual({
      status: 400,
      body: { error: 'invalid parameter: callerid is longer than 256 characters' },
      headers: expect.anything(),
    });
    const cause = await fetchJson(`${emulator.httpUrl}/v1/emulator/remote/hangup`, {
      body: { callid: 'x', cause: long },
    });
    expect(cause.status).toBe(400);
  });

  it('deep JSON frames and odd actions get error replies; an unknown action is echoed clipped', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    c.sendRaw(`{"action":"subscribe","numbers":[],"x":${'['.repeat(100)}${']'.repeat(100)}}`);
    expect(await c.waitFor((m) => typeof m.error === 'string')).toEqual({
      error: 'JSON nested deeper than 32 levels',
    });
    for (const action of ['toString', '__proto__', 'constructor']) {
      expect((await c.command(action)).error).toBe(`unknown action: ${action}`);
    }
    const reply = await c.command('a'.repeat(5000));
    expect(reply.error).toBe(`unknown action: ${'a'.repeat(64)}…`);
  });

  it('a multibyte close reason or refusal text is cut to 123 bytes instead of crashing the emulator', async () => {
    await using emulator = await fastEmulator();
    await using closing = await client(emulator, { clientId: 'closing' });
    expect(emulator.faults.closeClients({ clientId: 'closing' }, 4000, 'é'.repeat(100))).toBe(1);
    const closed = await closing.closed;
    expect(closed.code).toBe(4000);
    expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(123);
    emulator.faults.refuseRegistrations('é'.repeat(100));
    await using refused = await RawClient.connect(emulator.wsUrl);
    expect(await refused.register()).toEqual({ status: 'error', error: 'é'.repeat(100) });
    expect((await refused.closed).code).toBe(1008);
    emulator.faults.reset();
    await using fine = await client(emulator);
    expect((await fine.command('subscribe', { numbers: [] })).status_code).toBe(200);
  });

  it('an upgrade or request with an unparsable target gets 400 instead of crashing the emulator', async () => {
    await using emulator = await fastEmulator();
    const upgrade = await rawHttp(
      emulator.port,
      'GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(upgrade).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(upgrade).toContain('{"error":"invalid request target"}');
    const plain = await rawHttp(
      emulator.port,
      'GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(plain).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetchJson(`${emulator.httpUrl}/v1/emulator/stats`)).body).toEqual(IDLE_STATS);
  });

  it('a client that stops reading is terminated once its send buffer passes the cap', () => {
    let terminated = 0;
    let overflowed = 0;
    const sent: string[] = [];
    const socket = {
      OPEN: 1,
      readyState: 1,
      bufferedAmount: 0,
      send: (text: string) => sent.push(text),
      terminate: () => {
        terminated += 1;
      },
    };
    const session = new Session('s', socket as unknown as WebSocket, {
      maxSendBufferBytes: 100,
      onOverflow: () => {
        overflowed += 1;
      },
    });
    expect(session.sendText('x'.repeat(60))).toBe(true);
    socket.bufferedAmount = 60;
    expect(session.sendText('y'.repeat(60))).toBe(false);
    expect({ sent: sent.length, terminated, overflowed }).toEqual({
      sent: 1,
      terminated: 1,
      overflowed: 1,
    });
  });
});
