import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_IDS, PINLOOKUP_DID } from '../src/index';
import { client, fastEmulator, IDLE_STATS, until } from './helpers/fixtures';
import type { Message } from './helpers/rawClient';

const [APP1, APP2] = DEFAULT_APP_IDS;

describe('inbound routing', () => {
  it('first accept wins across two sessions; the loser gets callid not found', async () => {
    await using emulator = await fastEmulator();
    await using one = await client(emulator);
    await using two = await client(emulator);
    const lookup = emulator.simulateInbound({ did: '18005551234', from: '+15551112222' });
    const [i1, i2] = await Promise.all([
      one.waitForEvent('call_incoming'),
      two.waitForEvent('call_incoming'),
    ]);
    expect(i1.callid).toBe(i2.callid);
    const callid = String(i1.callid);
    const win = await one.command('accept', { callid, token: APP1, channel: 'win', uid: '1' });
    const lose = await two.command('accept', { callid, token: APP1, channel: 'lose', uid: '2' });
    expect(win.status_code).toBe(200);
    expect(lose).toMatchObject({ error: 'callid not found', status_code: 404 });
    expect((await two.command('reject', { callid, reason: 'late' })).error).toBe(
      'callid not found',
    );
    const outcome = await lookup;
    expect(outcome).toEqual({
      status: 200,
      callid,
      body: {
        token: APP1,
        channel: 'win',
        uid: '1',
        appid: APP1,
        webhook_url: `${emulator.httpUrl}/webhook`,
      },
    });
    await one.waitForEvent('agora_bridge_start', callid);
    expect(one.eventNames(callid)).toEqual([
      'call_incoming',
      'call_initiated',
      'call_answered',
      'agora_bridge_start',
    ]);
    expect(two.eventNames(callid)).toEqual(['call_incoming']);
    expect(emulator.calls()).toMatchObject([
      { callid, direction: 'inbound', clientId: one.clientId, channel: 'win' },
    ]);
  });

  it('subscription filtering: 18005551234 does not get 18007771234', async () => {
    await using emulator = await fastEmulator();
    await using subscribed = await client(emulator, { subscribeNumbers: ['18005551234'] });
    await using other = await client(emulator, { subscribeNumbers: ['18007771234'] });
    const lookup = emulator.simulateInbound({ did: '18007771234', callid: 'filter_1' });
    await other.waitForEvent('call_incoming', 'filter_1');
    await other.command('reject', { callid: 'filter_1' });
    expect((await lookup).status).toBe(404);
    expect(subscribed.events()).toEqual([]);
  });

  it('subscribe replaces the list, normalises numbers, and [] is catch-all again', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator, { subscribeNumbers: ['18007771234'] });
    await c.command('subscribe', { numbers: ['+1 (800) 555-1234'] });
    expect(emulator.status().clients[0]?.subscribed_numbers).toEqual(['18005551234']);
    expect((await emulator.simulateInbound({ did: '18007771234' })).status).toBe(500);
    const held = emulator.simulateInbound({ did: '+1-800-555-1234', callid: 'norm_1' });
    await c.waitForEvent('call_incoming', 'norm_1');
    await c.command('reject', { callid: 'norm_1' });
    expect((await held).status).toBe(404);
    await c.command('subscribe', { numbers: [] });
    expect(emulator.status().clients[0]?.subscribed_numbers).toEqual([]);
    const any = emulator.simulateInbound({ did: '18007771234', callid: 'catchall_1' });
    await c.waitForEvent('call_incoming', 'catchall_1');
    await c.command('reject', { callid: 'catchall_1' });
    expect((await any).status).toBe(404);
  });

  it('an inbound call keeps its number as given: `to` is +1… next to a +1… caller, not digits', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    // As a gateway (or a dashboard's traffic) names it, with the +: kept on every B-leg event.
    const plus = emulator.simulateInbound({
      did: '+18005551234',
      from: '+14155550100',
      callid: 'p1',
    });
    expect(await c.waitForEvent('call_incoming', 'p1')).toMatchObject({
      to: '+18005551234',
      from: '+14155550100',
      did: '18005551234',
    });
    await c.command('accept', { callid: 'p1', token: APP1, channel: 'plus', uid: '1' });
    expect(await c.waitForEvent('call_answered', 'p1')).toMatchObject({ to: '+18005551234' });
    expect(emulator.calls().find((leg) => leg.callid === 'p1')).toMatchObject({
      to: '+18005551234',
    });
    expect((await plus).status).toBe(200);
    // A gateway that sends digits only gets digits back: the number is not rewritten either way.
    const digits = emulator.simulateInbound({ did: '18007771234', callid: 'd1' });
    expect(await c.waitForEvent('call_incoming', 'd1')).toMatchObject({ to: '18007771234' });
    await c.command('reject', { callid: 'd1' });
    expect((await digits).status).toBe(404);
  });

  it('no eligible session: lookup 500 at once', async () => {
    await using emulator = await fastEmulator();
    expect(await emulator.simulateInbound({ did: '18005551234', callid: 'none' })).toEqual({
      status: 500,
      body: { error: 'not found' },
      callid: 'none',
    });
  });

  it('dids_<appid> allowlists are always enforced, also for catch-all sessions', async () => {
    await using emulator = await fastEmulator({ allowlists: { [APP1]: ['+18005551234'] } });
    await using restricted = await client(emulator, { appid: APP1 });
    await using free = await client(emulator, { appid: APP2 });
    const lookup = emulator.simulateInbound({ did: '18007771234', callid: 'allow_1' });
    await free.waitForEvent('call_incoming', 'allow_1');
    await free.command('reject', { callid: 'allow_1' });
    await lookup;
    expect(restricted.events()).toEqual([]);
    // The restricted session cannot take the lookup it was not offered.
    const second = emulator.simulateInbound({ did: '18007771234', callid: 'allow_2' });
    await free.waitForEvent('call_incoming', 'allow_2');
    expect(
      (
        await restricted.command('accept', {
          callid: 'allow_2',
          token: APP1,
          channel: 'c',
          uid: '1',
        })
      ).error,
    ).toBe('callid not found');
    await free.command('reject', { callid: 'allow_2' });
    await second;
    const allowed = emulator.simulateInbound({ did: '18005551234', callid: 'allow_3' });
    await restricted.waitForEvent('call_incoming', 'allow_3');
    await restricted.command('reject', { callid: 'allow_3' });
    expect((await allowed).status).toBe(404);
  });

  it('pinlookup DIDs are answered externally: 200 at once, never call_incoming', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator, { subscribeNumbers: [PINLOOKUP_DID] });
    const outcome = await emulator.simulateInbound({
      did: PINLOOKUP_DID,
      callid: 'pin_1',
      pin: '1234',
    });
    expect(outcome).toMatchObject({
      status: 200,
      callid: 'pin_1',
      body: { channel: expect.any(String), appid: APP1 },
    });
    // An outbound call to it is answered (+ bridged) like any answering party.
    const dial = await c.command('outbound', {
      to: PINLOOKUP_DID,
      channel: 'pin',
      uid: '1',
      token: APP1,
    });
    const callid = String((dial.data as Message).callid);
    await c.waitForEvent('agora_bridge_start', callid);
    expect(c.eventNames(callid)).toEqual(['call_ringing', 'call_answered', 'agora_bridge_start']);
    expect(c.events((m) => m.event === 'call_incoming')).toEqual([]);
  });

  it('call_incoming carries did, pin, from, to and direction', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    void emulator.simulateInbound({
      did: '+18005551234',
      from: '+15557654321',
      callid: 'fields_1',
      pin: '42',
    });
    const incoming = await c.waitForEvent('call_incoming', 'fields_1');
    expect(incoming).toEqual({
      event: 'call_incoming',
      callid: 'fields_1',
      timestamp: expect.any(Number),
      uid: '',
      channel: '',
      to: '+18005551234',
      from: '+15557654321',
      did: '18005551234',
      direction: 'inbound',
      appid: APP1,
      video: false,
      pin: '42',
    });
  });

  it('lookup expiry: 404, call removed, a late accept fails', async () => {
    await using emulator = await fastEmulator({ lookupTimeoutMs: 40 });
    await using c = await client(emulator);
    const lookup = emulator.simulateInbound({ did: '18005551234', callid: 'exp_1' });
    await c.waitForEvent('call_incoming', 'exp_1');
    expect(emulator.stats().heldLookups).toBe(1);
    expect(await lookup).toEqual({
      status: 404,
      body: { error: 'lookup timeout' },
      callid: 'exp_1',
    });
    expect(emulator.stats().heldLookups).toBe(0);
    expect(
      (await c.command('accept', { callid: 'exp_1', token: APP1, channel: 'c', uid: '1' })).error,
    ).toBe('callid not found');
    expect(emulator.calls()).toEqual([]);
  });

  it('loopback lookup expiry: the A-leg hears NO_ANSWER', async () => {
    await using emulator = await fastEmulator({ lookupTimeoutMs: 40 });
    await using c = await client(emulator);
    const dial = await c.command('outbound', {
      to: '+18005551234',
      channel: 'exp',
      uid: '1',
      token: APP1,
    });
    const a = String((dial.data as Message).callid);
    const incoming = await c.waitForEvent('call_incoming');
    expect((await c.waitForEvent('call_hangup', a)).hangup_cause).toBe('NO_ANSWER');
    expect(
      (await c.command('accept', { callid: incoming.callid, token: APP1, channel: 'c', uid: '1' }))
        .error,
    ).toBe('callid not found');
    await c.close();
    await until(() => emulator.stats().sessions === 0);
    expect(emulator.stats()).toEqual(IDLE_STATS);
  });

  it('a client webhook_url on accept diverts the B-leg events away from the WebSocket', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const lookup = emulator.simulateInbound({ did: '18005551234', callid: 'hook_1' });
    await c.waitForEvent('call_incoming', 'hook_1');
    await c.command('accept', {
      callid: 'hook_1',
      token: APP1,
      channel: 'c',
      uid: '1',
      webhook_url: 'https://example.invalid/hook',
    });
    expect((await lookup).body.webhook_url).toBe('https://example.invalid/hook');
    await until(() => emulator.calls()[0]?.state === 'bridged');
    expect(emulator.calls()[0]?.externalWebhook).toBe(true);
    expect(c.eventNames('hook_1')).toEqual(['call_incoming']);
  });
});
