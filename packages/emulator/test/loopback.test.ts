import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_IDS, type Emulator, scenario } from '../src/index';
import { client, fastEmulator, IDLE_STATS, until } from './helpers/fixtures';
import type { Message, RawClient } from './helpers/rawClient';

const APPID = DEFAULT_APP_IDS[0];
const DID = '+18005551234';

/** Dials the DID, takes the call_incoming and accepts it; returns both callids. */
async function loopbackCall(c: RawClient, channel: string): Promise<{ a: string; b: string }> {
  const before = c.events((m) => m.event === 'call_incoming').length;
  const dial = await c.command('outbound', {
    to: DID,
    from: '+15551234567',
    channel,
    uid: '100',
    token: APPID,
    region: 'AREA_CODE_NA',
    timeout: '60',
    appid: APPID,
  });
  expect(dial).toMatchObject({ response: 'outbound', status_code: 200, data: { success: true } });
  const a = String((dial.data as Message).callid);
  const seen = before;
  const incomings = await c.waitForCount((m) => m.event === 'call_incoming', seen + 1);
  const incoming = incomings[seen] as Message;
  const b = String(incoming.callid);
  expect(incoming).toMatchObject({ direction: 'inbound', to: DID, did: '18005551234' });
  expect(b).not.toBe(a);
  const accept = await c.command('accept', {
    callid: b,
    token: APPID,
    channel: `${channel}_b`,
    uid: '200',
    appid: APPID,
  });
  expect(accept).toMatchObject({ response: 'accept', status_code: 200, data: { success: true } });
  return { a, b };
}

function hangupOf(c: RawClient, callid: string, composite: string): Promise<Message> {
  return c.waitFor(
    (m) => m.event === 'call_hangup' && (m.callid === callid || m.callid === composite),
  );
}

