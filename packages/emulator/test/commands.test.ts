import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_IDS, scenario } from '../src/index';
import { client, fastEmulator } from './helpers/fixtures';
import type { Message, RawClient } from './helpers/rawClient';

const APPID = DEFAULT_APP_IDS[0];

async function answeredCall(c: RawClient, channel: string): Promise<string> {
  const dial = await c.command('outbound', {
    to: scenario.answer(),
    from: '+15551234567',
    channel,
    uid: '7',
    token: APPID,
  });
  const callid = String((dial.data as Message).callid);
  await c.waitForEvent('agora_bridge_start', callid);
  return callid;
}

describe('command replies', () => {
  it('outbound: success envelope with callid and gateway_ip, request_id echoed', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const reply = await c.command('outbound', {
      to: scenario.answer(),
      from: '+15551234567',
      channel: 'ch',
      uid: '100',
      token: APPID,
      region: 'AREA_CODE_NA',
      timeout: '60',
      appid: APPID,
    });
    expect(reply).toEqual({
      response: 'outbound',
      status_code: 200,
      data: {
        success: true,
        callid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        gateway_ip: expect.any(String),
      },
      request_id: expect.stringMatching(/^outbound_\d+$/),
    });
  });

  it('every follow-up command answers success with the same envelope', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const callid = await answeredCall(c, 'followups');
    const ok = (action: string) => ({
      response: action,
      status_code: 200,
      data: { success: true },
      request_id: expect.any(String),
    });
    expect(await c.command('send_dtmf', { callid, digits: '5' })).toEqual(ok('send_dtmf'));
    expect(await c.command('unbridge', { callid })).toEqual(ok('unbridge'));
    expect(await c.command('bridge', { callid, token: APPID, channel: 'other', uid: '8' })).toEqual(
      ok('bridge'),
    );
    expect(await c.command('endcall', { callid })).toEqual(ok('endcall'));
    expect(await c.command('subscribe', { numbers: ['+1 (800) 555-1234'] })).toEqual({
      ...ok('subscribe'),
      data: { success: true, numbers: ['18005551234'] },
    });
    const second = await answeredCall(c, 'followups2');
    expect(await c.command('hangup', { callid: second })).toEqual(ok('hangup'));
    const third = await answeredCall(c, 'followups3');
    expect(
      await c.command('transfer', { callid: third, destination: '+15550001', leg: 'aleg' }),
    ).toEqual(ok('transfer'));
  });

  it('callid not found: 404 envelope with a top-level error, request_id echoed', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    for (const action of [
      'accept',
      'reject',
      'bridge',
      'unbridge',
      'endcall',
      'hangup',
      'transfer',
      'send_dtmf',
    ]) {
      const reply = await c.command(action, {
        callid: 'nope',
        token: APPID,
        channel: 'c',
        uid: '1',
        destination: '+1555',
        digits: '1',
      });
      expect(reply).toEqual({
        response: action,
        status_code: 404,
        data: { success: false, error: 'callid not found' },
        error: 'callid not found',
        request_id: expect.stringMatching(new RegExp(`^${action}_\\d+$`)),
      });
    }
  });

  it('validation errors: unknown action, no action, wrong types, missing parameters', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    expect(await c.command('dance')).toEqual({
      error: 'unknown action: dance',
      request_id: expect.any(String),
    });
    c.send({ request_id: 'noaction_1', callid: 'x' });
    expect(await c.waitFor((m) => m.request_id === 'noaction_1')).toEqual({
      error: 'missing action',
      request_id: 'noaction_1',
    });
    const wrongType = await c.command('outbound', {
      to: scenario.answer(),
      channel: 'c',
      uid: 100,
    });
    expect(wrongType).toMatchObject({
      status_code: 400,
      error: 'invalid parameter: uid must be a string',
    });
    const wrongVideo = await c.command('outbound', {
      to: scenario.answer(),
      channel: 'c',
      uid: '1',
      video: 'yes',
    });
    expect(wrongVideo.error).toBe('invalid parameter: video must be a boolean');
    const wrongNumbers = await c.command('subscribe', { numbers: '18005551234' });
    expect(wrongNumbers.error).toBe('invalid parameter: numbers must be an array of strings');
    const missing = await c.command('outbound', { to: scenario.answer() });
    expect(missing).toEqual({
      response: 'outbound',
      status_code: 400,
      data: { success: false, error: 'missing parameters: channel, uid' },
      error: 'missing parameters: channel, uid',
      request_id: expect.any(String),
    });
    expect((await c.command('send_dtmf', { callid: 'x' })).error).toBe(
      'missing parameters: digits',
    );
    expect((await c.command('send_dtmf', { callid: 'x', digits: '12x' })).error).toMatch(
      /^invalid parameter: digits/,
    );
    expect(
      (await c.command('transfer', { callid: 'x', destination: '1', leg: 'C' })).error,
    ).toMatch(/^invalid parameter: leg/);
  });

  it('bad frames get an error without request_id and the session stays usable', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    c.sendRaw('{not json');
    c.sendRaw('[1,2,3]');
    c.sendRaw('42');
    c.send({ action: 'subscribe', numbers: [], request_id: { id: 1 } });
    const errors = await c.waitForCount((m) => typeof m.error === 'string', 4);
    expect(errors).toEqual([
      { error: 'invalid JSON' },
      { error: 'expected a JSON object' },
      { error: 'expected a JSON object' },
      { error: 'invalid parameter: request_id must be a string' },
    ]);
    expect((await c.command('subscribe', { numbers: [] })).status_code).toBe(200);
  });

  it('a non-string scalar request_id is rejected with that request_id echoed as is', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const ids = [7, 0, 1.5, true, false, null];
    for (const id of ids) c.send({ action: 'subscribe', numbers: ['18005551234'], request_id: id });
    const errors = await c.waitForCount((m) => typeof m.error === 'string', ids.length);
    expect(errors).toEqual(
      ids.map((id) => ({
        error: 'invalid parameter: request_id must be a string',
        request_id: id,
      })),
    );
    // None of them ran: the session is still catch-all and usable.
    expect(emulator.status().clients[0]?.subscribed_numbers).toEqual([]);
    expect((await c.command('subscribe', { numbers: [] })).status_code).toBe(200);
  });

  it('bridge, unbridge and transfer check the call state', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const ringing = await c.command('outbound', {
      to: scenario.noAnswer(2000),
      channel: 'st',
      uid: '1',
      token: APPID,
    });
    const callid = String((ringing.data as Message).callid);
    expect(
      (await c.command('bridge', { callid, token: APPID, channel: 'x', uid: '2' })).error,
    ).toBe('call not answered');
    expect((await c.command('unbridge', { callid })).error).toBe('call not bridged');
    expect((await c.command('transfer', { callid, destination: '+1555' })).error).toBe(
      'call not answered',
    );
    expect((await c.command('endcall', { callid })).status_code).toBe(200);
    expect((await c.waitForEvent('call_hangup', callid)).hangup_cause).toBe('ORIGINATOR_CANCEL');
    // Once ended, the callid is gone.
    expect((await c.command('endcall', { callid })).error).toBe('callid not found');
  });

  it('a non-MULTI session may name its appid; another appid does not find the call', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const callid = await answeredCall(c, 'isol');
    expect(
      (await c.command('send_dtmf', { callid, digits: '1', appid: DEFAULT_APP_IDS[1] })).error,
    ).toBe('callid not found');
    expect((await c.command('send_dtmf', { callid, digits: '1', appid: APPID })).status_code).toBe(
      200,
    );
  });

  it('a duplicate appid:channel:uid outbound is refused', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    await answeredCall(c, 'dup');
    const second = await c.command('outbound', {
      to: scenario.answer(),
      channel: 'dup',
      uid: '7',
      token: APPID,
    });
    expect(second).toMatchObject({ status_code: 409, data: { success: false } });
  });

  it('accepts the composite appid:channel:uid as a callid (what quirk hangups carry)', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const callid = await answeredCall(c, 'compo');
    expect((await c.command('hangup', { callid: `${APPID}:compo:7` })).status_code).toBe(200);
    await c.waitForEvent('call_hangup', callid);
  });
});
