import { fileURLToPath } from 'node:url';
import { scenario, startEmulator } from '@callstream/emulator';
import {
  emulatorEnv,
  matchInOrder,
  runProgram,
  startProgram,
  timeline,
} from '@callstream/example-support/testing';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('..', import.meta.url));

describe('examples/outbound', () => {
  it('dials, sends DTMF once bridged, gets the echo, hangs up and exits 0 (embedded emulator)', async () => {
    const result = await runProgram(dir, ['--fast']);
    expect(result.code).toBe(0);
    // A command's record is printed when its reply has been handled, and events that came in
    // the same read are published first (with fast timing the emulator's next events follow a
    // reply within 1–2 ms). So events keep the server's order, and each command comes after
    // what the program waited for before sending it; a command and the events it causes have
    // no order between them.
    const events = [
      'state:connected',
      'event:ringing',
      'event:answered',
      'event:bridged',
      'media',
      'event:dtmf',
      'event:hangup',
      'event:removed',
      'summary',
    ];
    expect(matchInOrder(timeline(result.records), events)).toEqual(events);
    const commands = [
      'state:connected',
      'command:dial',
      'media',
      'command:sendDtmf',
      'command:hangup',
      'summary',
    ];
    expect(matchInOrder(timeline(result.records), commands)).toEqual(commands);
    // The hangup is sent once the echo was seen.
    const echoThenHangup = ['event:dtmf', 'command:hangup'];
    expect(matchInOrder(timeline(result.records), echoThenHangup)).toEqual(echoThenHangup);
    const dial = result.records.find(
      (record) => record.type === 'command' && record.command === 'dial',
    );
    expect(dial).toMatchObject({ ok: true, to: scenario.answer(), callId: expect.any(String) });
    expect(result.records.find((record) => record.event === 'dtmf')).toMatchObject({
      callId: dial?.callId,
      digits: '1234#',
    });
    expect(result.records.at(-1)).toMatchObject({
      type: 'summary',
      callId: dial?.callId,
      media: 'bridged',
      dtmfEcho: '1234#',
      hangupCause: 'NORMAL_CLEARING',
      ok: true,
    });
  });

  it('sends the DTMF on the answered call when no bridge event comes (quirk mode)', async () => {
    await using emulator = await startEmulator({ timing: 'fast', quirks: true });
    const result = await runProgram(dir, ['--digits', '42'], {
      env: { ...emulatorEnv(emulator), TO_NUMBER: scenario.answer(), FROM_NUMBER: '+15551230000' },
    });
    expect(result.code).toBe(0);
    expect(result.records.find((record) => record.type === 'media')).toMatchObject({
      state: 'answered',
      note: expect.any(String),
    });
    expect(result.records.some((record) => record.event === 'bridged')).toBe(false);
    expect(result.records.at(-1)).toMatchObject({
      type: 'summary',
      media: 'answered',
      dtmfEcho: '42',
      ok: true,
    });
    const sent = await emulator.waitForFrame((received) => received.frame.action === 'send_dtmf');
    expect(sent.frame.digits).toBe('42');
    expect(emulator.calls()).toEqual([]);
  });

  it('dials with the ring timeout and RTC_TOKEN as the token, and never prints the token', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    const rtcToken = '007eJxTYenvOutboundRtcToken';
    const result = await runProgram(dir, [], {
      env: {
        ...emulatorEnv(emulator),
        TO_NUMBER: scenario.answer(),
        FROM_NUMBER: '+15551230000',
        RTC_TOKEN: rtcToken,
      },
    });
    expect(result.code).toBe(0);
    const dial = await emulator.waitForFrame((received) => received.frame.action === 'outbound');
    expect(dial.frame).toMatchObject({ token: rtcToken, timeout: '60' });
    expect(result.stdout).not.toContain(rtcToken);
    expect(result.stderr).not.toContain(rtcToken);
  });

  it('--rtc-token wins over RTC_TOKEN', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    const result = await runProgram(dir, ['--rtc-token', 'flag-rtc-token'], {
      env: {
        ...emulatorEnv(emulator),
        TO_NUMBER: scenario.answer(),
        FROM_NUMBER: '+15551230000',
        RTC_TOKEN: 'env-rtc-token',
      },
    });
    expect(result.code).toBe(0);
    const dial = await emulator.waitForFrame((received) => received.frame.action === 'outbound');
    expect(dial.frame.token).toBe('flag-rtc-token');
  });

  it('on SIGINT mid-call hangs the call up, exits 0 and leaves the Call Manager without calls', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    await using program = startProgram(dir, [], {
      env: {
        ...emulatorEnv(emulator),
        TO_NUMBER: scenario.answer(9999),
        FROM_NUMBER: '+15551230000',
      },
    });
    await program.waitForRecord((record) => record.event === 'ringing');
    expect(emulator.calls()).toHaveLength(1);
    program.child.kill('SIGINT');
    expect(await program.exited).toEqual({ code: 0, signal: null });
    expect(program.records.at(-1)).toMatchObject({ type: 'shutdown', reason: 'SIGINT', hungUp: 1 });
    expect(program.records.some((record) => record.type === 'summary')).toBe(false);
    expect(emulator.frames().some(({ frame }) => frame.action === 'endcall')).toBe(true);
    expect(emulator.calls()).toEqual([]);
  });

  it('exits 1 with a clear message when the callee is busy', async () => {
    const result = await runProgram(dir, ['--fast'], { env: { TO_NUMBER: scenario.busy() } });
    expect(result.code).toBe(1);
    expect(result.records.at(-1)).toMatchObject({
      type: 'error',
      code: 'step-failed',
      message: expect.stringContaining('USER_BUSY'),
    });
    expect(result.stderr).toMatch(/error: waiting for answer: call .* ended \(USER_BUSY\)/);
  });

  it('--help prints usage and exits 0', async () => {
    const result = await runProgram(dir, ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: outbound \[flags\]/);
    expect(result.stdout).toContain(scenario.answer());
  });
});
