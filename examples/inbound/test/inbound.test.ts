import { fileURLToPath } from 'node:url';
import { DEFAULT_DIDS, startEmulator } from '@callstream/emulator';
import {
  emulatorEnv,
  matchInOrder,
  type PrintedRecord,
  runProgram,
  startProgram,
  timeline,
} from '@callstream/example-support/testing';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('..', import.meta.url));

/** The records about one call, as a timeline. */
function callTimeline(records: readonly PrintedRecord[], callId: unknown): string[] {
  return timeline(records.filter((record) => record.callId === callId));
}

describe('examples/inbound', () => {
  it('--self-test: accepts each call inside incoming$, hears its DTMF, exits 0 after --max-calls', async () => {
    const result = await runProgram(dir, ['--fast', '--self-test', '--max-calls', '2']);
    expect(result.code).toBe(0);
    const ended = result.records.filter((record) => record.type === 'call-ended');
    expect(ended).toHaveLength(2);
    const events = [
      'event:incoming',
      'event:answered',
      'event:bridged',
      'event:dtmf',
      'event:hangup',
      'event:removed',
      'call-ended',
    ];
    // The accept's reply and `answered`/`bridged` can come in one read: the events are published
    // before the awaiting code (which prints the command) resumes, so only the caller's DTMF,
    // sent once the call is bridged, is sure to come after the accept.
    const accepted = ['event:incoming', 'command:accept', 'event:dtmf', 'call-ended'];
    for (const call of ended) {
      const calls = callTimeline(result.records, call.callId);
      expect(matchInOrder(calls, events)).toEqual(events);
      expect(matchInOrder(calls, accepted)).toEqual(accepted);
      const digits = result.records
        .filter((record) => record.callId === call.callId && record.event === 'dtmf')
        .map((record) => record.digits)
        .join('');
      expect(digits).toBe('42#');
    }
    // The DID keeps its + next to the +1… caller (the emulator used to hand back digits only).
    const incoming = result.records.filter((record) => record.event === 'incoming');
    expect(incoming.map((record) => [record.from, record.to])).toEqual([
      ['+14155550101', DEFAULT_DIDS[0]],
      ['+14155550102', DEFAULT_DIDS[0]],
    ]);
    expect(
      result.records.find((record) => record.type === 'command' && record.command === 'subscribe'),
    ).toMatchObject({
      ok: true,
      numbers: [DEFAULT_DIDS[0]],
    });
    expect(result.records.at(-1)).toMatchObject({ type: 'summary', calls: 2, ok: true });
  });

  it('--self-test also drives an external emulator through its HTTP control routes', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    const result = await runProgram(dir, ['--self-test', '--max-calls', '1'], {
      env: { ...emulatorEnv(emulator), DID: DEFAULT_DIDS[1], RTC_TOKEN: '007eJxTInboundRtc' },
    });
    expect(result.code).toBe(0);
    expect(result.records.at(-1)).toMatchObject({ type: 'summary', calls: 1, ok: true });
    const accept = await emulator.waitForFrame((received) => received.frame.action === 'accept');
    expect(accept.frame).toMatchObject({
      uid: '200',
      channel: expect.stringMatching(/^in-self-test-1-/),
      token: '007eJxTInboundRtc',
    });
    expect(result.stdout).not.toContain('007eJxTInboundRtc');
    expect(emulator.stats()).toMatchObject({ calls: 0, heldLookups: 0 });
  });

  it('on SIGINT mid-call hangs up the accepted call, exits 0 and leaves no calls behind', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    await using program = startProgram(dir, [], {
      env: { ...emulatorEnv(emulator), DID: DEFAULT_DIDS[0] },
    });
    await program.waitForRecord(
      (record) => record.type === 'command' && record.command === 'subscribe',
    );
    const lookup = emulator.simulateInbound({ did: DEFAULT_DIDS[0], from: '+14155550100' });
    const bridged = await program.waitForRecord((record) => record.event === 'bridged');
    expect(await lookup).toMatchObject({ status: 200, callid: bridged.callId });
    program.child.kill('SIGINT');
    expect(await program.exited).toEqual({ code: 0, signal: null });
    expect(program.records.at(-1)).toMatchObject({ type: 'shutdown', reason: 'SIGINT', hungUp: 1 });
    const hangup = await emulator.waitForFrame((received) => received.frame.action === 'hangup');
    expect(hangup.frame.callid).toBe(bridged.callId);
    expect(emulator.calls()).toEqual([]);
  });

  it('--help prints usage and exits 0', async () => {
    const result = await runProgram(dir, ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: inbound \[flags\]/);
    expect(result.stdout).toMatch(/--max-calls N/);
    expect(result.stdout).toMatch(/--rtc-token TOKEN/);
    expect(result.stdout).toMatch(/RTC_TOKEN/);
  });
});
