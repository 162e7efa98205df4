import { scenario, startEmulator } from '@callstream/emulator';
import { describe, expect, it } from 'vitest';
import {
  createOutput,
  type ExampleContext,
  ExampleError,
  type ProgramSpec,
  runExample,
} from '../src/index';
import { emulatorEnv } from '../src/testing/index';

const spec: ProgramSpec = { name: 'run-test', summary: 'test program', flags: {} };

/** runExample in this process, with its output and exit captured. */
async function run(
  argv: string[],
  env: Record<string, string>,
  main: (context: ExampleContext) => Promise<void>,
) {
  const lines: string[] = [];
  const messages: string[] = [];
  const exits: number[] = [];
  const output = createOutput({
    stdout: { write: (text: string) => lines.push(text) },
    stderr: { write: (text: string) => messages.push(text) },
  });
  const code = await runExample(spec, main, {
    argv,
    env,
    output,
    exit: (status) => exits.push(status),
  });
  const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, exits, records, stderr: messages.join('') };
}

describe('runExample', () => {
  it('exits 2 with an error record on bad flags, before starting anything', async () => {
    let ran = false;
    const result = await run(['--bogus'], {}, async () => {
      ran = true;
    });
    expect(ran).toBe(false);
    expect(result.code).toBe(2);
    expect(result.exits).toEqual([2]);
    expect(result.records).toEqual([expect.objectContaining({ type: 'error', code: 'usage' })]);
    expect(result.stderr).toMatch(/error: .*bogus/);
  });

  it('exits 1 when a step fails, after hanging up the calls the program owned', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    const result = await run(['--timeout-ms', '2000'], emulatorEnv(emulator), async (context) => {
      await context.connect();
      await context.client.dial({
        to: scenario.answer(9999),
        from: '+15551230000',
        channel: 'run-test',
        uid: '1',
      });
      await context.waitFor(
        context.client.calls$,
        (calls) => calls.size === 1,
        'the call to be tracked',
      );
      throw new ExampleError('step-failed', 'the test gives up');
    });
    expect(result.code).toBe(1);
    expect(result.records).toContainEqual(
      expect.objectContaining({ type: 'error', code: 'step-failed', message: 'the test gives up' }),
    );
    // The runner hung the ringing call up and waited for it to end before closing.
    expect(emulator.frames().some(({ frame }) => frame.action === 'endcall')).toBe(true);
    expect(emulator.calls()).toEqual([]);
    expect(result.records.at(-1)).toMatchObject({ type: 'error' });
  });

  it('exits 0 when main resolves, and prints nothing after its last record', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    const result = await run([], emulatorEnv(emulator), async (context) => {
      const sessionId = await context.connect();
      context.emit({ type: 'summary', sessionId, ok: true });
    });
    expect(result.code).toBe(0);
    expect(result.records.map((record) => record.type)).toEqual([
      'state',
      'state',
      'state',
      'summary',
    ]);
    expect(JSON.stringify(result.records)).not.toContain(emulator.token);
  });

  it('never prints the RTC token, in records or in messages', async () => {
    await using emulator = await startEmulator({ timing: 'fast' });
    const rtcToken = '007eJxTYenvRtcTokenSecret';
    const result = await run(
      [],
      { ...emulatorEnv(emulator), RTC_TOKEN: rtcToken },
      async (context) => {
        expect(context.config.rtcToken).toBe(rtcToken);
        context.emit({ type: 'note', text: `dialling with ${rtcToken}` });
        context.log(`dialling with ${rtcToken}`);
        throw new ExampleError('step-failed', `the CM refused ${rtcToken}`);
      },
    );
    expect(result.code).toBe(1);
    expect(result.records).toContainEqual(
      expect.objectContaining({ type: 'note', text: 'dialling with [redacted]' }),
    );
    expect(result.stderr).toContain('dialling with [redacted]');
    expect(JSON.stringify(result.records)).not.toContain(rtcToken);
    expect(result.stderr).not.toContain(rtcToken);
  });
});
