import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_IDS, EmulatorError, parseScenario, scenario } from '../src/index';
import { client, fastEmulator, IDLE_STATS, until } from './helpers/fixtures';
import type { Message, RawClient } from './helpers/rawClient';

const APPID = DEFAULT_APP_IDS[0];

async function dial(
  c: RawClient,
  to: string,
  channel: string,
): Promise<{ callid: string; reply: Message }> {
  const reply = await c.command('outbound', {
    to,
    from: '+15551234567',
    channel,
    uid: '9',
    token: APPID,
  });
  return { callid: String((reply.data as Message).callid), reply };
}

describe('scenario numbers', () => {
  it('builds and parses every scenario', () => {
    expect(scenario.answer()).toBe('+155501000000');
    expect(scenario.answer(1500)).toBe('+155501001500');
    expect(scenario.busy()).toBe('+155501010000');
    expect(scenario.noAnswer(250)).toBe('+155501020250');
    expect(scenario.reject()).toBe('+155501030000');
    expect(scenario.remoteHangup(42)).toBe('+155501040042');
    expect(scenario.pressDigits('1234')).toBe('+155501051234');
    expect(scenario.slowGateway(9999)).toBe('+155501069999');
    expect(scenario.noResource()).toBe('+155501070000');
    expect(parseScenario('+1 (555) 010-0-1500')).toEqual({ kind: 'answer', param: 1500 });
    expect(parseScenario(scenario.answer())).toEqual({ kind: 'answer' });
    expect(parseScenario(scenario.pressDigits('0000'))).toEqual({
      kind: 'pressDigits',
      param: '0000',
    });
    expect(parseScenario(scenario.busy())).toEqual({ kind: 'busy' });
    expect(parseScenario('+155501090000')).toBeUndefined();
    expect(parseScenario('+18005551234')).toBeUndefined();
    expect(() => scenario.answer(10000)).toThrow(EmulatorError);
    expect(() => scenario.pressDigits('12#')).toThrow(/4 digits/);
  });

  it('answer: ringing → answered (after the given delay) → bridge start', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const started = Date.now();
    const { callid } = await dial(c, scenario.answer(40), 'sc_answer');
    await c.waitForEvent('agora_bridge_start', callid);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(c.eventNames(callid)).toEqual(['call_ringing', 'call_answered', 'agora_bridge_start']);
    expect(c.events((m) => m.event === 'call_initiated')).toMatchObject([
      { callid: '', channel: 'sc_answer', uid: '9' },
    ]);
  });

  it.each([
    ['busy', scenario.busy(), 'USER_BUSY'],
    ['no answer', scenario.noAnswer(20), 'NO_ANSWER'],
    ['reject', scenario.reject(), 'CALL_REJECTED'],
    ['unallocated', '+15551230000', 'UNALLOCATED_NUMBER'],
  ])('%s: ringing → call_hangup %s', async (_name, to, cause) => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const { callid } = await dial(c, to, 'sc_fail');
    const hangup = await c.waitForEvent('call_hangup', callid);
    expect(hangup).toMatchObject({
      hangup_cause: cause,
      duration: expect.any(String),
      billsec: '0',
    });
    expect(c.eventNames(callid)).toEqual(['call_ringing', 'call_hangup']);
    await until(() => emulator.stats().timers === 0);
    expect(emulator.stats().calls).toBe(0);
  });

  it('remote hangup: answered, bridged, then NORMAL_CLEARING recv_bye', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const { callid } = await dial(c, scenario.remoteHangup(10), 'sc_rh');
    const hangup = await c.waitForEvent('call_hangup', callid);
    expect(hangup).toMatchObject({ hangup_cause: 'NORMAL_CLEARING', sip_disposition: 'recv_bye' });
    expect(c.eventNames(callid)).toEqual([
      'call_ringing',
      'call_answered',
      'agora_bridge_start',
      'agora_bridge_end',
      'call_hangup',
    ]);
  });

  it('press digits: one dtmf_received per digit after the answer', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const { callid } = await dial(c, scenario.pressDigits('4071'), 'sc_dtmf');
    const digits = await c.waitForCount(
      (m) => m.event === 'dtmf_received' && m.callid === callid,
      4,
    );
    expect(digits.map((m) => m.digits)).toEqual(['4', '0', '7', '1']);
    expect(c.eventNames(callid)).toEqual([
      'call_ringing',
      'call_answered',
      'agora_bridge_start',
      'dtmf_received',
      'dtmf_received',
      'dtmf_received',
      'dtmf_received',
    ]);
  });

  it('slow gateway: the reply itself is held, then the call answers', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const started = Date.now();
    const { callid, reply } = await dial(c, scenario.slowGateway(60), 'sc_slow');
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    expect(reply).toMatchObject({ status_code: 200, data: { success: true } });
    await c.waitForEvent('agora_bridge_start', callid);
    expect(c.eventNames(callid)).toEqual(['call_ringing', 'call_answered', 'agora_bridge_start']);
  });

  it('no resource: the exact 503 reply and no call', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const { reply } = await dial(c, scenario.noResource(), 'sc_503');
    expect(reply).toEqual({
      response: 'outbound',
      status_code: 503,
      data: { success: false, error: 'No resource currently available' },
      request_id: expect.any(String),
    });
    expect(emulator.stats()).toMatchObject({ calls: 0, timers: 0 });
  });

  it('quirk mode: an answering scenario only shows call_answered, the hangup uses the composite key', async () => {
    await using emulator = await fastEmulator({ quirks: true });
    await using c = await client(emulator);
    const { callid } = await dial(c, scenario.remoteHangup(5), 'sc_quirk');
    const hangup = await c.waitFor((m) => m.event === 'call_hangup');
    expect(hangup.callid).toBe(`${APPID}:sc_quirk:9`);
    expect(c.eventNames(callid, `${APPID}:sc_quirk:9`)).toEqual(['call_answered', 'call_hangup']);
    await c.close();
    await until(() => emulator.stats().sessions === 0);
    expect(emulator.stats()).toEqual(IDLE_STATS);
  });

  it('realistic timing keeps the same order (answer after 30 ms overrides answerMs)', async () => {
    await using emulator = await fastEmulator({ timing: { gatewayMs: 5, ringMs: 5, bridgeMs: 5 } });
    expect(emulator.options.timing).toMatchObject({
      gatewayMs: 5,
      answerMs: 1000,
      noAnswerMs: 5000,
    });
    await using c = await client(emulator);
    const { callid } = await dial(c, scenario.answer(30), 'sc_real');
    await c.waitForEvent('agora_bridge_start', callid);
    expect(c.eventNames(callid)).toEqual(['call_ringing', 'call_answered', 'agora_bridge_start']);
  });
});
