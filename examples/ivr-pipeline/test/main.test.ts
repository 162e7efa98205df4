import { fileURLToPath } from 'node:url';
import { DEFAULT_DIDS, startEmulator } from '@callstream/emulator';
import { emulatorEnv, runProgram, startProgram } from '@callstream/example-support/testing';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('..', import.meta.url));

describe('examples/ivr-pipeline (the program)', () => {
  it('--self-test routes every caller and exits 0 (embedded emulator)', async () => {
    const result = await runProgram(dir, [
      '--fast',
      '--self-test',
      '--first-digit-ms',
      '250',
      '--inter-digit-ms',
      '200',
    ]);
    expect(result.code).toBe(0);
    const outcomes = result.records.filter((record) => record.type === 'outcome');
    const routed = outcomes
      .filter((record) => record.kind === 'routed')
      .map((record) => record.choice);
    expect(routed).toEqual(['1', '2', '9', '9']);
    expect(
      outcomes.filter((record) => record.kind === 'retry').map((record) => record.reason),
    ).toEqual(['invalid-choice', 'no-input', 'no-input', 'no-input']);
    expect(outcomes.filter((record) => record.kind === 'gave-up')).toHaveLength(1);
    expect(outcomes.filter((record) => record.kind === 'ended')).toHaveLength(5);
    expect(result.records.at(-1)).toMatchObject({ type: 'summary', calls: 5, ok: true });
  });

  it('--backend telnyx --self-test routes every caller on the Telnyx emulator and exits 0', async () => {
    const result = await runProgram(dir, [
      '--fast',
      '--self-test',
      '--backend',
      'telnyx',
      '--first-digit-ms',
      '250',
      '--inter-digit-ms',
      '200',
    ]);
    expect(result.code).toBe(0);
    const outcomes = result.records.filter((record) => record.type === 'outcome');
    expect(outcomes.every((record) => record.backend === 'telnyx')).toBe(true);
    expect(
      outcomes.filter((record) => record.kind === 'routed').map((record) => record.choice),
    ).toEqual(['1', '2', '9', '9']);
    expect(outcomes.filter((record) => record.kind === 'gave-up')).toHaveLength(1);
    expect(outcomes.filter((record) => record.kind === 'ended')).toHaveLength(5);
    expect(result.records.at(-1)).toMatchObject({
      type: 'summary',
      backend: 'telnyx',
      calls: 5,
      ok: true,
    });
  });

  it('on SIGINT while a caller is in the menu hangs up, exits 0 and leaves no calls', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    await using program = startProgram(dir, [], {
      env: { ...emulatorEnv(emulator), DID: DEFAULT_DIDS[0] },
    });
    await program.waitForRecord(
      (record) => record.type === 'state' && record.status === 'connected',
    );
    void emulator.simulateInbound({ did: DEFAULT_DIDS[0], callid: 'ivr-sigint-1' });
    await program.waitForRecord(
      (record) => record.kind === 'menu' && record.callId === 'ivr-sigint-1',
    );
    program.child.kill('SIGTERM');
    expect(await program.exited).toEqual({ code: 0, signal: null });
    expect(program.records.at(-1)).toMatchObject({
      type: 'shutdown',
      reason: 'SIGTERM',
      hungUp: 1,
    });
    expect(emulator.calls()).toEqual([]);
  });

  it('--help prints usage and exits 0', async () => {
    const result = await runProgram(dir, ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: ivr-pipeline \[flags\]/);
    expect(result.stdout).toMatch(/--first-digit-ms MS/);
  });
});