async function fullFlow(emulator: Emulator, quirks: boolean): Promise<void> {
  await using c = await client(emulator, { subscribeNumbers: ['18005551234'] });
  const channel = quirks ? 'loop_quirk' : 'loop_ideal';
  const { a, b } = await loopbackCall(c, channel);
  const composite = `${APPID}:${channel}:100`;
  await c.waitForEvent('call_answered', a);
  await c.waitForEvent('agora_bridge_start', b);

  for (const [callid, digits] of [
    [a, '12#'],
    [b, '9*'],
  ] as const) {
    const reply = await c.command('send_dtmf', { callid, digits, appid: APPID });
    expect(reply).toEqual({
      response: 'send_dtmf',
      status_code: 200,
      data: { success: true },
      request_id: expect.any(String),
    });
    const echo = await c.waitForEvent('dtmf_received', callid);
    expect(echo.digits).toBe(digits);
  }

  expect((await c.command('unbridge', { callid: b, appid: APPID })).status_code).toBe(200);
  await c.waitForEvent('agora_bridge_end', b);
  expect(
    (
      await c.command('bridge', {
        callid: b,
        token: APPID,
        channel: 'room2',
        uid: '201',
        appid: APPID,
      })
    ).status_code,
  ).toBe(200);
  await c.waitFor(
    (m) => m.event === 'agora_bridge_start' && m.callid === b && m.channel === 'room2',
  );
  expect(
    (
      await c.command('bridge', {
        callid: b,
        token: APPID,
        channel: 'room3',
        uid: '202',
        appid: APPID,
      })
    ).status_code,
  ).toBe(200);
  const rebridge = await c.waitFor(
    (m) => m.event === 'agora_bridge_start' && m.channel === 'room3',
  );
  expect(rebridge).toMatchObject({
    rebridge: true,
    previous_channel: 'room2',
    previous_uid: '201',
    uid: '202',
    callid: b,
  });
  const segmentEnd = c.events((m) => m.event === 'agora_bridge_end' && m.rebridge === true);
  expect(segmentEnd).toHaveLength(1);
  expect(segmentEnd[0]).toMatchObject({
    channel: 'room2',
    uid: '201',
    segment_billsec: expect.any(String),
  });

  expect((await c.command('hangup', { callid: b, appid: APPID })).status_code).toBe(200);
  const bHangup = await hangupOf(c, b, b);
  const aHangup = await hangupOf(c, a, composite);
  expect(bHangup).toMatchObject({
    hangup_cause: 'NORMAL_CLEARING',
    sip_disposition: 'send_bye',
    duration: expect.any(String),
    billsec: expect.any(String),
  });
  expect(aHangup).toMatchObject({
    hangup_cause: 'NORMAL_CLEARING',
    sip_disposition: 'recv_bye',
    callid: quirks ? composite : a,
  });

  const aEvents = c.eventNames(a, composite);
  const bEvents = c.eventNames(b);
  if (quirks) {
    expect(aEvents).toEqual(['call_answered', 'dtmf_received', 'call_hangup']);
    expect(bEvents).toEqual([
      'call_incoming',
      'call_answered',
      'agora_bridge_start',
      'dtmf_received',
      'agora_bridge_end',
      'agora_bridge_start',
      'agora_bridge_end',
      'agora_bridge_start',
      'call_hangup',
    ]);
    expect(c.events((m) => m.event === 'call_initiated')).toEqual([]);
  } else {
    expect(aEvents).toEqual([
      'call_ringing',
      'call_answered',
      'agora_bridge_start',
      'dtmf_received',
      'agora_bridge_end',
      'call_hangup',
    ]);
    expect(bEvents).toEqual([
      'call_incoming',
      'call_initiated',
      'call_answered',
      'agora_bridge_start',
      'dtmf_received',
      'agora_bridge_end',
      'agora_bridge_start',
      'agora_bridge_end',
      'agora_bridge_start',
      'agora_bridge_end',
      'call_hangup',
    ]);
    expect(c.events((m) => m.event === 'call_initiated' && m.callid === '')).toHaveLength(1);
  }
  // Events never carry request_id; every event has the common fields.
  for (const event of c.events()) {
    expect(event).not.toHaveProperty('request_id');
    expect(event).toMatchObject({
      timestamp: expect.any(Number),
      direction: expect.any(String),
      video: false,
    });
  }
  expect(c.events((m) => m.event === 'dtmf_received')).toHaveLength(2);

  // Transfer on a second call: the transferred leg leaves with BLIND_TRANSFER, the peer ends too.
  const second = await loopbackCall(c, `${channel}_2`);
  await c.waitForEvent('agora_bridge_start', second.b);
  expect(
    (await c.command('transfer', { callid: second.a, destination: '+15550001111', appid: APPID }))
      .status_code,
  ).toBe(200);
  const composite2 = `${APPID}:${channel}_2:100`;
  const transferred = await hangupOf(c, second.a, composite2);
  expect(transferred.hangup_cause).toBe('BLIND_TRANSFER');
  expect((await hangupOf(c, second.b, second.b)).hangup_cause).toBe('NORMAL_CLEARING');
  expect(c.eventNames(second.a, composite2)).toEqual(
    quirks
      ? ['call_answered', 'call_hangup']
      : ['call_ringing', 'call_answered', 'agora_bridge_start', 'agora_bridge_end', 'call_hangup'],
  );
  expect(c.eventNames(second.b)).toEqual(
    quirks
      ? ['call_incoming', 'call_answered', 'agora_bridge_start', 'call_hangup']
      : [
          'call_incoming',
          'call_initiated',
          'call_answered',
          'agora_bridge_start',
          'agora_bridge_end',
          'call_hangup',
        ],
  );

  await c.close();
  await until(() => emulator.stats().sessions === 0);
  expect(emulator.stats()).toEqual(IDLE_STATS);
}

/**
 * A loopback call that rings: `dialer` (subscribed elsewhere) dialled the DID, the catch-all
 * `callee` got the offer, and the lookup is held. Both clients close with the bundle.
 */
