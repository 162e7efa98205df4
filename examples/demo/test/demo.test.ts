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
  it('runs the outbound and the loopback inbound call end to end and closes with a summary', async () => {
    const result = await runProgram(dir, ['--fast']);
    expect(result.code).toBe(0);
    const summary = result.records.at(-1);
    expect(summary).toMatchObject({ type: 'summary', calls: 3, dtmfEchoes: 3, ok: true });
    expect(summary?.events).toBe(result.records.filter((record) => record.type === 'event').length);
    expect(summary?.durationMs).toEqual(expect.any(Number));

    const [outbound, aLeg] = dialled(result.records);
    expect(outbound).toMatchObject({ to: scenario.answer(), ok: true });
    const a = [
      'command:dial',
      'event:answered',
      'event:bridged',
      'command:sendDtmf',
      'event:dtmf',
      'command:hangup',
      'event:hangup',
      'event:removed',
    ];
    expect(matchInOrder(callTimeline(result.records, outbound?.callId), a)).toEqual(a);

    expect(aLeg).toMatchObject({ to: DEFAULT_DIDS[0], ok: true });
    const bLeg = result.records.find((record) => record.event === 'incoming')?.callId;
    expect(bLeg).toEqual(expect.any(String));
    const legA = [
      'command:dial',
      'event:answered',
      'event:bridged',
      'command:sendDtmf',
      'event:dtmf',
      'command:hangup',
      'event:removed',
    ];
    const legB = [
      'event:incoming',
      'command:accept',
      'event:answered',
      'event:bridged',
      'command:sendDtmf',
      'event:dtmf',
      'event:removed',
    ];
    expect(matchInOrder(callTimeline(result.records, aLeg?.callId), legA)).toEqual(legA);
    expect(matchInOrder(callTimeline(result.records, bLeg), legB)).toEqual(legB);
    const echoes = result.records
      .filter((record) => record.event === 'dtmf')
      .map((record) => [record.callId, record.digits]);
    expect(echoes).toEqual([
      [outbound?.callId, '1234#'],
      [aLeg?.callId, '1234#'],
      [bLeg, '5678#'],
    ]);
    expect(
      result.records.filter((record) => record.type === 'step' && record.status === 'done'),
    ).toHaveLength(2);
    expect(result.stderr).toMatch(/demo done: 3 calls/);
  });

  it('works against the real CM quirks too: no bridge events for outbound legs, composite hangup ids', async () => {
    const result = await runProgram(dir, ['--fast', '--quirks']);
    expect(result.code).toBe(0);
    expect(result.records.at(-1)).toMatchObject({
      type: 'summary',
      calls: 3,
      dtmfEchoes: 3,
      ok: true,
    });
    const outboundBridges = result.records.filter(
      (record) => record.event === 'bridged' && record.direction === 'outbound',
    );
    expect(outboundBridges).toEqual([]);
  });

  it('sends RTC_TOKEN with every dial and accept, and the ring timeout with every dial', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    const rtcToken = '007eJxTYenvDemoRtcToken';
    const result = await runProgram(dir, [], {
      env: {
        ...emulatorEnv(emulator),
        TO_NUMBER: scenario.answer(),
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
    expect(media.map((frame) => frame.action)).toEqual(['outbound', 'outbound', 'accept']);
    for (const frame of media) expect(frame.token).toBe(rtcToken);
    for (const frame of media.filter((item) => item.action === 'outbound'))
      expect(frame.timeout).toBe('60');
    expect(result.stdout).not.toContain(rtcToken);
    expect(result.stderr).not.toContain(rtcToken);
  });

  it('exits 1 with a clear message when a step fails (the callee is busy)', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    const result = await runProgram(dir, [], {
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

  it('--help prints usage and exits 0', async () => {
    const result = await runProgram(dir, ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: demo \[flags\]/);
    expect(result.stdout).toContain('--realistic');
  });
});
