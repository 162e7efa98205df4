import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_IDS, scenario } from '../src/index';
import { client, fastEmulator } from './helpers/fixtures';
import type { Message } from './helpers/rawClient';

const [APP1, APP2] = DEFAULT_APP_IDS;
const REQUIRED = 'appid required in MULTI mode';

describe('MULTI mode', () => {
  it('every action but subscribe and reject needs an appid (error + request_id)', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator, { appid: 'MULTI' });
    const fields = {
      to: scenario.answer(),
      channel: 'c',
      uid: '1',
      callid: 'x',
      token: APP1,
      digits: '1',
      destination: '+1555',
    };
    for (const action of [
      'outbound',
      'accept',
      'bridge',
      'unbridge',
      'endcall',
      'hangup',
      'transfer',
      'send_dtmf',
    ]) {
      expect(await c.command(action, fields)).toEqual({
        error: REQUIRED,
        request_id: expect.stringMatching(new RegExp(`^${action}_`)),
      });
    }
    expect(await c.command('outbound', { ...fields, appid: 'MULTI' })).toEqual({
      error: REQUIRED,
      request_id: expect.any(String),
    });
    expect((await c.command('subscribe', { numbers: ['18005551234'] })).status_code).toBe(200);
    // reject is exempt: the lookup is answered without any appid.
    const lookup = emulator.simulateInbound({ did: '18005551234', callid: 'multi_rej' });
    await c.waitForEvent('call_incoming', 'multi_rej');
    expect(await c.command('reject', { callid: 'multi_rej', reason: 'busy' })).toMatchObject({
      status_code: 200,
      data: { success: true },
    });
    expect((await lookup).status).toBe(404);
  });

  it('same channel:uid under two appids: distinct callids, no cross events, isolation on follow-ups', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator, { appid: 'MULTI' });
    const dial = (appid: string) =>
      c.command('outbound', {
        to: scenario.answer(),
        from: '+15551234567',
        channel: 'shared',
        uid: '100',
        token: appid,
        appid,
      });
    const r1 = await dial(APP1);
    const r2 = await dial(APP2);
    const c1 = String((r1.data as Message).callid);
    const c2 = String((r2.data as Message).callid);
    expect(c1).not.toBe(c2);
    await c.waitForEvent('agora_bridge_start', c1);
    await c.waitForEvent('agora_bridge_start', c2);
    expect(c.events((m) => m.callid === c1).every((m) => m.appid === APP1)).toBe(true);
    expect(c.events((m) => m.callid === c2).every((m) => m.appid === APP2)).toBe(true);
    // A follow-up with the other appid does not find the call.
    expect((await c.command('send_dtmf', { callid: c1, digits: '1', appid: APP2 })).error).toBe(
      'callid not found',
    );
    expect(
      (await c.command('send_dtmf', { callid: c1, digits: '1', appid: APP1 })).status_code,
    ).toBe(200);
    await c.waitForEvent('dtmf_received', c1);
    expect(c.events((m) => m.event === 'dtmf_received' && m.callid === c2)).toEqual([]);
    expect((await c.command('endcall', { callid: c1, appid: APP1 })).status_code).toBe(200);
    await c.waitForEvent('call_hangup', c1);
    expect(emulator.calls().map((leg) => leg.callid)).toEqual([c2]);
  });

  it('two single-appid clients on the same channel:uid never see each other', async () => {
    await using emulator = await fastEmulator();
    await using one = await client(emulator, { appid: APP1 });
    await using two = await client(emulator, { appid: APP2 });
    const dial = (c: typeof one) =>
      c.command('outbound', { to: scenario.answer(), channel: 'same', uid: '5', token: 't' });
    const [r1, r2] = await Promise.all([dial(one), dial(two)]);
    const c1 = String((r1.data as Message).callid);
    const c2 = String((r2.data as Message).callid);
    await one.waitForEvent('agora_bridge_start', c1);
    await two.waitForEvent('agora_bridge_start', c2);
    expect(one.events((m) => m.callid !== c1 && m.callid !== '')).toEqual([]);
    expect(two.events((m) => m.callid !== c2 && m.callid !== '')).toEqual([]);
    expect((await two.command('endcall', { callid: c1 })).error).toBe('callid not found');
  });

  it('a MULTI client may accept with an appid other than the dialled one', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator, { appid: 'MULTI' });
    const dial = await c.command('outbound', {
      to: '+18005551234',
      channel: 'cross',
      uid: '1',
      token: APP2,
      appid: APP2,
    });
    const a = String((dial.data as Message).callid);
    const incoming = await c.waitForEvent('call_incoming');
    expect(incoming.appid).toBe(APP2);
    const b = String(incoming.callid);
    expect(
      (
        await c.command('accept', {
          callid: b,
          token: APP1,
          channel: 'cross_b',
          uid: '2',
          appid: APP1,
        })
      ).status_code,
    ).toBe(200);
    await c.waitForEvent('agora_bridge_start', b);
    expect((await c.waitForEvent('call_answered', b)).appid).toBe(APP1);
    expect((await c.waitForEvent('call_answered', a)).appid).toBe(APP2);
    expect((await c.command('hangup', { callid: b, appid: APP1 })).status_code).toBe(200);
    await c.waitForEvent('call_hangup', a);
  });
});
