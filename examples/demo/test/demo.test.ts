import { fileURLToPath } from 'node:url';
import { DEFAULT_DIDS, scenario, startEmulator } from '@callstream/emulator';
import {
  emulatorEnv,
  matchInOrder,
  type PrintedRecord,
  runProgram,
  timeline,
} from '@callstream/example-support/testing';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('..', import.meta.url));

function callTimeline(records: readonly PrintedRecord[], callId: unknown): string[] {
  return timeline(records.filter((record) => record.callId === callId));
}

function dialled(records: readonly PrintedRecord[]): PrintedRecord[] {
  return records.filter((record) => record.type === 'command' && record.command === 'dial');
}

describe('examples/demo', () => {
  it('runs the portable flow on every backend and closes with a summary', async () => {
    const result = await runProgram(dir, ['--fast']);
    expect(result.code).toBe(0);
    const backends = ['cm', 'telnyx'];
    const summary = result.records.at(-1);
    expect(summary).toMatchObject({ type: 'summary', backends, digits: '12341234', ok: true });
    expect(summary?.calls).toBe(2 * backends.length);
    expect(summary?.events).toBe(result.records.filter((record) => record.type === 'event').length);
    expect(summary?.durationMs).toEqual(expect.any(Number));
    expect(
      result.records.every(
        (record) => record.type === 'summary' || backends.includes(String(record.backend)),
      ),
    ).toBe(true);

    for (const backend of backends) {
      const records = result.records.filter((record) => record.backend === backend);
      const [outbound] = dialled(records);
      expect(outbound).toMatchObject({ to: scenario.pressDigits('1234'), ok: true });
      // Telnyx reports the leg's call.initiated after the dial's answer; the CM has no such event.
      const a = [
        'command:dial',
        'event:answered',
        'event:dtmf',
        'event:dtmf',
        'event:dtmf',
        'event:dtmf',
        'event:hangup',
        'event:removed',
      ];
      expect(matchInOrder(callTimeline(records, outbound?.callId), a)).toEqual(a);
      const digits = records
        .filter((record) => record.event === 'dtmf')
        .map((record) => record.digits)
        .join('');
      expect(digits).toBe('1234');

      const inbound = records.find((record) => record.event === 'incoming')?.callId;
      expect(inbound).toEqual(expect.any(String));
      // The hangup's reply and the call's end race each other on the wire: no order between them.
      // Nor between the accept's reply and `answered`: both can come in one read, and the
      // event is published before the awaiting code (which prints the command) resumes.
      const events = ['event:incoming', 'event:answered', 'event:removed'];
      expect(matchInOrder(callTimeline(records, inbound), events)).toEqual(events);
      const accepted = ['event:incoming', 'command:accept', 'event:removed'];
      expect(matchInOrder(callTimeline(records, inbound), accepted)).toEqual(accepted);
      for (const callId of [outbound?.callId, inbound]) {
        expect(timeline(records.filter((record) => record.callId === callId))).toContain(
          'command:hangup',
        );
      }
    }
    expect(
      result.records.filter((record) => record.type === 'step' && record.status === 'done'),
    ).toHaveLength(backends.length);
    expect(result.stderr).toMatch(/demo done on cm, telnyx: 4 calls/);
  });

  it('runs on the Telnyx backend alone with --backend telnyx', async () => {
    const result = await runProgram(dir, ['--fast', '--backend', 'telnyx']);
    expect(result.code).toBe(0);
    expect(result.records.at(-1)).toMatchObject({
      type: 'summary',
      backends: ['telnyx'],
      calls: 2,
      digits: '1234',
      ok: true,
    });
    expect(result.stderr).toMatch(/embedded Telnyx emulator/);
  });

  it('works against the real CM quirks too: no bridge events for outbound legs, composite hangup ids', async () => {
    const result = await runProgram(dir, ['--fast', '--quirks', '--backend', 'cm']);
    expect(result.code).toBe(0);
    expect(result.records.at(-1)).toMatchObject({
      type: 'summary',
      calls: 2,
      digits: '1234',
      ok: true,
    });
    const outboundBridges = result.records.filter(
      (record) => record.event === 'bridged' && record.direction === 'outbound',
    );
    expect(outboundBridges).toEqual([]);
  });

  it('against a Call Manager (CM_HOST) it sends RTC_TOKEN with every dial and accept and never prints it', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    const rtcToken = '007eJxTYenvDemoRtcToken';
    const result = await runProgram(dir, ['--backend', 'cm'], {
      env: {
        ...emulatorEnv(emulator),
        TO_NUMBER: scenario.pressDigits('1234'),
        FROM_NUMBER: '+15551230000',
        DID: DEFAULT_DIDS[0],
        RTC_TOKEN: rtcToken,
      },
    });
    expect(result.code).toBe(0);
    const media = emulator
      .frames()
      .map(({ frame }) => frame)
      .filter((frame) => frame.action === 'outbound' || frame.action === 'accept');
    // The dial of part (a), the loopback dial of part (b) (a real CM has no callers to script),
    // and the accept of the loopback offer.
    expect(media.map((frame) => frame.action)).toEqual(['outbound', 'outbound', 'accept']);
    for (const frame of media) expect(frame.token).toBe(rtcToken);
    expect(result.stdout).not.toContain(rtcToken);
    expect(result.stderr).not.toContain(rtcToken);
  });

  it('exits 1 with a clear message when a step fails (the callee is busy)', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    const result = await runProgram(dir, ['--backend', 'cm'], {
      env: {
        ...emulatorEnv(emulator),
        TO_NUMBER: scenario.busy(),
        FROM_NUMBER: '+15551230000',
        DID: DEFAULT_DIDS[0],
      },
    });
    expect(result.code).toBe(1);
    expect(result.records.some((record) => record.type === 'summary')).toBe(false);
    expect(result.records.at(-1)).toMatchObject({ type: 'error', code: 'step-failed' });
    expect(result.stderr).toMatch(/error: .*USER_BUSY/);
    expect(emulator.calls()).toEqual([]);
  });

  it('refuses an unknown backend with exit status 2', async () => {
    const result = await runProgram(dir, ['--backend', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--backend must be/);
  });

  it('--help prints usage and exits 0', async () => {
    const result = await runProgram(dir, ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: demo \[flags\]/);
    expect(result.stdout).toContain('--realistic');
    expect(result.stdout).toContain('--backend');
  });
});