async function ringingLoopback(emulator: Emulator, channel: string) {
  const dialer = await client(emulator, { subscribeNumbers: ['+15550000000'] });
  const callee = await client(emulator);
  const dial = await dialer.command('outbound', { to: DID, channel, uid: '1', token: APPID });
  const a = String((dial.data as Message).callid);
  const incoming = await callee.waitForEvent('call_incoming');
  expect(emulator.stats().heldLookups).toBe(1);
  return {
    dialer,
    callee,
    a,
    incoming,
    async [Symbol.asyncDispose]() {
      await dialer[Symbol.asyncDispose]();
      await callee[Symbol.asyncDispose]();
    },
  };
}

describe('loopback call', () => {
  it('ideal mode: exact event sequence per leg', async () => {
    await using emulator = await fastEmulator();
    await fullFlow(emulator, false);
  });

  it('quirk mode: exact event sequence per leg', async () => {
    await using emulator = await fastEmulator({ quirks: true });
    await fullFlow(emulator, true);
  });

  it('setQuirks switches the mode at run time', async () => {
    await using emulator = await fastEmulator();
    emulator.setQuirks(true);
    expect(emulator.options.quirks).toBe(true);
    await fullFlow(emulator, true);
  });

  it('endcall on the A-leg tears down both legs, each owner getting its own events', async () => {
    await using emulator = await fastEmulator();
    await using dialer = await client(emulator, { subscribeNumbers: ['+15550000000'] });
    await using accepter = await client(emulator, { subscribeNumbers: [DID] });
    const dial = await dialer.command('outbound', {
      to: DID,
      from: '+15551234567',
      channel: 'two',
      uid: '1',
      token: APPID,
    });
    const a = String((dial.data as Message).callid);
    const incoming = await accepter.waitForEvent('call_incoming');
    const b = String(incoming.callid);
    await accepter.command('accept', { callid: b, token: APPID, channel: 'two_b', uid: '2' });
    await dialer.waitForEvent('agora_bridge_start', a);
    await accepter.waitForEvent('agora_bridge_start', b);
    expect((await dialer.command('endcall', { callid: a })).data).toEqual({ success: true });
    expect((await dialer.waitForEvent('call_hangup', a)).sip_disposition).toBe('send_bye');
    expect((await accepter.waitForEvent('call_hangup', b)).sip_disposition).toBe('recv_bye');
    expect(dialer.events((m) => m.callid === b)).toEqual([]);
    expect(accepter.events((m) => m.callid === a)).toEqual([]);
    expect(dialer.events((m) => m.event === 'call_incoming')).toEqual([]);
  });

  it('reject: 404 to the lookup, the A-leg hears CALL_REJECTED', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const dial = await c.command('outbound', {
      to: DID,
      from: '+15551234567',
      channel: 'rej',
      uid: '1',
      token: APPID,
    });
    const a = String((dial.data as Message).callid);
    const incoming = await c.waitForEvent('call_incoming');
    expect(await c.command('reject', { callid: incoming.callid, reason: 'busy' })).toMatchObject({
      status_code: 200,
    });
    expect((await c.waitForEvent('call_hangup', a)).hangup_cause).toBe('CALL_REJECTED');
    expect(c.eventNames(a)).toEqual(['call_ringing', 'call_hangup']);
    await until(() => emulator.stats().timers === 0);
    expect(emulator.stats()).toMatchObject({ calls: 0, heldLookups: 0 });
  });

  it('the caller ending before anyone accepts cancels the held lookup', async () => {
    await using emulator = await fastEmulator();
    await using ringing = await ringingLoopback(emulator, 'cancel');
    const { dialer, callee, a, incoming } = ringing;
    expect((await dialer.command('endcall', { callid: a })).status_code).toBe(200);
    expect((await dialer.waitForEvent('call_hangup', a)).hangup_cause).toBe('ORIGINATOR_CANCEL');
    expect(emulator.stats().heldLookups).toBe(0);
    const late = await callee.command('accept', {
      callid: incoming.callid,
      token: APPID,
      channel: 'c',
      uid: '2',
    });
    expect(late.error).toBe('callid not found');
  });

  it('a subscribed number loops back, but a subscribed scenario number stays a scenario', async () => {
    await using emulator = await fastEmulator();
    await using dialer = await client(emulator, { subscribeNumbers: ['+15550000000'] });
    const number = scenario.answer();
    await using callee = await client(emulator, {
      subscribeNumbers: ['+1 415 555 0100', number],
    });
    const loop = await dialer.command('outbound', {
      to: '+14155550100',
      channel: 'subloop',
      uid: '1',
      token: APPID,
    });
    const a = String((loop.data as Message).callid);
    const incoming = await callee.waitForEvent('call_incoming');
    expect(incoming).toMatchObject({ did: '14155550100', direction: 'inbound' });
    expect((await callee.command('reject', { callid: incoming.callid })).status_code).toBe(200);
    expect((await dialer.waitForEvent('call_hangup', a)).hangup_cause).toBe('CALL_REJECTED');

    const dial = await dialer.command('outbound', {
      to: number,
      channel: 'subscen',
      uid: '1',
      token: APPID,
    });
    const callid = String((dial.data as Message).callid);
    await dialer.waitForEvent('agora_bridge_start', callid);
    expect(dialer.eventNames(callid)).toEqual([
      'call_ringing',
      'call_answered',
      'agora_bridge_start',
    ]);
    expect(callee.events((m) => m.event === 'call_incoming')).toHaveLength(1);
    expect(emulator.stats().heldLookups).toBe(0);
  });

  it('an injected call_hangup ends the loopback peer like a remote hangup', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const { a, b } = await loopbackCall(c, 'inject');
    await c.waitForEvent('agora_bridge_start', b);
    const injected = { event: 'call_hangup', callid: a, hangup_cause: 'NORMAL_CLEARING' };
    expect(emulator.injectEvent(injected)).toBe(true);
    const bHangup = await c.waitForEvent('call_hangup', b);
    expect(bHangup).toMatchObject({ hangup_cause: 'NORMAL_CLEARING', sip_disposition: 'recv_bye' });
    // The A-leg got the injected event as is, and nothing of its own after it.
    expect(c.events((m) => m.callid === a && m.event === 'call_hangup')).toEqual([injected]);
    expect(c.eventNames(b).slice(-2)).toEqual(['agora_bridge_end', 'call_hangup']);
    await until(() => emulator.stats().timers === 0);
    expect(emulator.stats()).toEqual({ ...IDLE_STATS, sessions: 1 });
  });

  it('an injected call_hangup on a ringing A-leg cancels its held lookup', async () => {
    await using emulator = await fastEmulator();
    await using ringing = await ringingLoopback(emulator, 'inject_ring');
    const { dialer, callee, a, incoming } = ringing;
    expect(emulator.injectEvent({ event: 'call_hangup', callid: a })).toBe(true);
    await dialer.waitForEvent('call_hangup', a);
    expect(emulator.stats()).toEqual({ ...IDLE_STATS, sessions: 2 });
    const late = await callee.command('accept', {
      callid: incoming.callid,
      token: APPID,
      channel: 'late',
      uid: '2',
    });
    expect(late.error).toBe('callid not found');
  });

  it('a DID nobody can take: NO_ROUTE_DESTINATION', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator, { subscribeNumbers: ['18009990000'] });
    const dial = await c.command('outbound', {
      to: DID,
      from: '+15551234567',
      channel: 'noroute',
      uid: '1',
      token: APPID,
    });
    const a = String((dial.data as Message).callid);
    expect((await c.waitForEvent('call_hangup', a)).hangup_cause).toBe('NO_ROUTE_DESTINATION');
    expect(c.events((m) => m.event === 'call_incoming')).toEqual([]);
  });
});
