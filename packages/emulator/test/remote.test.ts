import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_IDS, scenario } from '../src/index';
import { client, fastEmulator, until } from './helpers/fixtures';
import type { Message } from './helpers/rawClient';

const APPID = DEFAULT_APP_IDS[0];

describe('remote parties and injected events', () => {
  it('remote.pressDigits and remote.hangup act on a live leg only', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const dial = await c.command('outbound', {
      to: scenario.answer(),
      channel: 'rem',
      uid: '1',
      token: APPID,
    });
    const callid = String((dial.data as Message).callid);
    await c.waitForEvent('agora_bridge_start', callid);
    expect(emulator.remote.pressDigits(callid, '#1')).toBe(true);
    const digits = await c.waitForCount((m) => m.event === 'dtmf_received', 2);
    expect(digits.map((m) => m.digits)).toEqual(['#', '1']);
    expect(() => emulator.remote.pressDigits(callid, 'x')).toThrow(/digits/);
    expect(emulator.remote.hangup(callid)).toBe(true);
    expect(await c.waitForEvent('call_hangup', callid)).toMatchObject({
      hangup_cause: 'NORMAL_CLEARING',
      sip_disposition: 'recv_bye',
    });
    expect(emulator.remote.hangup(callid)).toBe(false);
    expect(emulator.remote.pressDigits(callid, '1')).toBe(false);
  });

  it('a caller hanging up during the lookup cancels it (404) and the call cannot be accepted', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const lookup = emulator.simulateInbound({ did: '18005551234', callid: 'abandon_1' });
    await c.waitForEvent('call_incoming', 'abandon_1');
    expect(emulator.remote.hangup('abandon_1')).toBe(true);
    expect(await lookup).toEqual({
      status: 404,
      body: { error: 'caller hung up' },
      callid: 'abandon_1',
    });
    expect(
      (await c.command('accept', { callid: 'abandon_1', token: APPID, channel: 'c', uid: '1' }))
        .error,
    ).toBe('callid not found');
  });

  it('remote hangup of a loopback B-leg ends both legs', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const dial = await c.command('outbound', {
      to: '+18007771234',
      channel: 'rl',
      uid: '1',
      token: APPID,
    });
    const a = String((dial.data as Message).callid);
    const incoming = await c.waitForEvent('call_incoming');
    const b = String(incoming.callid);
    await c.command('accept', { callid: b, token: APPID, channel: 'rl_b', uid: '2' });
    await c.waitForEvent('agora_bridge_start', b);
    expect(emulator.calls().map((leg) => [leg.direction, leg.peerCallid])).toEqual([
      ['outbound', b],
      ['inbound', a],
    ]);
    emulator.remote.hangup(b, 'NORMAL_CLEARING');
    await c.waitForEvent('call_hangup', a);
    await c.waitForEvent('call_hangup', b);
    expect(emulator.calls()).toEqual([]);
  });

  it('injectEvent returns false with no leg or no connected owner', async () => {
    await using emulator = await fastEmulator({ orphanGraceMs: 5000 });
    expect(emulator.injectEvent({ event: 'call_answered', callid: 'ghost' })).toBe(false);
    const c = await client(emulator, { clientId: 'ghost_owner' });
    const dial = await c.command('outbound', {
      to: scenario.answer(),
      channel: 'gh',
      uid: '1',
      token: APPID,
    });
    const callid = String((dial.data as Message).callid);
    await c.waitForEvent('agora_bridge_start', callid);
    expect(emulator.injectEvent({ event: 'custom', callid })).toBe(true);
    emulator.faults.dropClients({ clientId: 'ghost_owner' });
    await c.closed;
    await until(() => emulator.status().client_count === 0);
    expect(emulator.injectEvent({ event: 'custom', callid })).toBe(false);
    expect(emulator.calls()).toMatchObject([{ callid, ownerConnected: false }]);
  });
});
