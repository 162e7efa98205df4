import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_IDS, EmulatorError, scenario } from '../src/index';
import { client, fastEmulator, fetchJson } from './helpers/fixtures';
import type { Message, RawClient } from './helpers/rawClient';

const APPID = DEFAULT_APP_IDS[0];

async function answeredCall(c: RawClient): Promise<string> {
  const dial = await c.command('outbound', {
    to: scenario.answer(),
    channel: 'dtmf',
    uid: '1',
    token: APPID,
  });
  const callid = String((dial.data as Message).callid);
  await c.waitForEvent('call_answered', callid);
  return callid;
}

describe('DTMF digits are capped at 64 and limited to 0-9 * #', () => {
  it('remote/dtmf refuses 900,000 digits (and other alphabets) with 400; 64 are fine', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const callid = await answeredCall(c);
    const url = `${emulator.httpUrl}/v1/emulator/remote/dtmf`;
    const flood = await fetchJson(url, { body: { callid, digits: '1'.repeat(900_000) } });
    expect(flood).toMatchObject({
      status: 400,
      body: { error: 'digits: 1 to 64 of 0-9, * and # (got 900000 characters)' },
    });
    expect(emulator.stats().timers).toBe(0);
    const letters = await fetchJson(url, { body: { callid, digits: '12A' } });
    expect(letters.status).toBe(400);
    expect(letters.body.error).toMatch(/0-9, \* and #/);
    const most = await fetchJson(url, {
      body: { callid, digits: '0123456789*#'.repeat(6).slice(0, 64) },
    });
    expect(most.status).toBe(200);
    expect(most.body).toMatchObject({ ok: true });
    await c.waitForCount((m) => m.event === 'dtmf_received' && m.callid === callid, 64);
  });

  it('remote.pressDigits throws INVALID_ARGUMENT for too many digits or letters', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const callid = await answeredCall(c);
    for (const digits of ['1'.repeat(65), 'A', '1 2', '']) {
      expect(() => emulator.remote.pressDigits(callid, digits)).toThrow(EmulatorError);
    }
    expect(emulator.remote.pressDigits(callid, '9#')).toBe(true);
  });

  it('send_dtmf is answered 400 for more than 64 digits or letters, per the protocol', async () => {
    await using emulator = await fastEmulator();
    await using c = await client(emulator);
    const callid = await answeredCall(c);
    for (const digits of ['1'.repeat(65), 'ABCD', '12a']) {
      const reply = await c.command('send_dtmf', { callid, digits });
      expect(reply).toMatchObject({
        response: 'send_dtmf',
        status_code: 400,
        error: expect.stringMatching(/^invalid parameter: digits/),
      });
    }
    expect(c.events((m) => m.event === 'dtmf_received')).toEqual([]);
    const ok = await c.command('send_dtmf', { callid, digits: '1'.repeat(64) });
    expect(ok.status_code).toBe(200);
    expect((await c.waitForEvent('dtmf_received', callid)).digits).toBe('1'.repeat(64));
  });
});
