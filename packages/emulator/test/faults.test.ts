import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_APP_IDS, DEFAULT_TOKEN, scenario } from '../src/index';
import { client, fastEmulator, fetchJson, IDLE_STATS, until } from './helpers/fixtures';
import { type Message, RawClient } from './helpers/rawClient';

const APPID = DEFAULT_APP_IDS[0];

/** Resolves true if a pong arrives within `windowMs` (absence can only be shown over a window). */
function pongWithin(ws: WebSocket, windowMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      ws.off('pong', onPong);
      resolve(false);
    }, windowMs);
    const onPong = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    ws.once('pong', onPong);
  });
}

async function answered(c: RawClient, channel: string): Promise<string> {
  const dial = await c.command('outbound', {
    to: scenario.answer(),
    channel,
    uid: '1',
    token: APPID,
  });
  const callid = String((dial.data as Message).callid);
  await c.waitForEvent('agora_bridge_start', callid);
  return callid;
}

describe('faults', () => {
  it('dropClients: abrupt loss (1006); calls are hung up after the orphan grace', async () => {
    await using emulator = await fastEmulator({ orphanGraceMs: 20 });
    await using victim = await client(emulator, { clientId: 'victim' });
    await using bystander = await client(emulator, { clientId: 'bystander' });
    await answered(victim, 'drop');
    expect(emulator.faults.dropClients({ clientId: 'victim' })).toBe(1);
    expect((await victim.closed).code).toBe(1006);
    expect(emulator.calls()).toHaveLength(1);
    await until(() => emulator.stats().calls === 0);
    expect(emulator.status().clients.map((c) => c.client_id)).toEqual(['bystander']);
    expect(bystander.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('a reconnect with the same client_id inside the grace keeps the call and gets its events', async () => {
    await using emulator = await fastEmulator({ orphanGraceMs: 5000 });
    await using first = await client(emulator, { clientId: 'comeback' });
    const callid = await answered(first, 'reconnect');
    emulator.faults.dropClients({ clientId: 'comeback' });
    await first.closed;
    await until(() => emulator.stats().sessions === 0);
    expect(emulator.stats().timers).toBe(1);
    await using second = await client(emulator, { clientId: 'comeback' });
    // The orphan hang-up is called off and the new session owns the call.
    expect(emulator.stats().timers).toBe(0);
    expect(emulator.calls()).toMatchObject([
      { callid, ownerConnected: true, sessionId: second.greeting.session_id },
    ]);
    expect((await second.command('endcall', { callid })).status_code).toBe(200);
    await second.waitForEvent('call_hangup', callid);
    expect(first.events((m) => m.event === 'call_hangup')).toEqual([]);
  });

  it('a clean client close keeps the calls for the grace too; a reconnect adopts them', async () => {
    await using emulator = await fastEmulator({ orphanGraceMs: 60_000 });
    const first = await client(emulator, { clientId: 'tidy' });
    const callid = await answered(first, 'clean');
    await first.close();
    await until(() => emulator.stats().sessions === 0);
    expect(emulator.calls()).toMatchObject([{ callid, ownerConnected: false }]);
    expect(emulator.stats()).toEqual({ ...IDLE_STATS, calls: 1, timers: 1 });
    await using second = await client(emulator, { clientId: 'tidy' });
    expect(emulator.stats().timers).toBe(0);
    expect(emulator.calls()).toMatchObject([
      { callid, ownerConnected: true, sessionId: second.greeting.session_id },
    ]);
    expect((await second.command('endcall', { callid })).status_code).toBe(200);
    expect((await second.waitForEvent('call_hangup', callid)).hangup_cause).toBe('NORMAL_CLEARING');
    await until(() => emulator.stats().timers === 0);
    expect(emulator.stats()).toEqual({ ...IDLE_STATS, sessions: 1 });
  });

  it('a clean client close with nobody coming back: the calls end after the grace', async () => {
    await using emulator = await fastEmulator({ orphanGraceMs: 20 });
    const c = await client(emulator);
    await answered(c, 'clean_gone');
    await c.close();
    await until(() => emulator.stats().sessions === 0);
    expect(emulator.stats().calls).toBe(1);
    await until(() => emulator.stats().calls === 0);
    expect(emulator.stats()).toEqual(IDLE_STATS);
  });

  it('closeClients: clean close frame with the given code and reason', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator, { appid: DEFAULT_APP_IDS[1] });
    await using other = await client(emulator);
    expect(emulator.faults.closeClients({ appId: DEFAULT_APP_IDS[1] }, 4000, 'bye')).toBe(1);
    expect(await c.closed).toEqual({ code: 4000, reason: 'bye' });
    expect(other.ws.readyState).toBe(WebSocket.OPEN);
    expect(() => emulator.faults.closeClients({}, 1006)).toThrow(/close code/);
  });

  it('stallClients: client pings go unanswered and nothing is sent until reset', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const lively = pongWithin(c.ws, 2000);
    c.ws.ping();
    expect(await lively).toBe(true);
    expect(emulator.faults.stallClients({ sessionId: String(c.greeting.session_id) })).toBe(1);
    const stalled = pongWithin(c.ws, 150);
    c.ws.ping();
    expect(await stalled).toBe(false);
    const before = c.messages.length;
    const lookup = emulator.simulateInbound({ did: '18005551234', callid: 'stall_1' });
    // The lookup is held and call_incoming was due to this (only eligible) session by now.
    await until(() => emulator.stats().heldLookups === 1);
    expect(emulator.status().client_count).toBe(1);
    // Resuming reads the buffered ping: the pong arrives, proving it was only stalled.
    const resumed = pongWithin(c.ws, 2000);
    emulator.faults.reset();
    expect(await resumed).toBe(true);
    const reply = await c.command('subscribe', { numbers: [] });
    // What a stalled socket was due is lost, not queued: the only message since is the reply.
    expect(c.messages.slice(before)).toEqual([
      {
        response: 'subscribe',
        status_code: 200,
        data: { success: true, numbers: [] },
        request_id: reply.request_id,
      },
    ]);
    expect(c.rawTexts).toEqual([]);
    // The held lookup survived the stall; the session can still turn it down.
    expect((await c.command('reject', { callid: 'stall_1' })).status_code).toBe(200);
    expect(await lookup).toMatchObject({ status: 404, callid: 'stall_1' });
  });

  it('delayReplies: the reply comes late (the dtmf echo may overtake it)', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const callid = await answered(c, 'delay');
    emulator.faults.delayReplies(60);
    const started = Date.now();
    const reply = await c.command('send_dtmf', { callid, digits: '1' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    expect(reply.status_code).toBe(200);
    const echoIndex = c.messages.findIndex((m) => m.event === 'dtmf_received');
    expect(echoIndex).toBeGreaterThanOrEqual(0);
    expect(echoIndex).toBeLessThan(c.messages.indexOf(reply));
    emulator.faults.delayReplies(null);
    expect((await c.command('subscribe', { numbers: [] })).status_code).toBe(200);
  });

  it('dropReplies: the next N replies vanish, later ones arrive', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    emulator.faults.dropReplies(2);
    c.send({ action: 'subscribe', numbers: [], request_id: 'lost_1' });
    c.send({ action: 'subscribe', numbers: [], request_id: 'lost_2' });
    expect((await c.command('subscribe', { numbers: [] })).status_code).toBe(200);
    expect(c.messages.filter((m) => String(m.request_id).startsWith('lost_'))).toEqual([]);
    emulator.faults.dropReplies('all');
    c.send({ action: 'subscribe', numbers: [], request_id: 'lost_3' });
    await emulator.waitForFrame((f) => f.frame.request_id === 'lost_3');
    emulator.faults.dropReplies(0);
    expect((await c.command('subscribe', { numbers: [] })).status_code).toBe(200);
    expect(c.messages.some((m) => m.request_id === 'lost_3')).toBe(false);
    expect(() => emulator.faults.dropReplies(-1)).toThrow();
  });

  it('dropEvents: the next N events vanish', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    emulator.faults.dropEvents(2);
    const dial = await c.command('outbound', {
      to: scenario.answer(),
      channel: 'devt',
      uid: '1',
      token: APPID,
    });
    const callid = String((dial.data as Message).callid);
    await c.waitForEvent('agora_bridge_start', callid);
    // call_initiated and call_ringing were dropped.
    expect(c.events().map((m) => m.event)).toEqual(['call_answered', 'agora_bridge_start']);
  });

  it('sendMalformed: a non-JSON text frame', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    expect(emulator.faults.sendMalformed()).toBe(1);
    expect(emulator.faults.sendMalformed({ clientId: c.clientId }, 'garbage')).toBe(1);
    expect(emulator.faults.sendMalformed({ clientId: 'nobody' })).toBe(0);
    await c.command('subscribe', { numbers: [] });
    expect(c.rawTexts).toEqual(['{"malformed":', 'garbage']);
  });

  it('restart: everything dropped, the same URL works again', async () => {
    await using emulator = await fastEmulator();
    const url = emulator.wsUrl;
    const port = emulator.port;
    await using c = await client(emulator);
    await answered(c, 'restart');
    const held = emulator.simulateInbound({ did: '18005551234', callid: 'restart_1' });
    await c.waitForEvent('call_incoming', 'restart_1');
    emulator.faults.dropEvents('all');
    await emulator.restart();
    expect((await c.closed).code).toBe(1006);
    expect((await held).status).toBe(503);
    expect(emulator.port).toBe(port);
    expect(emulator.stats()).toEqual(IDLE_STATS);
    await using again = await RawClient.registered(url);
    expect(emulator.status().client_count).toBe(1);
    // Faults were reset by the restart: events flow again.
    const callid = await answered(again, 'restart2');
    expect(callid).toBeTruthy();
  });

  it('control API faults endpoint applies each fault', async () => {
    await using emulator = await fastEmulator();
    const faults = `${emulator.httpUrl}/v1/emulator/faults`;
    await using a = await client(emulator, { clientId: 'http_a' });
    await using b = await client(emulator, { clientId: 'http_b' });
    await using s = await client(emulator, { clientId: 'http_s' });
    expect(
      (await fetchJson(faults, { body: { malformed: { clientId: 'http_a', payload: 'x' } } })).body,
    ).toMatchObject({ malformed: 1 });
    expect(
      (
        await fetchJson(faults, {
          body: { close: { clientId: 'http_a', code: 4001, reason: 'r' } },
        })
      ).body,
    ).toMatchObject({ closed: 1 });
    expect(await a.closed).toEqual({ code: 4001, reason: 'r' });
    expect(a.rawTexts).toEqual(['x']);
    expect(
      (await fetchJson(faults, { body: { drop: { clientId: 'http_b' } } })).body,
    ).toMatchObject({
      dropped: 1,
    });
    expect((await b.closed).code).toBe(1006);
    expect(
      (await fetchJson(faults, { body: { stall: { clientId: 'http_s' } } })).body,
    ).toMatchObject({
      stalled: 1,
    });
    await fetchJson(faults, {
      body: { dropReplies: 1, delayReplies: 5, dropEvents: 0, refuseRegistrations: 'busy' },
    });
    await using refused = await RawClient.connect(emulator.wsUrl);
    expect(await refused.register()).toEqual({ status: 'error', error: 'busy' });
    expect((await fetchJson(faults, { body: { reset: true } })).body).toMatchObject({
      reset: true,
    });
    await using fine = await client(emulator);
    expect((await fine.command('subscribe', { numbers: [] })).status_code).toBe(200);
    expect((await fetchJson(faults, { body: { dropReplies: 'many' } })).status).toBe(400);
    expect((await fetchJson(faults, { body: { drop: 'x' } })).status).toBe(400);
    expect(s.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('server pings: answered pings keep a client; a client that never pongs is terminated', async () => {
    // Long enough that a loaded machine still answers a ping before the next one is due.
    await using emulator = await fastEmulator({ pingIntervalMs: 200 });
    await using polite = await client(emulator);
    const pinged = new Promise<void>((resolve) => polite.ws.once('ping', () => resolve()));
    const mute = new WebSocket(emulator.wsUrl, { autoPong: false });
    mute.on('error', () => {});
    const muteClosed = new Promise<number>((resolve) => mute.on('close', (code) => resolve(code)));
    await new Promise((resolve) => mute.once('open', resolve));
    mute.send(
      JSON.stringify({
        action: 'register',
        auth_token: DEFAULT_TOKEN,
        client_id: 'mute',
        appid: APPID,
      }),
    );
    await pinged;
    expect(await muteClosed).toBe(1006);
    expect(polite.ws.readyState).toBe(WebSocket.OPEN);
    await until(() => emulator.status().client_count === 1);
    expect(emulator.status().clients.map((c) => c.client_id)).toEqual([polite.clientId]);
  });
});
